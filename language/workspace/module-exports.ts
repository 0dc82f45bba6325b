// What the workspace's modules (its files in sub-folders, which entry files
// import) declare, as an import from one file would name it: for an unknown
// name's hint (workspace.ts) and for completion of names not imported yet.
import { importableDecl, type ImportableDecl } from "../names/import-edit.js";
import type { ModuleDecls } from "../names/binder.js";
import { isStdKey, type ModuleKey } from "../names/module-key.js";
import * as path from "node:path";

/**
 * The constants, functions and types of every module but `from` and those
 * that import it (an import of them would close a cycle), by name, each with
 * the path `from` would import it by (`./lib/sizes.sys`, `../lib/x.sys`).
 */
export function moduleExports(modules: Iterable<[ModuleKey, { decls: ModuleDecls }]>, from: ModuleKey): Map<string, ImportableDecl[]> {
  const out = new Map<string, ImportableDecl[]>();
  const dir = path.posix.dirname(from);
  for (const [key, other] of modules) {
    if (key === from || !key.includes("/") || isStdKey(key) || other.decls.imports.some((i) => i.target === from)) continue;
    let spec = path.posix.relative(dir, key);
    if (!spec.startsWith(".")) spec = "./" + spec;
    for (const sym of other.decls.symbols.values()) {
      if (sym.kind !== "let" && sym.kind !== "fn" && sym.kind !== "type") continue;
      let list = out.get(sym.name);
      if (!list) out.set(sym.name, (list = []));
      list.push(importableDecl(spec, key, sym));
    }
  }
  return out;
}
