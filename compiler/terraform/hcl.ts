// The Terraform document in HCL, Terraform's native syntax, printed from the
// same JSON structure: blocks where Terraform wants blocks (its own block
// types, meta-arguments such as `lifecycle`, and the providers' nested
// blocks listed below), attributes everywhere else, written the way
// `terraform fmt` writes them (two-space indentation, `=` aligned across
// consecutive one-line attributes, `"${x}"` as plain `x`).
import { isObject, sortedKeys, type Json, type JsonObject } from "./json.js";
import { interpolationOnly, splitTemplate } from "./template.js";

interface BodyRules {
  /** Nested blocks without labels: key → the rules of their bodies. */
  blocks?: Record<string, () => BodyRules>;
  /** Nested blocks with one label: `key = { label = body }` → `key "label" { body }`. */
  labelled?: Record<string, () => BodyRules>;
  /** Attributes whose string is an expression written bare (`provider = aws.west`). */
  raw?: readonly string[];
  /** Attributes holding a list of expressions written bare (`depends_on`). */
  rawList?: readonly string[];
  /** Attributes holding an object of expressions written bare (a module's `providers`). */
  rawMap?: readonly string[];
  /** Whether the providers' nested block types (below) are blocks here. */
  providerBlocks?: boolean;
}

/**
 * Nested block types of the Hetzner and AWS providers (and a few common
 * others). In JSON an object is either; in HCL a provider rejects an
 * attribute where its schema has a block, so these are printed as blocks.
 */
export const PROVIDER_BLOCK_TYPES: ReadonlySet<string> = new Set([
  // hcloud
  "public_net", "network", "rule", "apply_to", "algorithm", "http", "health_check", "target", "subnet",
  // aws
  "root_block_device", "ebs_block_device", "ephemeral_block_device", "network_interface", "metadata_options",
  "credit_specification", "cpu_options", "launch_template", "instance_market_options", "maintenance_options",
  "private_dns_name_options", "capacity_reservation_specification", "enclave_options", "filter", "ingress", "egress",
  // common
  "timeouts",
]);

const condition = (): BodyRules => ({});
const lifecycle = (): BodyRules => ({ rawList: ["ignore_changes", "replace_triggered_by"], blocks: { precondition: condition, postcondition: condition } });
const connection = (): BodyRules => ({});
const nested = (): BodyRules => ({ providerBlocks: true, labelled: { dynamic } });
const dynamic = (): BodyRules => ({ blocks: { content: nested } });
const provisioner = (): BodyRules => ({ blocks: { connection } });
const resource = (): BodyRules => ({
  raw: ["provider"],
  rawList: ["depends_on"],
  blocks: { lifecycle, connection },
  labelled: { dynamic, provisioner },
  providerBlocks: true,
});
const moduleRules = (): BodyRules => ({ rawList: ["depends_on"], rawMap: ["providers"] });
const variable = (): BodyRules => ({ raw: ["type"], blocks: { validation: condition } });
const output = (): BodyRules => ({ rawList: ["depends_on"], blocks: { precondition: condition } });
const requiredProviders = (): BodyRules => ({});
const terraform = (): BodyRules => ({
  blocks: { required_providers: requiredProviders, cloud: () => ({ blocks: { workspaces: condition } }) },
  labelled: { backend: condition, provider_meta: condition },
});
const genericProvider = (): BodyRules => ({ providerBlocks: true, blocks: { assume_role: condition, default_tags: condition, endpoints: condition } });
const moved = (): BodyRules => ({ raw: ["from", "to"] });

/** A line of output; `lead` and `value` set for a one-line attribute, whose `=` is aligned. */
interface Line {
  indent: number;
  text?: string;
  lead?: string;
  value?: string;
}

const keywords = new Set(["true", "false", "null", "for", "in", "if", "endif", "endfor", "else"]);
const identifier = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A literal text segment in HCL's quoted-string escapes. */
function escapeText(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += ch;
  }
  return out;
}

/** A JSON string (a template) as an HCL quoted template. */
export function quoteTemplate(src: string): string {
  return '"' + splitTemplate(src).map((s) => (s.kind === "text" ? escapeText(s.source) : s.source)).join("") + '"';
}

/** A string as an HCL expression: `"${x}"` is written `x`, as `terraform fmt` would. */
export function stringExpr(src: string): string {
  return interpolationOnly(src) ?? quoteTemplate(src);
}

function rawExpr(v: Json): string {
  if (typeof v === "string") return interpolationOnly(v) ?? v;
  return scalar(v) ?? "null";
}

