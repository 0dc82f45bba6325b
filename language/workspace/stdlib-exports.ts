// Which standard-library module declares a name: for "unknown name
// `systemdService`" to say where it lives and offer the import. Made once per
// stdlib source, and only when an unknown name asks (a well-formed workspace
// never does).
import { declareModule, type StdExport } from "../names/binder.js";
import { PRELUDE } from "../names/module-key.js";
import { parse } from "../syntax/parse.js";
import type { StdlibSource } from "./stdlib.js";

const indexes = new WeakMap<StdlibSource, Map<string, StdExport[]>>();

/** The stdlib's modules (the prelude aside: it is in scope everywhere) that declare `name`. */
export function stdExportsOf(stdlib: StdlibSource, name: string): readonly StdExport[] {
  let index = indexes.get(stdlib);
  if (!index) indexes.set(stdlib, (index = buildIndex(stdlib)));
  return index.get(name) ?? [];
}

function buildIndex(stdlib: StdlibSource): Map<string, StdExport[]> {
  const index = new Map<string, StdExport[]>();
  for (const rel of stdlib.list()) {
    const key = "std:" + rel;
    const text = stdlib.read(rel);
    if (key === PRELUDE || text === undefined) continue;
    const spec = "std/" + rel.replace(/\.sys$/, "");
    const decls = declareModule(key, spec + ".sys", parse(text, spec + ".sys").tree);
    for (const [name, sym] of decls.symbols) {
      let list = index.get(name);
      if (!list) index.set(name, (list = []));
      list.push({ spec, key, type: sym.kind === "type" });
    }
  }
  return index;
}
