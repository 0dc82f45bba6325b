// What a machine catalog says of a value: for hover and completion of a
// machine type (`"cx32"` → cpu 4, memory 8GiB, disk 80GB).
import { showValue } from "../../language/eval/values.js";
import type { DeclSymbol } from "../../language/names/symbols.js";
import type { Snapshot } from "./snapshot.js";

/**
 * What a catalog says of a value: a constant of the module that declares the
 * value's type, mapping it to a record (`catalog` in std/hetzner and std/aws:
 * `cx32 = { cpu = 4, memory = 8GiB, disk = 80GB }`).
 */
export function catalogEntry(snap: Snapshot, type: DeclSymbol, value: string): { catalog: string; text: string } | undefined {
  const mod = snap.analysis.modules.get(type.module);
  if (!mod) return undefined;
  for (const sym of mod.decls.symbols.values()) {
    if (sym.kind !== "let") continue;
    const v = snap.analysis.evaluator.letValue(sym);
    const hit = v.t === "map" ? v.entries.get(value) : undefined;
    // Amounts of nothing are defaults nobody wrote (an EC2 type's disk is a volume of its own).
    if (hit?.t === "record") return { catalog: sym.name, text: [...hit.fields].filter(([, x]) => !((x.t === "bytes" || x.t === "cpu") && x.v === 0)).map(([k, x]) => `${k} ${showValue(x)}`).join(", ") };
  }
  return undefined;
}
