// `on` and `prefer` selectors against a machine's labels. A comparison with
// a label the machine lacks is false for `==`, `in` and `has`, and true for
// `!=` (as Kubernetes' NotIn). Selectors print back as the user wrote them.
import type { Selector } from "../../../language/eval/values.js";

export function matches(s: Selector, labels: Readonly<Record<string, string>>): boolean {
  switch (s.op) {
    case "eq":
      return Object.hasOwn(labels, s.label) && labels[s.label] === s.value;
    case "ne":
      return !Object.hasOwn(labels, s.label) || labels[s.label] !== s.value;
    case "in":
      return Object.hasOwn(labels, s.label) && s.values.includes(labels[s.label]!);
    case "has":
      return Object.hasOwn(labels, s.label);
    case "not":
      return !matches(s.operand, labels);
    case "and":
      return s.operands.every((o) => matches(o, labels));
    case "or":
      return s.operands.some((o) => matches(o, labels));
  }
}

export function selectorText(s: Selector): string {
  switch (s.op) {
    case "eq":
      return `${s.label} == ${JSON.stringify(s.value)}`;
    case "ne":
      return `${s.label} != ${JSON.stringify(s.value)}`;
    case "in":
      return `${s.label} in [${s.values.map((v) => JSON.stringify(v)).join(", ")}]`;
    case "has":
      return s.label;
    case "not":
      return `!(${selectorText(s.operand)})`;
    case "and":
    case "or":
      return s.operands.map((o) => (o.op === "and" || o.op === "or" ? `(${selectorText(o)})` : selectorText(o))).join(s.op === "and" ? " && " : " || ");
  }
}

/**
 * Why a machine fails a selector, in the user's terms: "has tier=frontend,
 * not data", "has no tier label". Undefined when it matches.
 */
export function mismatch(s: Selector, labels: Readonly<Record<string, string>>): string | undefined {
  if (matches(s, labels)) return undefined;
  switch (s.op) {
    case "eq":
      return Object.hasOwn(labels, s.label) ? `${s.label}=${labels[s.label]}, not ${s.value}` : `no ${s.label} label`;
    case "in":
      return Object.hasOwn(labels, s.label) ? `${s.label}=${labels[s.label]}, not ${s.values.join(" or ")}` : `no ${s.label} label`;
    case "has":
      return `no ${s.label} label`;
    case "ne":
      return `${s.label}=${s.value}`;
    case "and":
      for (const o of s.operands) {
        const m = mismatch(o, labels);
        if (m) return m;
      }
      return undefined;
    default:
      return `labels that do not match ${selectorText(s)}`;
  }
}
