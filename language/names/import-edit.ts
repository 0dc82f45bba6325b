// How a file brings another module's declaration into scope: the edit that
// an unknown name's fix (H0201, for the standard library's names and the
// workspace's) and a completion of a name not yet imported (the language
// service) both make, decided in one place.
import type { Fix, TextEdit } from "../diagnostics/diagnostic.js";
import type * as A from "../syntax/ast.js";
import type { ModuleDecls } from "./binder.js";
import type { ModuleKey } from "./module-key.js";
import type { DeclSymbol } from "./symbols.js";

/** A declaration of another module, as an import would bring it in. */
export interface ImportableDecl {
  /** The import's path: `std/services`, `./lib/templates.sys`. */
  spec: string;
  key: ModuleKey;
  kind: DeclSymbol["kind"];
  /** Its `///` documentation. */
  doc?: string;
  /** A function's result type as written, when it is a name (`HealthCheck`): what completion ranks it by. */
  returns?: string;
}

/** A declaration of module `key`, as a file importing it by `spec` would see it. */
export function importableDecl(spec: string, key: ModuleKey, sym: DeclSymbol): ImportableDecl {
  const doc = sym.decl.doc?.text;
  const ret = sym.decl.kind === "FnDecl" && sym.decl.returnType?.kind === "NamedType" && !sym.decl.returnType.namespace ? sym.decl.returnType.name.name : undefined;
  return { spec, key, kind: sym.kind, ...(doc ? { doc } : {}), ...(ret ? { returns: ret } : {}) };
}

export type ImportEdit =
  /** The module is imported under a name: write the declaration as its member (`svc.systemdService`). */
  | { kind: "member"; text: string }
  /** An edit that imports it, or none where the file imports the module with an empty list (`{}`), left to the person. */
  | { kind: "import"; edit?: TextEdit };

/**
 * Added to an import of the module that lists names, to a bare import of
 * it, or as a new import below the file's imports (above its first
 * declaration and that one's doc comment when it has none, so below a
 * heading comment).
 */
export function importEdit(decls: ModuleDecls, tree: A.SourceFileNode, name: string, exp: ImportableDecl): ImportEdit {
  const imports = decls.imports.filter((i) => i.target === exp.key);
  const alias = imports.find((i) => i.decl.alias)?.decl.alias?.name;
  if (alias) return { kind: "member", text: `${alias}.${name}` };
  const listing = imports.find((i) => i.decl.names && i.decl.names.length > 0)?.decl.names;
  if (listing) return { kind: "import", edit: insertAt(listing.at(-1)!.end, `, ${name}`) };
  const bare = imports.find((i) => !i.decl.names && i.decl.path)?.decl.path;
  if (bare) return { kind: "import", edit: insertAt(bare.end, ` { ${name} }`) };
  if (imports.length > 0) return { kind: "import" };
  return { kind: "import", edit: newImport(decls, tree, `import "${exp.spec}" { ${name} }`) };
}

/** An import line added below the file's imports, or above its first declaration (and that one's doc comment) when it has none. */
export function newImport(decls: ModuleDecls, tree: A.SourceFileNode, line: string): TextEdit {
  const lastImport = decls.imports.at(-1)?.decl;
  if (lastImport) return insertAt(lastImport.end, `\n${line}`);
  const first = tree.decls[0];
  return insertAt(first ? (first.doc?.start ?? first.start) : 0, `${line}\n\n`);
}

function insertAt(offset: number, newText: string): TextEdit {
  return { span: { start: offset, end: offset }, newText };
}

/** What an unknown name's diagnostic adds when one module declares it: where, and the fix that brings it in (`at`: the name as written). */
export function importHint(decls: ModuleDecls, tree: A.SourceFileNode, name: string, exp: ImportableDecl, at: { start: number; end: number }): { message: string; fix?: Fix } {
  const how = importEdit(decls, tree, name, exp);
  if (how.kind === "member") {
    const alias = how.text.slice(0, how.text.length - name.length - 1);
    return { message: `: \`${exp.spec}\` declares it, imported here as \`${alias}\``, fix: { message: `write \`${how.text}\``, edits: [{ span: { start: at.start, end: at.end }, newText: how.text }] } };
  }
  if (!how.edit) return { message: `: \`${exp.spec}\` declares it; add it to the list of this file's \`import "${exp.spec}" {}\`` };
  return { message: `: \`${exp.spec}\` declares it`, fix: { message: `import \`${name}\` from \`${exp.spec}\``, edits: [how.edit] } };
}
