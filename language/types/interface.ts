// What importers see of a module: the types of its declarations, written out
// in full. When an edit leaves that text unchanged (a function's body, a
// string inside a template), what the importers' type check derived from the
// module is still right, so the workspace keeps it (workspace.ts).
//
// Types are plain data except for two kinds of syntax reference: a record
// field's default expression and the node that declares it. Those point into
// one parse of a file; once the file is parsed again they are stale, so a
// signature records which modules it points into, and an interface that
// points into a module parsed again is not reused.
import type { ModuleKey } from "../names/module-key.js";
import type { FieldType, Type } from "./types.js";

export interface Signature {
  text: string;
  /** Modules whose syntax nodes the type holds (field defaults and declarations). */
  modules: ReadonlySet<ModuleKey>;
}

// Types are immutable and shared (a schema is one object), so each is written out once.
const signatures = new WeakMap<Type, Signature>();

export function typeSignature(t: Type): Signature {
  let s = signatures.get(t);
  if (!s) {
    const modules = new Set<ModuleKey>();
    s = { text: write(t, modules), modules };
    signatures.set(t, s);
  }
  return s;
}

function write(t: Type, modules: Set<ModuleKey>): string {
  const name = t.name === undefined ? "" : `#${t.name}`;
  const sub = (x: Type) => {
    const s = typeSignature(x);
    for (const m of s.modules) modules.add(m);
    return s.text;
  };
  switch (t.k) {
    case "int":
    case "float":
    case "bytes":
    case "cpu":
    case "duration":
      return `${t.k}${name}(${t.range?.min ?? ""}..${t.range?.max ?? ""})`;
    case "string":
      return `string${name}(${t.pattern === undefined ? "" : JSON.stringify(t.pattern)})`;
    case "literal":
      return `literal${name}(${JSON.stringify(t.value)})`;
    case "list":
      return `list${name}(${sub(t.elem)})`;
    case "map":
      return `map${name}(${sub(t.value)})`;
    case "optional":
      return `optional${name}(${sub(t.inner)})`;
    case "union":
      return `union${name}(${t.members.map(sub).join("|")})`;
    case "record":
      return `record${name}{${[...t.fields].map(([n, f]) => `${JSON.stringify(n)}:${field(f, sub, modules)}`).join(",")}}`;
    case "fn":
      return `fn${name}(${t.params.map((p) => `${JSON.stringify(p.name)}:${sub(p.type)}${p.hasDefault ? "=" : ""}${p.doc === undefined ? "" : JSON.stringify(p.doc)}`).join(",")})->${sub(t.result)}`;
    case "service":
      return `service${name}(${JSON.stringify(t.service)}@${t.module})`;
    case "pool":
      return `pool${name}(${JSON.stringify(t.pool)})`;
    case "namespace":
      return `namespace${name}(${t.module})`;
    default:
      return `${t.k}${name}`;
  }
}

function field(f: FieldType, sub: (t: Type) => string, modules: Set<ModuleKey>): string {
  if (f.default) modules.add(f.default.module);
  if (f.decl) modules.add(f.decl.module);
  return `${sub(f.type)}${f.default ? `=@${f.default.module}` : ""}${f.doc === undefined ? "" : JSON.stringify(f.doc)}`;
}
