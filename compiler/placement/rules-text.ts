// A service's placement rules in the words of the language, for summaries,
// `herd plan --explain` and placement.json: "on tier == "app" · spread by
// zone · max 1 per node · port 8081".
import type { ServiceModel } from "../../language/eval/model.js";
import { selectorText } from "./constraints/filter.js";

export function rulesText(s: ServiceModel): string {
  const p = s.placement;
  const rules: string[] = [];
  for (const r of p.on) rules.push(`on ${selectorText(r.selector)}`);
  for (const r of p.prefer) rules.push(`prefer ${selectorText(r.selector)} weight ${r.weight}`);
  for (const r of p.spread) rules.push(`spread by ${r.label}${r.skew !== 1 ? ` skew ${r.skew}` : ""}`);
  if (p.maxPerNode) rules.push(`max ${p.maxPerNode.count} per node`);
  for (const r of p.avoid) rules.push(`avoid ${r.service}`);
  for (const r of p.near) rules.push(`near ${r.service}`);
  if (s.ports.length > 0) rules.push(`port${s.ports.length > 1 ? "s" : ""} ${s.ports.join(", ")}`);
  return rules.join(" · ");
}
