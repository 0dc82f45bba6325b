// Quality benchmark: on random small instances, the peak utilisation that
// place() reaches against the true optimum, computed by GLPK (glpsol, Debian
// package glpk-utils) from a generated CPLEX-LP model of the same rules.
// Run: npx tsx bench/placement/quality.ts [--n 200] [--seed 1] [--machines 4-8]
//      [--services 2-5] [--replicas 1-5] [--no-optimize]
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { SystemModel } from "../../language/eval/model.js";
import { place, violations } from "../../compiler/placement/index.js";
import { matches } from "../../compiler/placement/constraints/filter.js";
import { usableCapacity } from "../../compiler/placement/problem.js";
import { machineModel, rng, serviceModel, systemModel, type Rules } from "./gen.js";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const range = (name: string, def: [number, number]): [number, number] => {
  const i = process.argv.indexOf(name);
  if (i < 0) return def;
  const [a, b] = process.argv[i + 1]!.split("-").map(Number);
  return [a!, b ?? a!];
};
const N = arg("--n", 200);
const HEURISTICS_ONLY = process.argv.includes("--no-optimize");
const MACHINES = range("--machines", [4, 8]);
const SERVICES = range("--services", [2, 5]);
const REPLICAS = range("--replicas", [1, 5]);
const SEED = arg("--seed", 1);
const MiB = 2 ** 20;

function instance(seed: number): SystemModel {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const between = ([a, b]: [number, number]) => a + Math.floor(r() * (b - a + 1));
  const nm = between(MACHINES);
  const machines = Array.from({ length: nm }, (_, i) =>
    machineModel(`m${i + 1}`, pick([2000, 4000, 8000]), pick([4096, 8192, 16384]) * MiB, { tier: pick(["a", "b"]), zone: pick(["z1", "z2", "z3"]) }),
  );
  const ns = between(SERVICES);
  const services = Array.from({ length: ns }, (_, i) => {
    const rules: Rules = {};
    if (r() < 0.3) rules.on = [{ op: "eq", label: "tier", value: pick(["a", "b"]) }];
    if (r() < 0.3) rules.spread = [{ label: "zone", skew: pick([1, 2]) }];
    if (r() < 0.3) rules.max = pick([1, 2]);
    if (r() < 0.15) rules.ports = [pick([80, 443])];
    if (i > 0 && r() < 0.15) rules.avoid = [`s${Math.floor(r() * i) + 1}`];
    return serviceModel(`s${i + 1}`, between(REPLICAS), pick([250, 500, 1000, 1500, 2000]), pick([256, 512, 1024, 2048, 3072]) * MiB, rules);
  });
  return systemModel(machines, services);
}

/** The model as a MILP in CPLEX LP format: minimise the peak utilisation z. */
function lpModel(model: SystemModel): string {
  const ms = model.machines;
  const ss = model.services;
  const cap = ms.map((m) => usableCapacity(model, m));
  const ok = (si: number, mi: number) => {
    const s = ss[si]!;
    const m = ms[mi]!;
    if (!s.placement.on.every((o) => matches(o.selector, m.labels))) return false;
    return s.placement.spread.every((sp) => Object.hasOwn(m.labels, sp.label));
  };
  const y = (si: number, mi: number) => `y_${si}_${mi}`;
  const u = (si: number, mi: number) => `u_${si}_${mi}`;
  const rows: string[] = [];
  const bounds: string[] = [];
  const generals: string[] = [];
  const binaries: string[] = [];
  ss.forEach((s, si) => {
    const vars = ms.map((_, mi) => mi).filter((mi) => ok(si, mi));
    rows.push(`rep_${si}: ${vars.length ? vars.map((mi) => y(si, mi)).join(" + ") : "0 z"} = ${s.replicas}`);
    ms.forEach((_, mi) => {
      const max = ok(si, mi) ? (s.placement.maxPerNode?.count ?? s.replicas) : 0;
      bounds.push(`0 <= ${y(si, mi)} <= ${Math.min(max, s.replicas)}`);
      generals.push(y(si, mi));
      binaries.push(u(si, mi));
      rows.push(`pres_${si}_${mi}: ${y(si, mi)} - ${s.replicas} ${u(si, mi)} <= 0`);
    });
    for (const sp of s.placement.spread) {
      const domains = [...new Set(ms.filter((_, mi) => ok(si, mi)).map((m) => m.labels[sp.label]!))];
      const sum = (d: string) => ms.map((m, mi) => (m.labels[sp.label] === d ? y(si, mi) : "")).filter(Boolean);
      for (const a of domains) for (const b of domains) if (a !== b) rows.push(`spr_${si}_${a}_${b}: ${sum(a).join(" + ")} - ${sum(b).join(" - ")} <= ${sp.skew}`);
    }
    for (const av of s.placement.avoid) {
      const ti = ss.findIndex((t) => t.name === av.service);
      ms.forEach((_, mi) => rows.push(`avo_${si}_${ti}_${mi}: ${u(si, mi)} + ${u(ti, mi)} <= 1`));
    }
  });
  ms.forEach((_, mi) => {
    const c = cap[mi]!;
    const cpu = ss.map((s, si) => `${s.resources.cpu} ${y(si, mi)}`).join(" + ");
    const mem = ss.map((s, si) => `${s.resources.memory / MiB} ${y(si, mi)}`).join(" + ");
    rows.push(`cpu_${mi}: ${cpu} - ${c.cpu} z <= 0`);
    rows.push(`mem_${mi}: ${mem} - ${c.memory / MiB} z <= 0`);
    for (const port of new Set(ss.flatMap((s) => s.ports))) {
      const holders = ss.map((s, si) => (s.ports.includes(port) ? y(si, mi) : "")).filter(Boolean);
      rows.push(`port_${port}_${mi}: ${holders.join(" + ")} <= 1`);
    }
  });
  bounds.push("0 <= z <= 1");
  return ["Minimize", " obj: z", "Subject To", ...rows.map((r) => " " + r), "Bounds", ...bounds.map((b) => " " + b), "General", " " + generals.join(" "), "Binary", " " + binaries.join(" "), "End", ""].join("\n");
}

