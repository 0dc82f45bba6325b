// `herd check --watch` on the front-end benchmark's workspace: what someone
// waits for after saving a file, next to `nix-instantiate --eval` on the
// same content in the same run (Nix has no incremental mode: every
// evaluation starts from nothing). A copy of the workspace is watched; a
// leaf entry file is edited in two ways, each saved as editors do (written
// to a temporary file, renamed over the old one):
//   - a service's version: the check runs again, placement is kept;
//   - a service's replicas: the check runs again and places every replica again.
// The time is from just before the rename to the check's status line on the
// watcher's standard error (the 30 ms it waits for the save to settle
// included); "checked in" is the time the watcher reports for the check.
//
//   node bench/frontend/watch.mjs [--edits N] [--services N] [--pools N] [--dir DIR]
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "./generate.mjs";
import { ensureWorkspace } from "./ensure-workspace.mjs";
import { NIX_MISSING, nixCommand } from "./nix.mjs";
import { benchArgs } from "../args.mjs";
import { nodeFlags } from "../../bin/node-flags.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const usage = "usage: node bench/frontend/watch.mjs [--edits N] [--services N] [--pools N] [--files N] [--seed N] [--dir DIR] [--regenerate]";
const { argv, take, flag } = benchArgs();
const edits = Number(take("--edits", "20"));
const dir = path.resolve(take("--dir", path.join(os.tmpdir(), "herd-bench")));
const regenerate = flag("--regenerate");
let opts;
try {
  opts = parseArgs(argv);
  if (opts.out) throw new Error(`unknown argument ${opts.out}`);
  if (!Number.isInteger(edits) || edits < 2) throw new Error("--edits needs a whole number ≥ 2");
} catch (e) {
  console.error(`${e.message}\n${usage}`);
  process.exit(2);
}
const herdBin = path.join(repo, "dist", "herd.mjs");
if (!existsSync(herdBin)) {
  console.error("dist/herd.mjs is missing: this benchmark builds nothing. Build the CLI first: node scripts/build.mjs");
  process.exit(1);
}
const manifest = ensureWorkspace(opts, dir, regenerate);

// The watched copy, and the file edited: the middle entry file.
const scratch = mkdtempSync(path.join(os.tmpdir(), "herd-bench-watch-"));
const ws = path.join(scratch, "ws");
cpSync(path.join(dir, "ws"), ws, { recursive: true });
const leafName = `f${String(Math.floor(manifest.files / 2)).padStart(2, "0")}.sys`;
const leaf = path.join(ws, leafName);
const original = readFileSync(leaf, "utf8");
const version = /version {3}= "([^"]+)"/.exec(original);
const replicas = /replicas {2}= ([2-9])\n/.exec(original);
if (!version || !replicas) throw new Error(`${leafName} has no block-form service to edit`);
const save = (text) => {
  writeFileSync(leaf + ".tmp", text);
  renameSync(leaf + ".tmp", leaf);
};

// The watcher, run as the `herd` command runs it.
const proc = spawn(process.execPath, [...nodeFlags.batch, herdBin, "check", "--watch", ws], { stdio: ["ignore", "ignore", "pipe"] });
let stderr = "";
const statusLines = [];
const waiting = [];
proc.stderr.on("data", (d) => {
  stderr += d.toString();
  let i;
  while ((i = stderr.indexOf("\n")) >= 0) {
    const line = stderr.slice(0, i);
    stderr = stderr.slice(i + 1);
    if (!line.includes("watching for changes")) continue;
    const at = performance.now();
    const ms = Number(/checked in ([\d.]+) ms/.exec(line)?.[1]);
    statusLines.push(line);
    waiting.shift()?.({ at, ms, line });
  }
});
const nextStatus = () => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no check within 60 s; last output: ${statusLines.at(-1) ?? "(none)"}`)), 60_000);
  waiting.push((x) => {
    clearTimeout(timer);
    resolve(x);
  });
});

const nix = nixCommand();
if (!nix) console.log(NIX_MISSING);
const devNull = openSync("/dev/null", "w");
const nixTimes = [];
const runNix = () => {
  const t0 = performance.now();
  const r = spawnSync(nix.bin, [...nix.args, "--eval", "--strict", "--json", path.join(dir, "system.nix")], { env: { ...process.env, ...nix.env }, stdio: ["ignore", devNull, "pipe"] });
  if (r.status !== 0) throw new Error(`nix-instantiate exited with ${r.status}: ${r.stderr}`);
  nixTimes.push((performance.now() - t0) / 1000);
};

const started = performance.now();
const first = await nextStatus();
if (!first.line.includes("✓ ")) throw new Error(`the workspace does not check clean: ${first.line}`);
const firstSeconds = (first.at - started) / 1000;

/** `edits` saves of `edit(i)`, each timed to its check's status line; a nix-instantiate run after every fifth. */
async function series(edit) {
  const out = { wall: [], checked: [] };
  for (let i = 0; i < edits + 2; i++) {
    const status = nextStatus();
    const t0 = performance.now();
    save(edit(i));
    const s = await status;
    if (!s.line.includes("✓ ")) throw new Error(`an edit broke the workspace: ${s.line}`);
    // The first two: the watcher's code warms up on the new kind of check.
    if (i >= 2) {
      out.wall.push(s.at - t0);
      out.checked.push(s.ms);
    }
    if (nix && i % 5 === 4) runNix();
  }
  save(original);
  await nextStatus();
  return out;
}
const bump = (v, i) => v.replace(/(\d+)$/, (n) => String(Number(n) + 1 + (i % 2)));
const versionSeries = await series((i) => original.replace(version[0], `version   = "${bump(version[1], i)}"`));
// One replica fewer, then as many as before: every save changes what is placed, and all of it still fits.
const replicasSeries = await series((i) => original.replace(replicas[0], `replicas  = ${Number(replicas[1]) - 1 + (i % 2)}\n`));
proc.kill("SIGINT");
await new Promise((r) => proc.on("exit", r));
rmSync(scratch, { recursive: true, force: true });

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const median = (xs) => pct(xs, 0.5);
const nixMedian = nix ? median(nixTimes) : undefined;
console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}); node ${process.version}${nix ? `; ${nix.version}` : ""}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
console.log(`content: ${manifest.files} files, ${manifest.services} services, ${manifest.pools} pools (${manifest.machines} machines, ${manifest.replicas} replicas); edited: ${leafName}; ${edits} timed saves per series after 2 untimed`);
console.log(`first check of the watcher (a cold process): ${firstSeconds.toFixed(2)} s\n`);
const rows = [["", "p50 ms", "p95 ms", "checked in, p50 ms", "÷ nix-instantiate (p50)"]];
const row = (label, s) => rows.push([label, median(s.wall).toFixed(0), pct(s.wall, 0.95).toFixed(0), median(s.checked).toFixed(0), nixMedian ? `${(median(s.wall) / 1000 / nixMedian).toFixed(3)}×` : "n/a"]);
row("save → check, a service's version (placement kept)", versionSeries);
row("save → check, a service's replicas (placed again)", replicasSeries);
if (nixMedian) rows.push([`nix-instantiate --eval --strict --json (cold, ${nixTimes.length} runs)`, (nixMedian * 1000).toFixed(0), (pct(nixTimes, 0.95) * 1000).toFixed(0), "", "1×"]);
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join("  "));
console.log("\nmarkdown:\n");
console.log(`| ${rows[0].join(" | ")} |\n| --- | ${rows[0].slice(1).map(() => "---:").join(" | ")} |`);
for (const r of rows.slice(1)) console.log(`| ${r.join(" | ")} |`);
