// Placement problems as diagnostics, on the source of the rule at fault so
// `herd check` and the editor show them where the user can act:
//   H0601 replicas that cannot be placed (one per service),
//   H0602 a failure set that `survive N node failures` does not survive,
//   H0603 a failure analysis stopped by its limit of cases.
import type { SourceRef, SystemModel } from "../../language/eval/model.js";
import { diagnostic, hint, type Diagnostic, type RelatedInfo } from "../../language/diagnostics/diagnostic.js";
import type { SurviveProof } from "./survive.js";
import type { PlacementResult, Reason, UnplacedReplica } from "./types.js";

function span(r: SourceRef): { start: number; end: number } {
  return { start: r.start, end: r.end };
}

function reasonsText(u: UnplacedReplica): string {
  return u.reasons.length === 0 ? u.summary : `${u.summary}: ${u.reasons.map((r) => r.message).join("; ")}`;
}

/** The rule to point at: the largest group of reasons other than `on` filtering (expected to rule out machines) with a source. */
function culprit(reasons: readonly Reason[]): Reason | undefined {
  const real = reasons.filter((r) => r.rule !== "on" && r.rule !== "down");
  if (real.length > 0) return real[0]!.origin ? real[0] : undefined;
  return reasons.find((r) => r.origin);
}

function groupByService(unplaced: readonly UnplacedReplica[]): Map<string, UnplacedReplica[]> {
  const out = new Map<string, UnplacedReplica[]>();
  for (const u of unplaced) {
    const list = out.get(u.service);
    if (list) list.push(u);
    else out.set(u.service, [u]);
  }
  return out;
}

export function placementDiagnostics(model: SystemModel, result: PlacementResult): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [name, list] of groupByService(result.unplaced)) {
    const s = model.services.find((x) => x.name === name);
    if (!s) continue;
    const first = list[0]!;
    const k = list.length;
    const what = k === s.replicas ? (k === 1 ? `\`${name}\`` : `none of the ${k} replicas of \`${name}\``) : `${k} of the ${s.replicas} replicas of \`${name}\``;
    const verb = k === s.replicas && k > 1 ? "can be placed" : "cannot be placed";
    const at = culprit(first.reasons)?.origin ?? s.source;
    const related: RelatedInfo[] = [];
    const seen = new Set<string>([`${at.file}:${at.start}`]);
    for (const r of first.reasons) {
      if (!r.origin || seen.has(`${r.origin.file}:${r.origin.start}`)) continue;
      seen.add(`${r.origin.file}:${r.origin.start}`);
      related.push({ file: r.origin.file, span: span(r.origin), message: r.message });
    }
    out.push(
      diagnostic("H0601", at.file, span(at), `${what} ${verb}: ${reasonsText(first)}`, {
        ...(first.suggestion ? { fix: hint(first.suggestion) } : {}),
        related,
      }),
    );
  }
  return out;
}

function names(xs: readonly string[]): string {
  return xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}

export function surviveDiagnostics(model: SystemModel, proof: SurviveProof): Diagnostic[] {
  const at = model.policy.surviveSource ?? model.policy.source;
  if (!at) return [];
  const out: Diagnostic[] = [];
  const c = proof.counterexample;
  if (c) {
    const groups = groupByService(c.stranded);
    const parts = [...groups].map(([name, list]) => `${name} (${list.length} replica${list.length === 1 ? "" : "s"}: ${reasonsText(list[0]!)})`);
    const related: RelatedInfo[] = [];
    for (const name of groups.keys()) {
      const s = model.services.find((x) => x.name === name);
      if (s) related.push({ file: s.source.file, span: span(s.source), message: `${name} is stranded when ${names(c.failed)} ${c.failed.length === 1 ? "fails" : "fail"}` });
    }
    out.push(
      diagnostic(
        "H0602",
        at.file,
        span(at),
        `the placement does not survive ${proof.n} node failure${proof.n === 1 ? "" : "s"}: if ${names(c.failed)} ${c.failed.length === 1 ? "fails" : "fail"}, ${c.stranded.length} replica${c.stranded.length === 1 ? "" : "s"} ${c.stranded.length === 1 ? "has" : "have"} nowhere to go: ${parts.join("; ")}`,
        { fix: hint(`add spare capacity where these replicas may run, or relax their rules (try \`herd plan --fail ${c.failed.join(" ")}\`)`), related },
      ),
    );
  } else if (!proof.complete) {
    out.push(
      diagnostic("H0603", at.file, span(at), `survive ${proof.n} node failure${proof.n === 1 ? "" : "s"}: only ${proof.checked} kinds of failure were checked before the limit; the rest are unproven`, {
        fix: hint("use fewer kinds of machines, or check larger failures with `herd plan --fail`"),
      }),
    );
  }
  return out;
}
