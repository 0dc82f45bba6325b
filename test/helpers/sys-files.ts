// The `.sys` files under folders of the repository (the examples, the
// standard library), for tests that run over all of them.
import { readdirSync, statSync } from "node:fs";
import * as path from "node:path";

/** Every `.sys` file under the folders, as absolute paths, sorted. */
export function sysFilesUnder(...folders: URL[]): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) visit(p);
      else if (e.endsWith(".sys")) out.push(p);
    }
  };
  for (const f of folders) visit(f.pathname);
  return out.sort();
}
