// A name used in several places that another module declares, unimported:
// the import is the one thing missing, so it is one error, at the first
// use, with the import as its fix and the other uses listed with it, rather
// than the same error and fix at every use.
import type { Diagnostic } from "../diagnostics/diagnostic.js";

/** Whether the error's fix edits somewhere other than where it is (the import list), not the use itself (`write net.zones`). */
function fixedAtImport(d: Diagnostic): boolean {
  return d.code === "H0201" && d.fix !== undefined && !d.fix.edits.some((e) => e.span.start <= d.span.start && e.span.end >= d.span.end);
}

/** `diagnostics`, in order, with each unknown name's errors fixed by one import folded into its first (the same array when none repeat). */
export function oneErrorPerMissingImport(diagnostics: readonly Diagnostic[]): readonly Diagnostic[] {
  let first: Map<string, Diagnostic> | undefined;
  let folded: Map<Diagnostic, Diagnostic> | undefined;
  for (const d of diagnostics) {
    if (!fixedAtImport(d)) continue;
    const key = `${d.message}\u0000${d.fix!.edits.map((e) => `${e.span.start}:${e.span.end}:${e.newText}`).join("\u0000")}`;
    const seen = (first ??= new Map()).get(key);
    if (!seen) first.set(key, d);
    else (folded ??= new Map()).set(d, seen);
  }
  if (!folded) return diagnostics;
  // Each first error that others fold into, copied once, with their places as related information.
  const heads = new Map<Diagnostic, Diagnostic>();
  for (const into of folded.values()) if (!heads.has(into)) heads.set(into, { ...into, related: [...(into.related ?? [])] });
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const into = folded.get(d);
    if (into) heads.get(into)!.related!.push({ file: d.file, span: d.span, message: "used here too" });
    else out.push(heads.get(d) ?? d);
  }
  return out;
}
