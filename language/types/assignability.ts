// Whether a value of one type may flow where another is expected, and if
// not, why, in words a person can act on. Refinements (ranges, patterns) and
// literal sets are not decided here: values are checked against them when
// evaluated, where the actual value is known.
import { suggestedUnit } from "../syntax/units.js";
import { typeToString, widen, type Type } from "./types.js";

export type Assignability = { ok: true } | { ok: false; reason: string; possiblyNone?: boolean; unitHint?: string };

const OK: Assignability = { ok: true };

function no(reason: string, extra: Partial<Extract<Assignability, { ok: false }>> = {}): Assignability {
  return { ok: false, reason, ...extra };
}

export function mismatch(src: Type, dst: Type): string {
  return `expected ${typeToString(dst)}, found ${typeToString(src)}`;
}

const unitNames = new Set(["bytes", "cpu", "duration"]);

/** Does `t` contain a Secret anywhere (so it must not reach the Nix store)? */
export function containsSecret(t: Type, seen = new Set<Type>()): boolean {
  if (seen.has(t)) return false;
  seen.add(t);
  switch (t.k) {
    case "secret":
      return true;
    case "list":
      return containsSecret(t.elem, seen);
    case "map":
      return containsSecret(t.value, seen);
    case "optional":
      return containsSecret(t.inner, seen);
    case "union":
      return t.members.some((m) => containsSecret(m, seen));
    case "record":
      return [...t.fields.values()].some((f) => containsSecret(f.type, seen));
    default:
      return false;
  }
}

export function assignable(src: Type, dst: Type): Assignability {
  if (src.k === "error" || dst.k === "error") return OK;
  if (src === dst) return OK;

  if (dst.k === "optional") {
    if (src.k === "none") return OK;
    const inner = src.k === "optional" ? src.inner : src;
    return assignable(inner, dst.inner);
  }
  if (src.k === "none") return no(`${mismatch(src, dst)}: a ${typeToString(dst)} is required here; to allow none, make the type optional (\`${typeToString(dst)}?\`)`, { possiblyNone: true });
  if (src.k === "optional") {
    const inner = assignable(src.inner, dst);
    return inner.ok ? no(`this value may be none, but ${typeToString(dst)} is required: give a fallback with \`?? …\``, { possiblyNone: true }) : inner;
  }
  if (src.k === "union") {
    for (const m of src.members) {
      const r = assignable(m, dst);
      if (!r.ok) return no(mismatch(src, dst));
    }
    return OK;
  }
  if (dst.k === "union") {
    for (const m of dst.members) if (assignable(src, m).ok) return OK;
    return no(mismatch(src, dst));
  }
  if (dst.k === "literal") {
    const base = widen(dst);
    return widen(src).k === base.k ? OK : no(mismatch(src, dst));
  }
  const s = widen(src);
  switch (dst.k) {
    case "int":
      return s.k === "int" ? OK : no(mismatch(src, dst));
    case "float":
      return s.k === "int" || s.k === "float" ? OK : no(mismatch(src, dst));
    case "cpu":
      return s.k === "cpu" || s.k === "int" || s.k === "float" ? OK : no(mismatch(src, dst));
    case "bytes":
    case "duration":
      if (s.k === dst.k) return OK;
      if (s.k === "int" || s.k === "float") {
        const unit = suggestedUnit[dst.k === "bytes" ? "Bytes" : "Duration"];
        return no(`${mismatch(src, dst)}: a number needs a unit here`, { unitHint: unit });
      }
      return no(mismatch(src, dst));
    case "string":
    case "bool":
    case "package":
    case "secret":
    case "nix":
    case "placement":
    case "machineRef":
      if (s.k === dst.k) return OK;
      if (dst.k === "string" && s.k === "secret") return no("a Secret cannot be used as a String: secrets never enter the Nix store; pass it to a field that accepts a Secret");
      return no(mismatch(src, dst));
    case "nixattrs":
      if (containsSecret(s)) return no("raw NixOS options cannot hold a Secret: the Nix store is world-readable");
      if (s.k === "record" || s.k === "map" || s.k === "nixattrs") return OK;
      return no(mismatch(src, dst));
    case "none":
      return no(mismatch(src, dst));
    case "list":
      if (s.k !== "list") return no(mismatch(src, dst));
      {
        const r = assignable(s.elem, dst.elem);
        return r.ok ? OK : no(`${mismatch(src, dst)}: ${r.reason}`);
      }
    case "map":
      if (s.k === "map") {
        const r = assignable(s.value, dst.value);
        return r.ok ? OK : no(`${mismatch(src, dst)}: ${r.reason}`);
      }
      if (s.k === "record") {
        for (const [name, f] of s.fields) {
          const r = assignable(f.type, dst.value);
          if (!r.ok) return no(`entry \`${name}\`: ${r.reason}`);
        }
        return OK;
      }
      return no(mismatch(src, dst));
    case "record": {
      if (s.k !== "record") return no(mismatch(src, dst));
      for (const [name, f] of dst.fields) {
        const sf = s.fields.get(name);
        if (!sf) {
          if (f.default || f.type.k === "optional" || f.type.k === "none") continue;
          return no(`${mismatch(src, dst)}: field \`${name}\` is missing`);
        }
        const r = assignable(sf.type, f.type);
        if (!r.ok) return no(`field \`${name}\`: ${r.reason}`);
      }
      for (const name of s.fields.keys()) {
        if (!dst.fields.has(name)) return no(`${mismatch(src, dst)}: it has no field \`${name}\``);
      }
      return OK;
    }
    case "service":
      return s.k === "service" ? OK : no(mismatch(src, dst));
    case "pool":
      return s.k === "pool" && s.pool === dst.pool ? OK : no(mismatch(src, dst));
    case "namespace":
    case "fn":
      return no(mismatch(src, dst));
  }
  void unitNames;
  return no(mismatch(src, dst));
}

/** The smallest type both fit, for `if` branches and list items. */
export function join(a: Type, b: Type): Type {
  if (a.k === "error") return b;
  if (b.k === "error") return a;
  if (a.k === "none" && b.k !== "none") return b.k === "optional" ? b : { k: "optional", inner: b };
  if (b.k === "none" && a.k !== "none") return a.k === "optional" ? a : { k: "optional", inner: a };
  if (assignable(b, a).ok) return a;
  if (assignable(a, b).ok) return b;
  const members: Type[] = [];
  for (const t of [a, b]) {
    if (t.k === "union" && !t.name) members.push(...t.members);
    else members.push(t);
  }
  return { k: "union", members };
}
