// Scale benchmark: 10,000 machines and 10k → 100k → 1M replicas; time and
// memory of place(), and how time grows with the number of replicas.
// Run: npx tsx bench/placement/scale.ts [--max 1000000] [--machines 10000]
import { place, violations } from "../../compiler/placement/index.js";
import { largeInstance } from "./gen.js";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const machines = arg("--machines", 10_000);
const max = arg("--max", 1_000_000);
const perService = arg("--per-service", 500);
const validate = process.argv.includes("--validate");

const sizes = [10_000, 100_000, 1_000_000].filter((n) => n <= max);
const rows: { replicas: number; ms: number; heapMiB: number; rssMiB: number; placed: number; peak: number }[] = [];
for (const n of sizes) {
  const model = largeInstance(machines, n, perService);
  global.gc?.();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const r = place({ model, suggest: false });
  const ms = performance.now() - t0;
  const after = process.memoryUsage();
  const live = r.machines.filter((m) => !m.failed);
  const mean = live.reduce((a, m) => a + Math.max(m.used.cpu / m.usable.cpu, m.used.memory / m.usable.memory), 0) / live.length;
  rows.push({
    replicas: n,
    ms,
    heapMiB: (after.heapUsed - before.heapUsed) / 2 ** 20,
    rssMiB: process.resourceUsage().maxRSS / 1024,
    placed: r.assignments.length,
    peak: r.peak,
  });
  console.log(
    `${machines} machines, ${n.toLocaleString("en")} replicas in ${model.services.length} services: ${(ms / 1000).toFixed(2)} s, ` +
      `placed ${r.assignments.length.toLocaleString("en")} (${r.unplaced.length} unplaced), peak utilisation ${(r.peak * 100).toFixed(1)}% (mean ${(mean * 100).toFixed(1)}%), ` +
      `heap +${rows.at(-1)!.heapMiB.toFixed(0)} MiB, max RSS ${rows.at(-1)!.rssMiB.toFixed(0)} MiB`,
  );
  if (validate) {
    const v = violations(model, r.assignments);
    console.log(`  violations: ${v.length}`);
  }
}
for (let i = 1; i < rows.length; i++) {
  const a = rows[i - 1]!;
  const b = rows[i]!;
  console.log(`  ${a.replicas} → ${b.replicas} replicas (×${b.replicas / a.replicas}): time ×${(b.ms / a.ms).toFixed(1)}`);
}
