// Which standard-library module declares a name: for "unknown name
// `systemdService`" to say where it lives and offer the import, and for
// completion to offer names not imported yet. Made once per stdlib source,
// and only when asked (a well-formed workspace never asks).
import { importableDecl, type ImportableDecl } from "../names/import-edit.js";
import { declareModule } from "../names/binder.js";
import { PRELUDE } from "../names/module-key.js";
import { parse } from "../syntax/parse.js";
import type { StdlibSource } from "./stdlib.js";

const indexes = new WeakMap<StdlibSource, ReadonlyMap<string, readonly ImportableDecl[]>>();

/** Every name the stdlib's modules declare (the prelude aside: it is in scope everywhere), with the modules that declare it. */
export function stdExportIndex(stdlib: StdlibSource): ReadonlyMap<string, readonly ImportableDecl[]> {
  let index = indexes.get(stdlib);
  if (!index) indexes.set(stdlib, (index = buildIndex(stdlib)));
  return index;
}

/** The stdlib's modules that declare `name`. */
export function stdExportsOf(stdlib: StdlibSource, name: string): readonly ImportableDecl[] {
  return stdExportIndex(stdlib).get(name) ?? [];
}

function buildIndex(stdlib: StdlibSource): Map<string, ImportableDecl[]> {
  const index = new Map<string, ImportableDecl[]>();
  for (const rel of stdlib.list()) {
    const key = "std:" + rel;
    const text = stdlib.read(rel);
    if (key === PRELUDE || text === undefined) continue;
    const spec = "std/" + rel.replace(/\.sys$/, "");
    const decls = declareModule(key, spec + ".sys", parse(text, spec + ".sys").tree);
    for (const [name, sym] of decls.symbols) {
      let list = index.get(name);
      if (!list) index.set(name, (list = []));
      list.push(importableDecl(spec, key, sym));
    }
  }
  return index;
}

const moduleNames = new WeakMap<StdlibSource, ReadonlyMap<string, string>>();

/** The path of the stdlib module whose file is `name` (`aws`: `std/aws`), the prelude aside. */
export function stdModuleNamed(stdlib: StdlibSource, name: string): string | undefined {
  let names = moduleNames.get(stdlib);
  if (!names) {
    const m = new Map<string, string>();
    for (const rel of stdlib.list()) if ("std:" + rel !== PRELUDE && rel.endsWith(".sys")) m.set(rel.slice(rel.lastIndexOf("/") + 1, -4), "std/" + rel.slice(0, -4));
    moduleNames.set(stdlib, (names = m));
  }
  return names.get(name);
}
