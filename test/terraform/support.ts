// Shared by the Terraform backend's tests: the examples' models, `terraform
// fmt`, hcl2json's view of HCL made comparable with the JSON document, and
// a reference check built on hcl2json's own expression parser.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { getReferencesInExpression } from "@cdktf/hcl2json";
import type { SystemModel } from "../../language/eval/model.js";
import { analyzeFolder } from "../../language/workspace/workspace.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
const isObj = (v: Json | undefined): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const EXAMPLES = ["shop", "homelab", "fleet50"] as const;

const models = new Map<string, SystemModel>();
export function exampleModel(name: string): SystemModel {
  let m = models.get(name);
  if (!m) {
    const a = analyzeFolder(path.join(REPO, "examples", name));
    if (a.hasErrors) throw new Error(`examples/${name} has errors: ${a.diagnostics.map((d) => d.message).join("; ")}`);
    m = a.model;
    models.set(name, m);
  }
  return m;
}

let terraformChecked: boolean | undefined;
/** `terraform fmt -check -` on a text; undefined when terraform is not installed. */
export function terraformFmtCheck(text: string): { ok: boolean; output: string } | undefined {
  if (terraformChecked === undefined) terraformChecked = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;
  if (!terraformChecked) return undefined;
  const r = spawnSync("terraform", ["fmt", "-check", "-diff", "-"], { input: text, encoding: "utf8", env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" } });
  return { ok: r.status === 0, output: (r.stdout ?? "") + (r.stderr ?? "") };
}

const unwrap = (s: Json) => (typeof s === "string" ? s.replace(/^\$\{(.*)\}$/s, "$1") : s);

/**
 * hcl2json's parse of the HCL, brought to the JSON document's shape: blocks
 * come back as lists (of one, where the JSON has an object), bare references
 * in meta-arguments (`provider`, `providers`, `depends_on`, `ignore_changes`)
 * and a variable's `type` as `${…}`, and comments are dropped (the JSON's
 * `"//"`). hcl2json also re-prints interpolations (`${ x }` as `${x}`):
 * Herd writes none with spaces.
 */
export function normaliseHcl(hcl: Json, like: Json, key = ""): Json {
  if (["provider", "type"].includes(key) && typeof hcl === "string" && typeof like === "string") return unwrap(hcl);
  if (["depends_on", "ignore_changes"].includes(key) && Array.isArray(hcl)) return hcl.map(unwrap);
  if (key === "ignore_changes" && typeof hcl === "string") return unwrap(hcl);
  if (key === "providers" && isObj(hcl) && isObj(like)) return Object.fromEntries(Object.entries(hcl).map(([k, v]) => [k, unwrap(v)]));
  if (Array.isArray(hcl) && hcl.length === 1 && isObj(like)) return normaliseHcl(hcl[0]!, like, key);
  if (Array.isArray(hcl) && Array.isArray(like)) return hcl.map((x, i) => normaliseHcl(x, like[i] ?? null, key));
  if (isObj(hcl)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(hcl)) out[k] = normaliseHcl(v, isObj(like) ? (like[k] ?? null) : null, k);
    return out;
  }
  return hcl;
}

/** The JSON document without its `"//"` comments, keys sorted, for comparison. */
export function comparable(v: Json): Json {
  if (Array.isArray(v)) return v.map(comparable);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v).sort()) if (k !== "//") out[k] = comparable(v[k]!);
  return out;
}

/** What the document declares, as the names references start with. */
function declared(doc: Obj): Set<string> {
  const names = new Set<string>(["path.module", "path.root", "path.cwd"]);
  const keysOf = (v: Json | undefined) => (isObj(v) ? Object.keys(v) : []);
  for (const t of keysOf(doc.resource)) for (const n of keysOf((doc.resource as Obj)[t])) names.add(`${t}.${n}`);
  for (const t of keysOf(doc.data)) for (const n of keysOf((doc.data as Obj)[t])) names.add(`data.${t}.${n}`);
  for (const n of keysOf(doc.module)) names.add(`module.${n}`);
  for (const n of keysOf(doc.variable)) names.add(`var.${n}`);
  for (const n of keysOf(doc.locals)) names.add(`local.${n}`);
  for (const p of keysOf(doc.provider)) {
    for (const c of [(doc.provider as Obj)[p]!].flat()) names.add(isObj(c) && typeof c.alias === "string" ? `${p}.${c.alias}` : p);
  }
  return names;
}

/** The object a reference names: `hcloud_server.web-1.id` → `hcloud_server.web-1`. */
function subject(ref: string): string {
  const parts = ref.split(".");
  const n = parts[0] === "data" ? 3 : 2;
  return parts.slice(0, n).join(".");
}

/** Every reference in the document that names nothing it declares, as `where: reference`. */
export async function undeclaredReferences(doc: Obj): Promise<string[]> {
  const names = declared(doc);
  const bad: string[] = [];
  const check = (where: string, ref: string) => {
    if (!names.has(subject(ref))) bad.push(`${where}: ${ref}`);
  };
  // `provider` and `depends_on` are meta-arguments only directly in a block's body.
  const meta = (where: string) => /^(resource|data)\.[^.]+\.[^.]+\.[a-z_]+$|^(module|output)\.[^.]+\.[a-z_]+$/.test(where);
  const walk = async (v: Json, where: string, key: string): Promise<void> => {
    if (typeof v === "string") {
      if (key === "provider" && meta(where)) return check(where, v);
      const interps = v.match(/(?<!\$)\$\{[^}]*\}/g) ?? [];
      for (const i of interps) for (const r of await getReferencesInExpression("main.tf", `"${i}"`)) check(where, r.value);
      return;
    }
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) {
        if (key === "depends_on" && meta(where) && typeof x === "string") check(`${where}[${i}]`, x);
        else if (!(key === "ignore_changes" && /\.lifecycle\.ignore_changes$/.test(where))) await walk(x, `${where}[${i}]`, key);
      }
      return;
    }
    if (isObj(v)) for (const [k, x] of Object.entries(v)) if (k !== "//") await walk(x, where ? `${where}.${k}` : k, k);
  };
  await walk(doc, "", "");
  return bad;
}

/** How many references the document has in `${…}` (to know the check looked at something). */
export function interpolationCount(text: string): number {
  return (text.match(/(?<!\$)\$\{/g) ?? []).length;
}