function optimum(model: SystemModel, dir: string, k: number): number | undefined {
  const lp = path.join(dir, `q${k}.lp`);
  const out = path.join(dir, `q${k}.txt`);
  fs.writeFileSync(lp, lpModel(model));
  execFileSync("glpsol", ["--lp", lp, "-o", out, "--tmlim", "60"], { stdio: "ignore" });
  const text = fs.readFileSync(out, "utf8");
  if (!/Status:\s+INTEGER OPTIMAL/.test(text)) {
    if (!/INTEGER EMPTY|PRIMAL INFEASIBLE|NO PRIMAL|NO INTEGER/.test(text)) unsolved++;
    return undefined;
  }
  const m = /Objective:\s+obj = ([0-9.eE+-]+)/.exec(text);
  return m ? Number(m[1]) : undefined;
}

try {
  execFileSync("glpsol", ["--version"], { stdio: "ignore" });
} catch {
  console.error("glpsol not found: apt-get install glpk-utils");
  process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herd-quality-"));
const ratios: number[] = [];
let infeasible = 0;
let unsolved = 0;
let missed = 0;
let invalid = 0;
let ms = 0;
for (let k = 0; k < N; k++) {
  const model = instance(SEED * 100_003 + k);
  const t0 = performance.now();
  const r = place({ model, suggest: false, optimize: !HEURISTICS_ONLY });
  ms += performance.now() - t0;
  if (violations(model, r.assignments).length > 0) invalid++;
  const opt = optimum(model, dir, k);
  if (opt === undefined) {
    infeasible++;
    continue;
  }
  if (r.unplaced.length > 0) {
    missed++;
    continue;
  }
  ratios.push(r.peak / opt);
}
fs.rmSync(dir, { recursive: true, force: true });
ratios.sort((a, b) => a - b);
const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
const at = (q: number) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))]!;
console.log(`${N} random instances${HEURISTICS_ONLY ? " (heuristics only: no branch and bound)" : ""} (${MACHINES.join("–")} machines, ${SERVICES.join("–")} services, ${REPLICAS.join("–")} replicas each; on, spread, max per node, ports, avoid)`);
if (ratios.length === 0) ratios.push(NaN);
console.log(`  infeasible (per GLPK): ${infeasible - unsolved}; not solved by GLPK within 60 s: ${unsolved}; feasible but not fully placed by Herd: ${missed}; results breaking a rule: ${invalid}`);
console.log(`  peak utilisation / optimum over ${ratios.length} feasible instances: mean ${mean.toFixed(4)}, median ${at(0.5).toFixed(4)}, p90 ${at(0.9).toFixed(4)}, max ${ratios.at(-1)!.toFixed(4)}`);
console.log(`  optimal in ${ratios.filter((x) => x < 1 + 1e-9).length} of ${ratios.length}; place() time ${(ms / N).toFixed(2)} ms per instance`);
