// What placement reads from a system model, as lines of text: two models
// with the same lines are placed identically. The language server re-places the fleet
// only when the key changes (most keystrokes change a command, a string, a
// comment — nothing placement reads). Source positions are left out: they do
// not change where replicas go, only where diagnostics point.
import type { MachineModel, ServiceModel, SystemModel } from "../../language/eval/model.js";
import type { Lock } from "./types.js";
import { rulesKey, serviceSettingsText } from "./lock.js";

/** The lines of one model, with the machine and service models they were made from. */
export interface PlacementInput {
  readonly lines: readonly string[];
  readonly machines: readonly MachineModel[];
  readonly services: readonly ServiceModel[];
}

function serviceText(s: ServiceModel): string {
  return `${s.name} ${s.replicas} ${serviceSettingsText(s)}`;
}

function machineText(m: MachineModel): string {
  const r = m.resources;
  return JSON.stringify([m.name, m.pool ?? null, r.cpu, r.memory, r.disk, m.labels]);
}

/** Whether placement reads the same from two models of one service (a service evaluated again after an edit that placement does not see). */
function samePlacementSettings(a: ServiceModel, b: ServiceModel): boolean {
  if (a.name !== b.name || a.replicas !== b.replicas) return false;
  // Parts the analysis carried over from the model before are the same objects (language/eval/system.ts).
  const ra = a.resources;
  const rb = b.resources;
  if (ra !== rb && (ra.cpu !== rb.cpu || ra.memory !== rb.memory || ra.disk !== rb.disk)) return false;
  if (a.ports !== b.ports) {
    if (a.ports.length !== b.ports.length) return false;
    for (let i = 0; i < a.ports.length; i++) if (a.ports[i] !== b.ports[i]) return false;
  }
  return a.placement === b.placement || rulesKey(a.placement) === rulesKey(b.placement);
}

/**
 * What placement reads, one line per machine and service (compare with
 * `sameInput`). Given the input of the model before, a line whose model is
 * the same (the analysis hands back the same models while their files are
 * unchanged, language/eval/system.ts), or a service's model that placement
 * reads alike, is the line made then: most lines are made once, and equal
 * inputs compare by pointer.
 */
export function placementInputKey(model: SystemModel, lock: Lock | undefined, before?: PlacementInput): PlacementInput {
  const lines: string[] = [];
  const p = model.policy;
  lines.push(JSON.stringify([p.survive, p.reserve.cpu, p.reserve.memory, p.reserve.disk, p.maxUtilization]));
  // Models come in declaration order, which edits rarely change: the one at the same position is the one to compare with.
  const ms = model.machines;
  const bm = before?.machines;
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i]!;
    lines.push(bm && bm[i] === m ? before!.lines[1 + i]! : machineText(m));
  }
  lines.push("");
  const ss = model.services;
  const bs = before?.services;
  const from = bm ? bm.length + 2 : 0;
  for (let i = 0; i < ss.length; i++) {
    const s = ss[i]!;
    const b = bs?.[i];
    lines.push(b && (b === s || samePlacementSettings(b, s)) ? before!.lines[from + i]! : serviceText(s));
  }
  lines.push(lock ? lockText(lock) : "");
  return { lines, machines: ms, services: ss };
}

// A lock read once is the same object while its file is unchanged (lsp/ide/snapshot.ts): its text is made once.
const lockTexts = new WeakMap<Lock, string>();

function lockText(lock: Lock): string {
  let t = lockTexts.get(lock);
  if (t === undefined) lockTexts.set(lock, (t = JSON.stringify(lock)));
  return t;
}

/** Whether two inputs are the same. Lines made from unchanged models are the very same strings, so this is mostly pointer comparisons. */
export function sameInput(a: PlacementInput, b: PlacementInput): boolean {
  const x = a.lines;
  const y = b.lines;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
