// Symbols: what a name refers to. The binder creates them; the checker,
// evaluator and language service look them up, never re-resolving names.
import type * as A from "../syntax/ast.js";
import type { BuiltinInfo } from "./builtins.js";
import type { ModuleKey } from "./module-key.js";

interface SymBase {
  name: string;
  module: ModuleKey;
}

export type TopLevelDecl = A.LetDecl | A.FnDecl | A.TypeDecl | A.ServiceDecl | A.PoolDecl | A.NodeDecl;

export interface DeclSymbol extends SymBase {
  kind: "let" | "fn" | "type" | "service" | "pool" | "node";
  decl: TopLevelDecl;
  /** The name's span. */
  nameSpan: A.Ident;
}

/** `import "p" as x`. */
export interface NamespaceSymbol extends SymBase {
  kind: "namespace";
  decl: A.ImportDecl;
  target: ModuleKey;
  nameSpan: A.Ident;
}

export interface ParamSymbol extends SymBase {
  kind: "param";
  decl: A.Param;
  fn: A.FnDecl;
}

/** A variable of a list comprehension. */
export interface LocalSymbol extends SymBase {
  kind: "local";
  decl: A.Ident;
  owner: A.ForExpr;
  /** 0 for `x` in `for x in …` / `for k, v in …`; 1 for `v`. */
  position: 0 | 1;
}

/** A field of a declaration body, in scope inside that body. */
export interface FieldSymbol extends SymBase {
  kind: "field";
  owner: A.PoolDecl | A.NodeDecl | A.ServiceDecl | A.BaseDecl;
  /** Every field whose path starts with this name (`ssh.a = …`, `ssh.b = …`). */
  fields: A.Field[];
  /** Whether another field of the body reads it by name (then evaluation binds it lazily, in scope). */
  read: boolean;
}

/** `index` inside a pool body. */
export interface IndexSymbol extends SymBase {
  kind: "index";
  pool: A.PoolDecl;
}

/** A machine of a pool, `web-3`: named by the pool and a 1-based number. */
export interface MachineSymbol extends SymBase {
  kind: "machine";
  pool: DeclSymbol;
  /** 1-based, as in the name. */
  number: number;
}

export interface BuiltinSymbol extends SymBase {
  kind: "builtin";
  info: BuiltinInfo;
}

export type Sym = DeclSymbol | NamespaceSymbol | ParamSymbol | LocalSymbol | FieldSymbol | IndexSymbol | MachineSymbol | BuiltinSymbol;

/** Where a symbol is declared: a span in a module, or nowhere (builtins). */
export function declarationSpan(s: Sym): { module: ModuleKey; span: A.Node } | undefined {
  switch (s.kind) {
    case "let":
    case "fn":
    case "type":
    case "service":
    case "pool":
    case "node":
    case "namespace":
      return { module: s.module, span: s.nameSpan };
    case "param":
      return { module: s.module, span: s.decl.name };
    case "local":
      return { module: s.module, span: s.decl };
    case "field": {
      const f = s.fields[0];
      return f ? { module: s.module, span: f.path[0]! } : undefined;
    }
    case "machine":
      return { module: s.pool.module, span: s.pool.nameSpan };
    case "index":
      return undefined;
    case "builtin":
      return undefined;
  }
}
