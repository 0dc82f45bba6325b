// The `herd` command run in-process, and workspaces written to a temporary
// folder for it: for tests of the command line.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { run } from "../../compiler/cli/main.js";
import type { CliIO } from "../../compiler/cli/io.js";

/** Runs `herd ARGS` in `cwd` with `stdin`; its exit code and what it wrote. */
export async function herd(args: string[], cwd: string, stdin = ""): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t), color: false, cwd, readStdin: async () => stdin };
  const prev = process.cwd();
  process.chdir(cwd);
  try {
    const code = await run(args, io);
    return { code, out, err };
  } finally {
    process.chdir(prev);
  }
}

/** A new folder holding `files` (paths relative to it). */
export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "herd-cli-"));
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), t);
  }
  return dir;
}
