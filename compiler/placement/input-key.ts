// What placement reads from a system model, as lines of text: two models
// with the same lines are placed identically. The language server re-places the fleet
// only when the key changes (most keystrokes change a command, a string, a
// comment — nothing placement reads). Source positions are left out: they do
// not change where replicas go, only where diagnostics point.
import type { MachineModel, ServiceModel, SystemModel } from "../../language/eval/model.js";
import type { Lock } from "./types.js";
import { serviceSettingsText } from "./lock.js";

// The analysis hands back the same service and machine models while their
// files are unchanged (language/eval/system.ts), so each line is made once.
const serviceTexts = new WeakMap<ServiceModel, string>();
const machineTexts = new WeakMap<MachineModel, string>();

function serviceText(s: ServiceModel): string {
  let t = serviceTexts.get(s);
  if (t === undefined) serviceTexts.set(s, (t = `${s.name} ${s.replicas} ${serviceSettingsText(s)}`));
  return t;
}

function machineText(m: MachineModel): string {
  let t = machineTexts.get(m);
  if (t === undefined) {
    const r = m.resources;
    machineTexts.set(m, (t = JSON.stringify([m.name, m.pool ?? null, r.cpu, r.memory, r.disk, m.labels])));
  }
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
