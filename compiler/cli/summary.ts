// The resolved system at a glance: machines by pool, services with their
// needs and rules, and total capacity against total demand.
import type { SystemModel, ResourcesModel } from "../../language/eval/model.js";
import { rulesText } from "../placement/rules-text.js";
import { formatBytes, formatCpu } from "../../language/types/types.js";

function res(r: ResourcesModel): string {
  const parts = [`cpu ${formatCpu(r.cpu)}`, `mem ${formatBytes(r.memory)}`];
  if (r.disk > 0) parts.push(`disk ${formatBytes(r.disk)}`);
  return parts.join(", ");
}

function table(rows: string[][]): string[] {
  const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  return rows.map((r) => "  " + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd());
}

export function modelSummary(model: SystemModel, name: string): string {
  const replicas = model.services.reduce((n, s) => n + s.replicas, 0);
  const out: string[] = [`${name}: ${model.machines.length} machine${model.machines.length === 1 ? "" : "s"}, ${model.services.length} service${model.services.length === 1 ? "" : "s"}, ${replicas} replica${replicas === 1 ? "" : "s"}`];
  out.push("", "machines");
  const rows: string[][] = [];
  for (const p of model.pools) {
    const ms = model.machines.filter((m) => m.pool === p.name);
    const m0 = ms[0];
    const where = [...new Set(ms.map((m) => m.location ?? ""))].filter(Boolean).join(", ");
    const labels = [...new Set(ms.flatMap((m) => Object.entries(m.labels).map(([k, v]) => `${k}=${v}`)))].join(" ");
    rows.push([`pool ${p.name}`, `${p.count} × ${m0 ? `${m0.provider} ${m0.machineType}` : "-"}${where ? ` (${where})` : ""}`, m0 ? res(m0.resources) : "", labels]);
  }
  for (const m of model.machines.filter((x) => !x.pool)) {
    const what = m.kind === "existing" ? `existing ${m.address ?? ""}` : `${m.provider} ${m.machineType} (${m.location})`;
    rows.push([`node ${m.name}`, what, res(m.resources), Object.entries(m.labels).map(([k, v]) => `${k}=${v}`).join(" ")]);
  }
  out.push(...(rows.length > 0 ? table(rows) : ["  (none)"]));
  out.push("", "services");
  const srows = model.services.map((s) => [s.name, `${s.replicas} × (${res(s.resources)})`, rulesText(s)]);
  out.push(...(srows.length > 0 ? table(srows) : ["  (none)"]));
  const cap = model.machines.reduce((a, m) => ({ cpu: a.cpu + m.resources.cpu, memory: a.memory + m.resources.memory, disk: a.disk + m.resources.disk }), { cpu: 0, memory: 0, disk: 0 });
  const dem = model.services.reduce((a, s) => ({ cpu: a.cpu + s.resources.cpu * s.replicas, memory: a.memory + s.resources.memory * s.replicas, disk: a.disk + s.resources.disk * s.replicas }), { cpu: 0, memory: 0, disk: 0 });
  out.push("", `capacity  ${res(cap)}`, `demand    ${res(dem)}`);
  if (model.policy.survive > 0) out.push(`policy    survive ${model.policy.survive} node failure${model.policy.survive === 1 ? "" : "s"}`);
  return out.join("\n");
}
