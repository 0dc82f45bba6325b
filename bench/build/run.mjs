#!/usr/bin/env node
// `herd build` benchmark: time and peak memory of a cold `herd build` on the
// 50-machine example and on a generated fleet of about 2,000 machines and
// 20,000 replicas, next to two peers measured in the same run on the same
// content:
//   check   `herd check` of the same workspace: what the backends (placement
//           explanation aside: Nix, Terraform, writing out/) add to the analysis
//   nix     `nix-instantiate --parse` of every .nix file the build wrote, in one
//           process: Nix only reading what Herd wrote
// A benchmark, not a timed test: it prints figures and ratios and passes or
// fails nothing.
//
//   node bench/build/run.mjs [--reps N] [--dir DIR] [--services N] [--pools N]
//
// It builds nothing: it runs dist/herd.mjs (build it with `node scripts/build.mjs`)
// with the batch Node flags of bin/node-flags.mjs. The generated fleet comes from
// bench/frontend/generate.mjs (default 9,800 services and 213 pools: 2,240
// machines, 20,014 replicas), plus a base.sys with an SSH key (Terraform
// installs NixOS over SSH), into DIR/ws (default /tmp/herd-bench-build).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { generate, parseArgs } from "../frontend/generate.mjs";
import { NIX_MISSING, nixCommand } from "../frontend/nix.mjs";
import { benchArgs } from "../args.mjs";
import { nodeFlags } from "../../bin/node-flags.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { argv, take } = benchArgs();
const reps = Number(take("--reps", "3"));
const dir = path.resolve(take("--dir", path.join(os.tmpdir(), "herd-bench-build")));
let opts;
try {
  opts = parseArgs(["--services", "9800", "--pools", "213", "--files", "20", ...argv]);
  if (opts.out) throw new Error(`unknown argument ${opts.out}`);
  if (!Number.isInteger(reps) || reps < 1) throw new Error("--reps needs a whole number ≥ 1");
} catch (e) {
  console.error(`${e.message}\nusage: node bench/build/run.mjs [--reps N] [--dir DIR] [--services N] [--pools N] [--files N] [--seed N]`);
  process.exit(2);
}
const herdBin = path.join(repo, "dist", "herd.mjs");
if (!existsSync(herdBin)) {
  console.error("dist/herd.mjs is missing: this benchmark builds nothing. Build the CLI first: node scripts/build.mjs");
  process.exit(1);
}
const herdFlags = nodeFlags.batch;
const nix = nixCommand();
if (!nix) console.log(NIX_MISSING);

// ---- the generated fleet (written afresh each run: a few seconds)
const generated = path.join(dir, "ws");
process.stdout.write(`generating ${opts.services} services and ${opts.pools} pools in ${generated} … `);
generate({ ...opts, out: generated });
writeFileSync(
  path.join(generated, "base.sys"),
  'base {\n  ssh.authorizedKeys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0zQ8b1Oc7ZKiL4XTYIoOZx2G7gFv2X6cYbO4JrF0u bench@example.org"]\n}\n',
);
console.log("done");

// ---- measuring one process
const gnuTime = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const scratch = mkdtempSync(path.join(os.tmpdir(), "herd-bench-build-"));
const rssFile = path.join(scratch, "rss");
const rssHook = path.join(scratch, "rss-hook.mjs");
writeFileSync(rssHook, `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);

function measure(cmd, args, { env, node = false } = {}) {
  rmSync(rssFile, { force: true });
  let bin = cmd;
  let full = args;
  if (gnuTime) {
    bin = gnuTime;
    full = ["-f", "%M", "-o", rssFile, cmd, ...args];
  } else if (node) full = ["--import", rssHook, ...args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(bin, full, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let rssKiB;
  try {
    rssKiB = Number(readFileSync(rssFile, "utf8").trim().split("\n").pop());
  } catch {
    rssKiB = undefined;
  }
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status}:\n${r.stdout}${r.stderr}`.slice(0, 4000));
  return { seconds, rssKiB };
}

function nixFiles(out) {
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".nix")) files.push(p);
    }
  };
  walk(path.join(out, "nix"));
  return files.sort();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const cases = [
  { name: "examples/fleet50", ws: path.join(repo, "examples", "fleet50") },
  { name: `generated (${opts.services} services, ${opts.pools} pools)`, ws: generated },
];

const results = [];
for (const c of cases) {
  const out = path.join(scratch, "out");
  const peers = [
    { key: "build", label: "herd build", run: () => measure(process.execPath, [...herdFlags, herdBin, "build", c.ws, "-o", out], { node: true }) },
    { key: "check", label: "herd check", run: () => measure(process.execPath, [...herdFlags, herdBin, "check", c.ws], { node: true }) },
  ];
  // The lock the first build writes would make the next ones sticky: keep the workspace's own.
  const lock = path.join(c.ws, "herd.lock");
  const lockBefore = existsSync(lock) ? readFileSync(lock) : undefined;
  // Untimed warm-up (file cache), which also writes the out/ the nix peer reads.
  peers[0].run();
  const files = nixFiles(out);
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  if (nix) peers.push({ key: "nix", label: `nix-instantiate --parse (${files.length} files)`, run: () => measure(nix.bin, [...nix.args, "--parse", ...files], { env: nix.env }) });
  const runs = new Map(peers.map((p) => [p.key, []]));
  for (let i = 0; i < reps; i++) for (const p of peers) runs.get(p.key).push(p.run());
  if (lockBefore) writeFileSync(lock, lockBefore);
  else rmSync(lock, { force: true });
  const outFiles = spawnSync("find", [out, "-type", "f"], { encoding: "utf8" }).stdout.trim().split("\n").length;
  results.push({ c, peers, runs, files: outFiles, nixFiles: files.length, nixBytes: bytes });
  rmSync(out, { recursive: true, force: true });
}

console.log(`\nherd build benchmark — ${reps} timed runs each after one warm-up; median wall time; peak RSS by ${gnuTime ? "/usr/bin/time" : "process.resourceUsage"}`);
console.log(`node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}${nix ? `, ${nix.version}` : ""}\n`);
for (const r of results) {
  const b = median(r.runs.get("build").map((x) => x.seconds));
  console.log(`${r.c.name}: out/ has ${r.files} files (${r.nixFiles} .nix, ${(r.nixBytes / 1048576).toFixed(1)} MiB of Nix)`);
  for (const p of r.peers) {
    const xs = r.runs.get(p.key);
    const t = median(xs.map((x) => x.seconds));
    const rss = xs.map((x) => x.rssKiB).filter((x) => x !== undefined);
    const mib = rss.length ? `${(Math.max(...rss) / 1024).toFixed(0)} MiB` : "—";
    console.log(`  ${p.label.padEnd(44)} ${t.toFixed(2).padStart(7)} s  ${mib.padStart(9)}   build ÷ this ${(b / t).toFixed(2)}×`);
  }
  console.log("");
}
rmSync(scratch, { recursive: true, force: true });
