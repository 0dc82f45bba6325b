// Selection ranges ("expand selection"): from the word at the cursor outwards
// through the syntax nodes that contain it, each a strictly larger span, up
// to the whole file.
import type { Snapshot } from "./snapshot.js";

export interface SelectionSpan {
  start: number;
  end: number;
}

/** The spans around `offset`, innermost first. */
export function selectionSpans(snap: Snapshot, file: string, offset: number): SelectionSpan[] {
  const m = snap.module(file);
  if (!m) return [];
  const out: SelectionSpan[] = [];
  const nodes = snap.nodesAt(file, offset);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i]!;
    const last = out[out.length - 1];
    // Only growing spans: a node that merely wraps another (a field's single key) adds no step.
    if (n.end <= n.start || (last && n.start >= last.start && n.end <= last.end)) continue;
    out.push({ start: n.start, end: n.end });
  }
  const whole = { start: 0, end: m.source.text.length };
  const last = out[out.length - 1];
  if (!last || last.start > 0 || last.end < whole.end) out.push(whole);
  return out;
}