function scalar(v: Json): string | undefined {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return JSON.stringify(v);
  if (typeof v === "string") return stringExpr(v);
  return undefined;
}

/** An object key (a template in JSON, so `$${` is already escaped). */
function objectKey(k: string): string {
  return identifier.test(k) && !keywords.has(k) ? k : quoteTemplate(k);
}

class Printer {
  readonly lines: Line[] = [];

  /** A blank line, unless at the start of the file or of a block. */
  blank(): void {
    const last = this.lines[this.lines.length - 1];
    if (last && last.text !== "" && !(last.text?.endsWith("{") ?? false)) this.lines.push({ indent: 0, text: "" });
  }

  /** `name = value`, over several lines when the value needs them. */
  attribute(indent: number, name: string, v: Json, raw: "no" | "expr" | "list" | "map" = "no"): void {
    const lead = "  ".repeat(indent) + name;
    // `ignore_changes = all` is a keyword where a list usually is.
    if (raw === "expr" || (raw === "list" && typeof v === "string")) return void this.lines.push({ indent, lead, value: rawExpr(v) });
    if (raw === "list" && Array.isArray(v)) return void this.lines.push({ indent, lead, value: `[${v.map(rawExpr).join(", ")}]` });
    if (raw === "map" && isObject(v)) {
      const keys = sortedKeys(v);
      if (keys.length === 0) return void this.lines.push({ indent, lead, value: "{}" });
      this.lines.push({ indent, text: `${lead} = {` });
      for (const k of keys) this.lines.push({ indent: indent + 1, lead: "  ".repeat(indent + 1) + objectKey(k), value: rawExpr(v[k]!) });
      this.lines.push({ indent, text: "  ".repeat(indent) + "}" });
      return;
    }
    this.value(indent, `${lead} = `, v, "", true);
  }

  /** A value starting on a line that begins with `head` and ending with `tail` (`,` in lists). */
  private value(indent: number, head: string, v: Json, tail: string, isAttribute: boolean): void {
    const pad = "  ".repeat(indent);
    const one = scalar(v);
    const inlineList = Array.isArray(v) && v.every((x) => scalar(x) !== undefined) ? `[${v.map((x) => scalar(x)!).join(", ")}]` : undefined;
    const emptyObject = isObject(v) && Object.keys(v).length === 0 ? "{}" : undefined;
    const inline = one ?? inlineList ?? emptyObject;
    if (inline !== undefined) {
      if (isAttribute) this.lines.push({ indent, lead: head.slice(0, -3), value: inline + tail });
      else this.lines.push({ indent, text: head + inline + tail });
      return;
    }
    if (Array.isArray(v)) {
      this.lines.push({ indent, text: `${head}[` });
      for (const item of v) this.value(indent + 1, "  ".repeat(indent + 1), item, ",", false);
      this.lines.push({ indent, text: `${pad}]${tail}` });
      return;
    }
    const o = v as JsonObject;
    this.lines.push({ indent, text: `${head}{` });
    for (const k of sortedKeys(o)) this.value(indent + 1, "  ".repeat(indent + 1) + objectKey(k) + " = ", o[k]!, "", true);
    this.lines.push({ indent, text: `${pad}}${tail}` });
  }

  /** `type "label" … { body }`. */
  block(indent: number, header: string, body: JsonObject, rules: BodyRules): void {
    const pad = "  ".repeat(indent);
    const keys = sortedKeys(body).filter((k) => k !== "//");
    if (keys.length === 0) {
      this.lines.push({ indent, text: `${pad}${header} {}` });
      return;
    }
    this.lines.push({ indent, text: `${pad}${header} {` });
    this.body(indent + 1, body, rules);
    this.lines.push({ indent, text: `${pad}}` });
  }

