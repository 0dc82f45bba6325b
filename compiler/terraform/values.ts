// Herd values as Terraform JSON: records and maps become objects, amounts
// plain numbers in base units, strings templates. Template parts become
// interpolations: a machine's attribute its resource's attribute, `tf("…")`
// the expression itself. What Terraform cannot hold (placement results,
// package paths, secrets, Nix code) is reported, never written.
import type { SourceRef, SystemModel } from "../../language/eval/model.js";
import { showDeferred, type TemplatePart, type Value } from "../../language/eval/values.js";
import type { Json, JsonObject } from "./json.js";
import { attributeExpr } from "./machines.js";
import { escapeTemplateText, joinTemplate } from "./template.js";

export type Path = (string | number)[];

/** A `tf("…")` written in the value, for the reference check. */
export interface TfUse {
  expr: string;
  path: Path;
  /** Where it was written, when the model knows. */
  at?: SourceRef | undefined;
}

export interface ConvertProblem {
  code: "H0701" | "H0703";
  path: Path;
  message: string;
  help?: string;
  /** The setting at fault, when the model knows where it was written. */
  at?: SourceRef | undefined;
}

export interface Converter {
  model: SystemModel;
  problem(p: ConvertProblem): void;
  tfUses: TfUse[];
}

function templateString(parts: TemplatePart[], path: Path, cx: Converter, at: SourceRef | undefined): string | undefined {
  const out: ({ text: string } | { expr: string })[] = [];
  let ok = true;
  for (const p of parts) {
    if (typeof p === "string") out.push({ text: p });
    else if ("tf" in p) {
      cx.tfUses.push({ expr: p.tf, path, at });
      out.push({ expr: p.tf });
    } else if ("machine" in p) {
      const m = cx.model.machines.find((x) => x.name === p.machine);
      const expr = m ? attributeExpr(m, p.attr) : undefined;
      if (expr) out.push({ expr });
      else if (m?.kind === "existing" && p.attr === "ipv4" && m.address) out.push({ text: m.address });
      else {
        ok = false;
        cx.problem({
          code: "H0701",
          path,
          at,
          message: m
            ? `\`${p.machine}.${p.attr}\`: \`${p.machine}\` is an existing machine, which Terraform does not manage, so it has no \`${p.attr}\` there`
            : `\`${p.machine}.${p.attr}\`: there is no machine \`${p.machine}\``,
          ...(m?.address ? { help: `write its address, "${m.address}"` } : {}),
        });
      }
    } else if ("deferred" in p) {
      ok = false;
      cx.problem({
        code: "H0703",
        path,
        at,
        message: `\`${showDeferred(p.deferred)}\` is a placement result: it is written into the NixOS configurations, not into Terraform`,
        help: "name a machine's attribute directly, such as `web-1.ipv4`",
      });
    } else {
      ok = false;
      cx.problem({ code: "H0703", path, at, message: `\`pkgs.${p.pkg.join(".")}\` is a Nix package: only Nix knows its store path, Terraform cannot use it` });
    }
  }
  return ok ? joinTemplate(out) : undefined;
}

/** A value as Terraform JSON; problems are reported and give `null`. */
export function valueToJson(v: Value, path: Path, cx: Converter, within?: SourceRef): Json {
  // The innermost setting whose source is known: problems point there.
  const at = cx.model.origins?.get(v) ?? within;
  switch (v.t) {
    case "none":
    case "error":
      return null;
    case "bool":
      return v.v;
    case "int":
    case "float":
    case "bytes":
    case "cpu":
    case "duration":
      return v.v;
    case "string":
      return joinTemplate([{ text: v.v }]);
    case "template":
      return templateString(v.parts, path, cx, at) ?? null;
    case "list":
      return v.items.map((x, i) => valueToJson(x, [...path, i], cx, at));
    case "map":
    case "record": {
      const out: JsonObject = {};
      // Keys are templates too in Terraform JSON: a literal `${` in one is escaped.
      for (const [k, x] of v.t === "map" ? v.entries : v.fields) out[escapeTemplateText(k)] = valueToJson(x, [...path, k], cx, at);
      return out;
    }
    case "package":
      return templateString([{ pkg: v.path }], path, cx, at) ?? null;
    case "deferred":
      return templateString([{ deferred: v.ref }], path, cx, at) ?? null;
    case "secret":
      cx.problem({
        code: "H0703",
        path,
        at,
        message: `\`secret(${JSON.stringify(v.name)})\` would be stored in plain text in Terraform's state`,
        help: 'pass it as a sensitive variable: `variable.NAME { type = "string", sensitive = true }`, then `tf("var.NAME")`',
      });
      return null;
    case "nix":
      cx.problem({ code: "H0703", path, at, message: "raw Nix code has no meaning in Terraform" });
      return null;
    case "machine":
      cx.problem({ code: "H0703", path, at, message: `\`${v.name}\` is a machine, not a value Terraform knows`, help: `write one of its attributes: \`${v.name}.id\`, \`${v.name}.ipv4\` or \`${v.name}.ipv6\`` });
      return null;
    case "service":
      cx.problem({ code: "H0703", path, at, message: `\`${v.name}\` is a service, not a value Terraform knows` });
      return null;
    case "placement":
      cx.problem({ code: "H0703", path, at, message: "a `place { … }` block is not a value Terraform knows" });
      return null;
  }
}
