// References in the document: which names it declares, which names its
// expressions use (`${hcloud_server.web-1.id}`, `depends_on`, `provider`),
// and whether each used name is declared.
import { closest } from "../../language/diagnostics/suggest.js";
import { isObject, type Json, type JsonObject } from "./json.js";
import { splitTemplate } from "./template.js";

export interface Declared {
  /** `hcloud_server.web-1` */
  resources: Set<string>;
  /** `data.aws_ami.ubuntu` */
  data: Set<string>;
  /** `module.install-web-1` */
  modules: Set<string>;
  /** `var.hcloud_token` */
  variables: Set<string>;
  /** `local.machines` */
  locals: Set<string>;
  /** `aws`, `aws.eu_central_1`: provider configurations (and providers Terraform configures by default). */
  providers: Set<string>;
}

function keys(v: Json | undefined): string[] {
  return isObject(v) ? Object.keys(v) : [];
}

export function declaredIn(doc: JsonObject): Declared {
  const d: Declared = { resources: new Set(), data: new Set(), modules: new Set(), variables: new Set(), locals: new Set(), providers: new Set() };
  const resource = doc.resource;
  for (const type of keys(resource)) for (const name of keys((resource as JsonObject)[type])) d.resources.add(`${type}.${name}`);
  const data = doc.data;
  for (const type of keys(data)) for (const name of keys((data as JsonObject)[type])) d.data.add(`data.${type}.${name}`);
  for (const name of keys(doc.module)) d.modules.add(`module.${name}`);
  for (const name of keys(doc.variable)) d.variables.add(`var.${name}`);
  for (const block of Array.isArray(doc.locals) ? doc.locals : [doc.locals ?? null]) for (const name of keys(block)) d.locals.add(`local.${name}`);
  const providers = doc.provider;
  for (const name of keys(providers)) {
    for (const config of [(providers as JsonObject)[name]!].flat()) {
      if (isObject(config) && typeof config.alias === "string") d.providers.add(`${name}.${config.alias}`);
      else d.providers.add(name);
    }
  }
  return d;
}

const KEYWORDS = new Set(["true", "false", "null", "for", "in", "if", "else", "endif", "endfor"]);
const ident = /[A-Za-z_][A-Za-z0-9_-]*/y;

/**
 * The traversals an expression reads, each as its parts: `hcloud_server.web-1.ipv4_address`
 * → ["hcloud_server", "web-1", "ipv4_address"]. Function names, object keys, `for` variables
 * and the contents of strings other than their interpolations are not references.
 */
export function referencesInExpression(expr: string): string[][] {
  const out: string[][] = [];
  const bound = new Set<string>();
  let i = 0;
  let prev = "";
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '"') {
      // A string: only its interpolations hold references.
      let j = i + 1;
      let body = "";
      while (j < expr.length && expr[j] !== '"') {
        if (expr[j] === "\\") {
          body += expr.slice(j, j + 2);
          j += 2;
          continue;
        }
        if (expr.startsWith("${", j) || expr.startsWith("%{", j)) {
          const segs = splitTemplate(expr.slice(j));
          const first = segs[0];
          if (first && first.kind !== "text") {
            body += first.source;
            j += first.source.length;
            continue;
          }
        }
        body += expr[j];
        j++;
      }
      for (const s of splitTemplate(body)) if (s.kind === "interp") out.push(...referencesInExpression(s.expr));
      i = j + 1;
      prev = '"';
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
      m.lastIndex = i;
      m.exec(expr);
      i = m.lastIndex;
      prev = "0";
      continue;
    }
    ident.lastIndex = i;
    const m = ident.exec(expr);
    if (m && prev !== ".") {
      const name = m[0];
      let j = ident.lastIndex;
      const parts = [name];
      // Attribute and index steps.
      for (;;) {
        if (expr[j] === ".") {
          ident.lastIndex = j + 1;
          const a = ident.exec(expr);
          if (a) {
            parts.push(a[0]);
            j = ident.lastIndex;
            continue;
          }
          const n = /[0-9]+/y;
          n.lastIndex = j + 1;
          const num = n.exec(expr);
          if (num) {
            parts.push(num[0]);
            j = n.lastIndex;
            continue;
          }
          break;
        }
        const idx = /\[\s*([0-9]+)\s*\]/y;
        idx.lastIndex = j;
        const im = idx.exec(expr);
        if (im) {
          parts.push(im[1]!);
          j = idx.lastIndex;
          continue;
        }
        break;
      }
      const rest = expr.slice(j).trimStart();
      const isCall = rest.startsWith("(") || rest.startsWith("::");
      const isKey = (rest.startsWith("=") && !rest.startsWith("==")) || (prev === "{" || prev === ",") && rest.startsWith(":");
      if (name === "for") {
        // `for k, v in …`: k and v are local to the expression.
        const vars = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*(,\s*([A-Za-z_][A-Za-z0-9_]*))?\s+in\b/y;
        vars.lastIndex = j;
        const vm = vars.exec(expr);
        if (vm) {
          bound.add(vm[1]!);
          if (vm[3]) bound.add(vm[3]);
          j = vars.lastIndex;
        }
      } else if (!KEYWORDS.has(name) && !isCall && !isKey && !bound.has(name)) out.push(parts);
      i = j;
      prev = "a";
      continue;
    }
    if (!/\s/.test(c)) prev = c;
    i++;
  }
  return out;
}

