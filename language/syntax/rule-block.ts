// `pace { on tier == "web" }`: a block of placement rules under a name that
// is not `place` (a misspelling, most likely). Both parsers read it as a
// place block held by a field of that name, so that the one mistake is the
// name (H0302: unknown field, did you mean `place`, with the fix) rather than
// every rule inside being a syntax error and the rest of the body lost.
import type { TokenType } from "chevrotain";
import * as T from "./tokens.js";

const ruleKeywords = new Set<TokenType>([T.On, T.Prefer, T.Spread, T.Max, T.Avoid, T.Near]);
/** Whether a token is a rule's keyword (`on`, `spread`, …). */
export const isRuleKeyword = (t: TokenType): boolean => ruleKeywords.has(t);

/** After a rule keyword, these make it a field's name instead (`max = 3`, `on.x`, `near { … }`). */
const fieldFollowers = new Set<TokenType>([T.Eq, T.Dot, T.LCurly, T.Colon, T.Comma, T.RCurly, T.Newline]);

/**
 * Whether the name at la(1) (not `place`) opens a block of rules: `{` follows
 * it, and the block's first item is a rule keyword used as one. `la(k)` is
 * the type of the k-th token ahead, undefined past the end.
 */
export function namedRulesAhead(la: (k: number) => TokenType | undefined): boolean {
  if (la(1) === T.Place || la(2) !== T.LCurly) return false;
  let k = 3;
  while (la(k) === T.Newline) k++;
  const first = la(k);
  const after = la(k + 1);
  return first !== undefined && ruleKeywords.has(first) && after !== undefined && !fieldFollowers.has(after);
}
