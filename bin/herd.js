#!/usr/bin/env -S node --max-semi-space-size=64
// The `herd` command: runs the bundled CLI built by `npm run build`.
import { existsSync } from "node:fs";

const bundle = new URL("../dist/herd.mjs", import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write("herd: the CLI is not built yet: run `npm run build` in the Herd folder\n");
  process.exit(2);
}
await import(bundle.href);
