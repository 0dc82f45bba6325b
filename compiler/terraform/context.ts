// What every part of the Terraform backend shares while one document is
// built: the document, who declared each block (for collisions), the
// providers in use and the diagnostics.
import { diagnostic, hint, type Diagnostic, type RelatedInfo } from "../../language/diagnostics/diagnostic.js";
import type { MachineModel, SourceRef, SystemModel } from "../../language/eval/model.js";
import { isObject, objectAt, type Json, type JsonObject } from "./json.js";
import type { TerraformOptions } from "./index.js";
import type { ProviderName } from "./versions.js";

/** Why Herd declared a block: shown when a `terraform` block declares it again. */
export interface Owner {
  what: string;
  source?: SourceRef | undefined;
}

export type TerraformCode = "H0701" | "H0702" | "H0703" | "H0704";

export class Emitter {
  readonly doc: JsonObject = {};
  /** `resource.hcloud_server.web-1`, `variable.hcloud_token`, … → who declared it. */
  readonly owners = new Map<string, Owner>();
  readonly providers = new Set<ProviderName>();
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly model: SystemModel,
    readonly opts: TerraformOptions,
  ) {}

  /** Declares a named block (`resource`, type, name / `variable`, name / …). */
  declare(path: string[], body: JsonObject, owner: Owner): void {
    const parent = objectAt(this.doc, ...path.slice(0, -1));
    parent[path[path.length - 1]!] = body;
    this.owners.set(path.join("."), owner);
  }

  /** Adds a provider configuration (each provider holds a list of them). */
  provider(name: string, config: JsonObject, owner: Owner): void {
    const providers = objectAt(this.doc, "provider");
    const list = providers[name];
    if (Array.isArray(list)) list.push(config);
    else providers[name] = [config];
    const alias = typeof config.alias === "string" ? config.alias : "";
    this.owners.set(`provider.${name}${alias ? "." + alias : ""}`, owner);
  }

  /** Where a diagnostic about the `terraform` blocks goes: the first block, the others related. */
  terraformSite(): { source?: SourceRef | undefined; related: RelatedInfo[] } {
    const sources = this.model.terraform?.sources ?? [];
    return {
      source: sources[0],
      related: sources.slice(1).map((s) => ({ file: s.file, span: { start: s.start, end: s.end }, message: "another `terraform` block" })),
    };
  }

  report(code: TerraformCode, at: SourceRef | undefined, message: string, init: { help?: string; related?: RelatedInfo[] } = {}): void {
    const site = at ?? this.fallbackSite();
    this.diagnostics.push(
      diagnostic(code, site?.file ?? "", site ? { start: site.start, end: site.end } : { start: 0, end: 0 }, message, {
        ...(init.help ? { fix: hint(init.help) } : {}),
        ...(init.related ? { related: init.related } : {}),
      }),
    );
  }

  private fallbackSite(): SourceRef | undefined {
    return this.model.terraform?.sources[0] ?? this.model.baseSource ?? this.model.machines[0]?.source;
  }
}

export function provisioned(model: SystemModel): MachineModel[] {
  return model.machines.filter((m) => m.kind === "provisioned");
}

export function machineOwner(m: MachineModel, role: string): Owner {
  return { what: `${role} of machine \`${m.name}\`${m.pool ? ` (pool \`${m.pool}\`)` : ""}`, source: m.source };
}

/** Where a key sits in the document, for messages: `resource.hcloud_server.web-1.labels`. */
export function showPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += (out === "" ? "" : ".") + p;
  }
  return out;
}

export function jsonField(o: Json | undefined, key: string): Json | undefined {
  return isObject(o) ? o[key] : undefined;
}
