// The `herd` command run in-process, for tests of the command line, and
// workspaces written to a temporary folder for it.
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

export { writeWorkspace as workspace } from "./temp-workspace.js";
