#!/usr/bin/env node
// Checks that the three representations written by generate.mjs hold the same
// content: the system model Herd evaluates from the workspace, the result of
// `nix-instantiate --eval --strict --json system.nix`, and system.json.
//
// Run with tsx (it imports the language's TypeScript sources directly):
//   npx tsx bench/frontend/verify.mjs [--services N] [--pools N] [--files N] [--seed N] [--dir DIR]
// Defaults to a small system (500 services, 20 pools) in a temporary folder.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generate, parseArgs } from "./generate.mjs";
import { analyzeFolder } from "../../language/workspace/workspace.ts";
import { valueToJson } from "../../language/eval/value-json.ts";
import { nixCommand } from "./nix.mjs";

const argv = process.argv.slice(2);
const dirAt = argv.indexOf("--dir");
const dir = dirAt >= 0 ? argv.splice(dirAt, 2)[1] : mkdtempSync(path.join(os.tmpdir(), "herd-verify-"));
const opts = { ...parseArgs(argv.length ? argv : ["--services", "500", "--pools", "20"]), out: path.join(dir, "ws") };
if (!argv.includes("--services")) opts.services = 500;
if (!argv.includes("--pools")) opts.pools = 20;
const manifest = generate(opts);
console.log(`generated ${manifest.services} services, ${manifest.pools} pools (${manifest.machines} machines) in ${manifest.files} files under ${dir}`);
const expected = JSON.parse(readFileSync(path.join(dir, "system.json"), "utf8"));

// ---- Herd: the evaluated model, in plain form: `herd eval`'s JSON, with
// the tagged forms system.json writes plainly (a template or package as its
// text, a service by its name); a deferred value cannot occur here.
function untag(j) {
  if (Array.isArray(j)) return j.map(untag);
  if (j === null || typeof j !== "object") return j;
  const keys = Object.keys(j);
  if (keys.length === 1) {
    const [k] = keys;
    if (k === "template") return j.template;
    if (k === "package") return "${" + j.package + "}";
    if (k === "service" || k === "machine") return j[k];
    if (k === "deferred") throw new Error("a placement-dependent value in the generated system");
  }
  return Object.fromEntries(keys.map((k) => [k, untag(j[k])]));
}
const plain = (v) => untag(valueToJson(v));

let t0 = performance.now();
const a = analyzeFolder(dir + "/ws");
const errors = a.diagnostics.filter((d) => d.severity !== "info");
if (errors.length > 0) {
  for (const d of errors.slice(0, 10)) console.log(`  ${d.severity} ${d.code} ${d.file}: ${d.message}`);
  throw new Error(`herd reported ${errors.length} errors/warnings`);
}
const byName = new Map(a.model.machines.map((m) => [m.name, m]));
const herd = {
  pools: Object.fromEntries(
    a.model.pools.map((p) => [
      p.name,
      { count: p.count, machines: p.machines.map((n) => { const m = byName.get(n); return { name: m.name, index: m.index, machine: plain(m.machine), labels: m.labels }; }) },
    ]),
  ),
  services: Object.fromEntries(a.model.services.map((s) => [s.name, plain(s.value)])),
  policy: { survive: a.model.policy.survive, reserve: a.model.policy.reserve, maxUtilization: a.model.policy.maxUtilization },
};
console.log(`herd model built in ${((performance.now() - t0) / 1000).toFixed(2)} s`);

// ---- deep comparison, order-insensitive for objects
function diff(x, y, at, out) {
  if (out.length >= 10) return;
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return void out.push(`${at}: ${JSON.stringify(x)?.slice(0, 120)} ≠ ${JSON.stringify(y)?.slice(0, 120)}`);
    x.forEach((e, i) => diff(e, y[i], `${at}[${i}]`, out));
    return;
  }
  if (x && y && typeof x === "object" && typeof y === "object") {
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const k of keys) {
      if (!(k in x)) out.push(`${at}.${k}: missing on the left`);
      else if (!(k in y)) out.push(`${at}.${k}: missing on the right`);
      else diff(x[k], y[k], `${at}.${k}`, out);
    }
    return;
  }
  if (x !== y) out.push(`${at}: ${JSON.stringify(x)} ≠ ${JSON.stringify(y)}`);
}
function compare(name, got) {
  const out = [];
  diff(got, expected, "", out);
  if (out.length) {
    console.log(`✗ ${name} differs from system.json:`);
    for (const l of out) console.log("  " + l);
    process.exitCode = 1;
  } else console.log(`✓ ${name} = system.json`);
}
compare("herd's model", herd);

// ---- Nix
const nix = nixCommand();
if (!nix) console.log("- nix-instantiate not found: skipped (apt-get install -y nix-bin)");
else {
  t0 = performance.now();
  const out = execFileSync(nix.bin, [...nix.args, "--eval", "--strict", "--json", path.join(dir, "system.nix")], { env: { ...process.env, ...nix.env }, maxBuffer: 1 << 30, encoding: "utf8" });
  console.log(`nix-instantiate evaluated in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  compare("nix-instantiate --eval --strict --json system.nix", JSON.parse(out));
}
