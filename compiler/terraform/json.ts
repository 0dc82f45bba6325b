// The Terraform document as plain JSON data, and its canonical text: keys in
// a fixed order at the top (terraform, variable, provider, data, resource,
// module, locals, output), sorted everywhere below (machine names in natural
// order: web-2 before web-10), two-space indentation, a final newline.
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** The top-level keys in the order a reader expects; others follow, sorted. */
export const TOP_LEVEL_ORDER = ["//", "terraform", "variable", "provider", "data", "resource", "module", "locals", "output"];

export function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Natural order: digit runs compare as numbers (`web-2` < `web-10`); ties by code units. */
export function naturalCompare(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = x.replace(/^0+/, "").length - y.replace(/^0+/, "").length;
      if (d !== 0) return d;
      const cx = x.replace(/^0+/, "");
      const cy = y.replace(/^0+/, "");
      if (cx !== cy) return cx < cy ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (ra.length !== rb.length) return ra.length - rb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Keys of an object in canonical order: `//` first, then natural order. */
export function sortedKeys(o: JsonObject, top = false): string[] {
  const keys = Object.keys(o);
  if (top) {
    const known = TOP_LEVEL_ORDER.filter((k) => k in o);
    const rest = keys.filter((k) => !TOP_LEVEL_ORDER.includes(k)).sort(naturalCompare);
    return [...known, ...rest];
  }
  return keys.sort((a, b) => (a === "//" ? -1 : b === "//" ? 1 : naturalCompare(a, b)));
}

/** A deep copy with every object's keys in canonical order. */
export function canonical(v: Json, top = false): Json {
  if (Array.isArray(v)) return v.map((x) => canonical(x));
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const k of sortedKeys(v, top)) out[k] = canonical(v[k]!);
  return out;
}

/** The document's text: canonical order, two spaces, final newline. */
export function printJson(doc: JsonObject): string {
  return JSON.stringify(canonical(doc, true), null, 2) + "\n";
}

/** `o[k1][k2]…`, creating objects on the way. */
export function objectAt(o: JsonObject, ...path: string[]): JsonObject {
  let cur = o;
  for (const k of path) {
    const next = cur[k];
    if (isObject(next)) cur = next;
    else {
      const fresh: JsonObject = {};
      cur[k] = fresh;
      cur = fresh;
    }
  }
  return cur;
}
