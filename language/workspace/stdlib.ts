// Where the standard library's `.sys` files come from: the stdlib/ folder
// shipped with Herd, found relative to this code (also when bundled).
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export interface StdlibSource {
  /** The folder the modules are read from, when they are files (for go-to-definition). */
  readonly dir?: string | undefined;
  /** The text of `std/<rel>` (e.g. `hetzner.sys`), or undefined. */
  read(rel: string): string | undefined;
  /** Every module's relative path, for completion of `std/…`. */
  list(): string[];
}

function findStdlibDir(): string | undefined {
  const override = process.env["HERD_STDLIB"];
  if (override && fs.existsSync(path.join(override, "prelude.sys"))) return override;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, "stdlib");
    if (fs.existsSync(path.join(candidate, "prelude.sys"))) return candidate;
    dir = path.dirname(dir);
  }
  return undefined;
}

export function diskStdlib(dir = findStdlibDir()): StdlibSource {
  const cache = new Map<string, string | undefined>();
  return {
    dir,
    read(rel) {
      if (!dir || rel.includes("..")) return undefined;
      if (!cache.has(rel)) {
        try {
          cache.set(rel, fs.readFileSync(path.join(dir, rel), "utf8"));
        } catch {
          cache.set(rel, undefined);
        }
      }
      return cache.get(rel);
    },
    list() {
      if (!dir) return [];
      const out: string[] = [];
      const visit = (d: string, prefix: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          if (e.isDirectory()) visit(path.join(d, e.name), prefix + e.name + "/");
          else if (e.name.endsWith(".sys")) out.push(prefix + e.name);
        }
      };
      visit(dir, "");
      return out.sort();
    },
  };
}

let shared: StdlibSource | undefined;

/** The stdlib shipped with this Herd, read once per process. */
export function defaultStdlib(): StdlibSource {
  shared ??= diskStdlib();
  return shared;
}
