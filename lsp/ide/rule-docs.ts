// What each placement rule and `survive` means, in the words of
// docs/language.md: completion offers the rules with them, hover explains a
// rule's keyword with them.
import type * as A from "../../language/syntax/ast.js";

export interface RuleDoc {
  keyword: string;
  /** The rule's form, as a snippet for completion. */
  snippet: string;
  /** One line, for completion's detail. */
  short: string;
  /** The form and what it does, for hover (Markdown). */
  long: string;
}

export const placeRuleDocs: readonly RuleDoc[] = [
  { keyword: "on", snippet: 'on ${1:label} == "${2}"', short: "only machines whose labels match", long: "`on SELECTOR`: a hard filter: only machines whose labels match may run a replica (`tier == \"web\"`, `zone in [\"a\", \"b\"]`, `has gpu`, with `&&`, `||`, `!`); several `on` rules must all hold." },
  { keyword: "prefer", snippet: 'prefer ${1:label} == "${2}" weight ${3:10}', short: "a soft preference", long: "`prefer SELECTOR [weight N]`: a soft preference for machines that match, weighed against balance; `N` in 1..100, default 1." },
  { keyword: "spread", snippet: "spread by ${1:zone}", short: "balance replicas across the values of a label", long: "`spread by LABEL [skew N]`: balance replicas across the values of a label: the most-loaded value has at most `N` more replicas than the least-loaded; `N` ≥ 1, default 1." },
  { keyword: "max", snippet: "max ${1:1} per node", short: "at most N replicas on one machine", long: "`max N per node`: at most `N` replicas of this service on one machine (`N` ≥ 1; at most one such rule)." },
  { keyword: "avoid", snippet: "avoid ${1:service}", short: "never on a machine that runs this service", long: "`avoid SERVICE`: never on a machine that runs a replica of `SERVICE` (and `SERVICE` keeps off this one's machines too)." },
  { keyword: "near", snippet: "near ${1:service}", short: "only on machines that run this service", long: "`near SERVICE`: only on machines that run a replica of `SERVICE`." },
];

export const surviveDoc: RuleDoc = {
  keyword: "survive",
  snippet: "survive ${1:1} node failure",
  short: "every replica survives N lost machines",
  long: "`survive N node failures`: every replica must still have a place to go if any `N` machines fail at once; `herd check` tries every such set (H0602). `N` from 0 to 100; the largest written counts.",
};

const byRule: Record<string, RuleDoc | undefined> = {
  OnRule: placeRuleDocs[0],
  PreferRule: placeRuleDocs[1],
  SpreadRule: placeRuleDocs[2],
  MaxPerNodeRule: placeRuleDocs[3],
  AvoidRule: placeRuleDocs[4],
  NearRule: placeRuleDocs[5],
  SurviveRule: surviveDoc,
};

/** The doc of a rule node (a `place` rule or `survive`), if it is one. */
export function ruleDocOf(n: A.AnyNode): RuleDoc | undefined {
  return byRule[n.kind];
}