  /** A block body: meta-arguments first, then attributes, then nested blocks, `depends_on` and `lifecycle` last. */
  body(indent: number, body: JsonObject, rules: BodyRules): void {
    const keys = sortedKeys(body).filter((k) => k !== "//");
    const isBlock = (k: string) => {
      const v = body[k]!;
      if (rules.labelled?.[k]) return isObject(v) || Array.isArray(v);
      const blockLike = isObject(v) || (Array.isArray(v) && v.length > 0 && v.every(isObject));
      return blockLike && (rules.blocks?.[k] !== undefined || (rules.providerBlocks === true && PROVIDER_BLOCK_TYPES.has(k)));
    };
    const meta = ["count", "for_each", "provider"];
    const first = keys.filter((k) => meta.includes(k) && !isBlock(k));
    const attrs = keys.filter((k) => !meta.includes(k) && k !== "depends_on" && !isBlock(k));
    const blocks = keys.filter((k) => isBlock(k) && k !== "lifecycle");
    const last = keys.filter((k) => k === "depends_on" || (k === "lifecycle" && isBlock(k)));
    const printAttr = (k: string) =>
      this.attribute(indent, k, body[k]!, rules.raw?.includes(k) ? "expr" : rules.rawList?.includes(k) ? "list" : rules.rawMap?.includes(k) ? "map" : "no");
    for (const k of first) printAttr(k);
    if (first.length > 0 && attrs.length > 0) this.blank();
    for (const k of attrs) printAttr(k);
    for (const k of [...blocks, ...last]) {
      if (k === "depends_on") {
        this.blank();
        printAttr(k);
        continue;
      }
      const v = body[k]!;
      const labelled = rules.labelled?.[k];
      if (labelled) {
        // `provisioner` is a list of { type = body } to keep its order; `dynamic`, `backend` an object.
        const entries = (Array.isArray(v) ? v : [v]).filter(isObject).flatMap((o) => sortedKeys(o).map((label) => [label, o[label]!] as const));
        for (const [label, inner] of entries) {
          for (const b of Array.isArray(inner) ? inner : [inner]) {
            if (!isObject(b)) continue;
            this.blank();
            this.block(indent, `${k} ${quoteTemplate(label)}`, b, labelled());
          }
        }
        continue;
      }
      const inner = rules.blocks?.[k] ?? nested;
      for (const b of Array.isArray(v) ? v : [v]) {
        this.blank();
        this.block(indent, k, b as JsonObject, inner());
      }
    }
  }

  /** The text, with `=` aligned across runs of consecutive one-line attributes. */
  text(): string {
    const out: string[] = [];
    let i = 0;
    while (i < this.lines.length) {
      const line = this.lines[i]!;
      if (line.lead === undefined) {
        out.push(line.text!);
        i++;
        continue;
      }
      let j = i;
      let width = 0;
      while (j < this.lines.length && this.lines[j]!.lead !== undefined) {
        width = Math.max(width, [...this.lines[j]!.lead!].length);
        j++;
      }
      for (let k = i; k < j; k++) {
        const l = this.lines[k]!;
        out.push(l.lead! + " ".repeat(width - [...l.lead!].length) + " = " + l.value!);
      }
      i = j;
    }
    return out.join("\n") + "\n";
  }
}

function each(v: Json): JsonObject[] {
  return (Array.isArray(v) ? v : [v]).filter(isObject);
}

/** The document as HCL; its `"//"` comment becomes a `#` comment at the top. */
export function printHcl(doc: JsonObject): string {
  const p = new Printer();
  const comment = doc["//"];
  if (typeof comment === "string") for (const l of comment.split("\n")) p.lines.push({ indent: 0, text: `# ${l}`.trimEnd() });
  for (const key of sortedKeys(doc, true)) {
    if (key === "//") continue;
    const v = doc[key]!;
    const named = (kind: string, rules: () => BodyRules) => {
      if (!isObject(v)) return;
      for (const name of sortedKeys(v)) for (const b of each(v[name]!)) {
        p.blank();
        p.block(0, `${kind} ${quoteTemplate(name)}`, b, rules());
      }
    };
    switch (key) {
      case "terraform":
        for (const b of each(v)) {
          p.blank();
          p.block(0, "terraform", b, terraform());
        }
        break;
      case "locals":
        for (const b of each(v)) {
          p.blank();
          p.block(0, "locals", b, {});
        }
        break;
      case "variable":
        named("variable", variable);
        break;
      case "output":
        named("output", output);
        break;
      case "module":
        named("module", moduleRules);
        break;
      case "provider":
        named("provider", genericProvider);
        break;
      case "check":
        named("check", () => ({ blocks: { assert: condition }, labelled: {} }));
        break;
      case "resource":
      case "data":
        if (!isObject(v)) break;
        for (const type of sortedKeys(v)) {
          const byName = v[type]!;
          if (!isObject(byName)) continue;
          for (const name of sortedKeys(byName)) for (const b of each(byName[name]!)) {
            p.blank();
            p.block(0, `${key} ${quoteTemplate(type)} ${quoteTemplate(name)}`, b, resource());
          }
        }
        break;
      default:
        // `moved`, `import`, `removed`: blocks without labels whose `from`/`to` are references.
        for (const b of each(v)) {
          p.blank();
          p.block(0, key, b, moved());
        }
    }
  }
  return p.text();
}
