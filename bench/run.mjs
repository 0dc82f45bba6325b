#!/usr/bin/env node
// `npm run bench`: every benchmark, one after the other, each printing its
// figures and ratios against the peer it measures in the same run (see
// docs/benchmarks.md for the method and recorded figures). Builds the CLI
// first. A benchmark, not a test: it fails only when a benchmark cannot run.
//
//   node bench/run.mjs [frontend] [placement] [build] [lsp]    (default: all)
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tsx = ["--import", "tsx"];
const all = {
  frontend: [["bench/frontend/run.mjs"], ["bench/frontend/watch.mjs"]],
  placement: [
    [...tsx, "bench/placement/quality.ts", "--n", "300", "--seed", "1"],
    ["--expose-gc", ...tsx, "bench/placement/scale.ts"],
  ],
  build: [["bench/build/run.mjs"]],
  lsp: [["bench/lsp/run.mjs"], [...tsx, "bench/lsp/in-process.mjs"]],
};
const chosen = process.argv.slice(2);
for (const name of chosen) {
  if (!(name in all)) {
    console.error(`unknown benchmark ${name}: choose from ${Object.keys(all).join(", ")}`);
    process.exit(2);
  }
}

const run = (args) => {
  console.log(`\n$ node ${args.join(" ")}`);
  const r = spawnSync(process.execPath, args, { cwd: repo, stdio: "inherit" });
  return r.status === 0;
};

if (!run(["scripts/build.mjs"])) process.exit(1);
let failed = 0;
for (const [name, commands] of Object.entries(all)) {
  if (chosen.length > 0 && !chosen.includes(name)) continue;
  console.log(`\n==== ${name} ====`);
  for (const c of commands) if (!run(c)) failed++;
}
if (failed > 0) {
  console.error(`\n${failed} benchmark${failed === 1 ? "" : "s"} could not run`);
  process.exit(1);
}
