// What placement reads from a system model, as lines of text: two models
// with the same lines are placed identically. The language server re-places the fleet
// only when the key changes (most keystrokes change a command, a string, a
// comment — nothing placement reads). Source positions are left out: they do
// not change where replicas go, only where diagnostics point.
import type { MachineModel, ServiceModel, SystemModel } from "../../language/eval/model.js";
import type { Value } from "../../language/eval/values.js";
import type { Lock } from "./types.js";
import { serviceSettingsText } from "./lock.js";

// The evaluator reuses the values of unchanged files, so a service or machine
// whose evaluated value is the same object has the same text: computed once.
const serviceTexts = new WeakMap<Value, string>();
const machineTexts = new WeakMap<Value, string>();

// Two services (or machines) may share one value (`service a = w`,
// `service b = w`): each text starts with the name, which is checked.
function serviceText(s: ServiceModel): string {
  const cached = serviceTexts.get(s.value);
  if (cached !== undefined && cached.startsWith(`${s.name} `)) return cached;
  const t = `${s.name} ${s.replicas} ${serviceSettingsText(s)}`;
  serviceTexts.set(s.value, t);
  return t;
}

function machineText(m: MachineModel): string {
  const cached = machineTexts.get(m.settings);
  if (cached !== undefined && cached.startsWith(`${JSON.stringify(m.name)},`)) return cached;
  const r = m.resources;
  const t = `${JSON.stringify(m.name)},${JSON.stringify([m.pool ?? null, r.cpu, r.memory, r.disk, m.labels])}`;
  machineTexts.set(m.settings, t);
  return t;
}

/** What placement reads, one line per machine and service (compare with `sameInput`). */
export function placementInputKey(model: SystemModel, previous: Lock | undefined): string[] {
  const parts: string[] = [];
  const p = model.policy;
  parts.push(JSON.stringify([p.survive, p.reserve.cpu, p.reserve.memory, p.reserve.disk, p.maxUtilization]));
  for (const m of model.machines) parts.push(machineText(m));
  parts.push("");
  for (const s of model.services) parts.push(serviceText(s));
  parts.push(previous ? JSON.stringify(previous) : "");
  return parts;
}

/** Whether two inputs are the same. Lines of unchanged files are the very same strings, so this is mostly pointer comparisons. */
export function sameInput(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