export type Kind = "resource" | "data source" | "module" | "variable" | "local value" | "path" | "provider";

export interface Unresolved {
  /** The referenced object, such as `hcloud_network.private` or `var.token`. */
  name: string;
  kind: Kind;
  /** The declared names of the same kind, sorted. */
  declared: string[];
  suggestion?: string | undefined;
}

/** Whether a traversal names something declared; what is missing otherwise. */
export function resolve(parts: string[], d: Declared): Unresolved | undefined {
  const [root, a, b] = parts;
  const check = (name: string, set: Set<string>, kind: Kind): Unresolved | undefined => {
    if (set.has(name)) return undefined;
    const declared = [...set].sort();
    return { name, kind, declared, suggestion: closest(name, declared) };
  };
  switch (root) {
    case "var":
      return check(`var.${a ?? ""}`, d.variables, "variable");
    case "local":
      return check(`local.${a ?? ""}`, d.locals, "local value");
    case "module":
      return check(`module.${a ?? ""}`, d.modules, "module");
    case "data":
      return check(`data.${a ?? ""}.${b ?? ""}`, d.data, "data source");
    case "path":
      return ["module", "root", "cwd"].includes(a ?? "") ? undefined : { name: parts.slice(0, 2).join("."), kind: "path", declared: ["path.cwd", "path.module", "path.root"], suggestion: closest(parts.slice(0, 2).join("."), ["path.cwd", "path.module", "path.root"]) };
    case "terraform":
    case "count":
    case "each":
    case "self":
      return undefined;
    default:
      return check(`${root}.${a ?? ""}`, d.resources, "resource");
  }
}

/** Whether `aws.eu_central_1` (a resource's `provider`) names a provider configuration. */
export function resolveProvider(ref: string, d: Declared): Unresolved | undefined {
  if (d.providers.has(ref) || !ref.includes(".")) return undefined;
  const declared = [...d.providers].sort();
  return { name: ref, kind: "provider", declared, suggestion: closest(ref, declared.filter((p) => p.includes("."))) };
}

export interface FoundReference {
  /** Where it is written, as document keys. */
  path: (string | number)[];
  parts: string[];
  /** `expr`: inside `${ }`; `provider`: a `provider` meta-argument. */
  how: "expr" | "depends_on" | "provider";
}

/** Every reference in the document: interpolations, `depends_on` entries and `provider` meta-arguments. */
export function referencesIn(doc: JsonObject): FoundReference[] {
  const out: FoundReference[] = [];
  const walk = (v: Json, path: (string | number)[], inBlock: boolean) => {
    if (typeof v === "string") {
      for (const s of splitTemplate(v)) if (s.kind === "interp") for (const parts of referencesInExpression(s.expr)) out.push({ path, parts, how: "expr" });
      return;
    }
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, [...path, i], false));
    if (!isObject(v)) return;
    for (const [k, x] of Object.entries(v)) {
      if (inBlock && k === "depends_on" && Array.isArray(x)) {
        x.forEach((e, i) => {
          if (typeof e === "string") for (const parts of referencesInExpression(e.replace(/^\$\{(.*)\}$/s, "$1"))) out.push({ path: [...path, k, i], parts, how: "depends_on" });
        });
      } else if (inBlock && k === "provider" && typeof x === "string") {
        out.push({ path: [...path, k], parts: x.replace(/^\$\{(.*)\}$/s, "$1").split("."), how: "provider" });
      } else if (inBlock && k === "lifecycle") {
        // ignore_changes names the block's own attributes; conditions are expressions.
        if (isObject(x)) for (const [lk, lv] of Object.entries(x)) if (lk !== "ignore_changes") walk(lv, [...path, k, lk], false);
      } else walk(x, [...path, k], false);
    }
  };
  for (const [key, v] of Object.entries(doc)) {
    if (key === "//") continue;
    if ((key === "resource" || key === "data") && isObject(v)) {
      for (const [type, byName] of Object.entries(v)) {
        if (!isObject(byName)) continue;
        for (const [name, body] of Object.entries(byName)) walk(body, [key, type, name], true);
      }
    } else if ((key === "module" || key === "output") && isObject(v)) {
      for (const [name, body] of Object.entries(v)) walk(body, [key, name], true);
    } else if (key === "provider" && isObject(v)) {
      walk(v, [key], false);
    } else walk(v, [key], false);
  }
  return out;
}
