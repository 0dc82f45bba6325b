#!/usr/bin/env -S node --max-semi-space-size=64 --initial-heap-size=400
// The `herd` command: runs the bundled CLI built by `npm run build`, with the
// Node flags of bin/node-flags.mjs (`batch` above; `herd lsp` runs in a child
// process with the server's).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { nodeFlags } from "./node-flags.mjs";

const bundle = new URL("../dist/herd.mjs", import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write("herd: the CLI is not built yet: run `npm run build` in the Herd folder\n");
  process.exit(2);
}
if (process.argv[2] === "lsp") {
  // The editor talks to the child directly (inherited stdio); this process only waits for it.
  const child = spawn(process.execPath, [...nodeFlags.server, fileURLToPath(bundle), ...process.argv.slice(2)], { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await import(bundle.href);
}
