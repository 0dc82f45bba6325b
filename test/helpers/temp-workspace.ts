// A workspace written to a new temporary folder, for tests that run Herd on
// real files (the command line, the language server over stdio).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** A folder with the given files (paths relative to it); returns its absolute path. */
export function writeWorkspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "herd-test-"));
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), t);
  }
  return dir;
}
