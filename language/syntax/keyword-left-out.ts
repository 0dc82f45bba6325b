// A block declaration whose keyword is left out (`home-assistant {` where
// `service home-assistant {` was): its fields say which declaration it is,
// and read as that one, its name still exists, so what uses it (`avoid
// home-assistant`, `db.endpoints`) is not reported as well. Only when the
// fields name one kind of block: a service's, a node's or a pool's.
import type { TokenType } from "chevrotain";
import * as T from "./tokens.js";

/** After the name: the block's `{`. */
const opensBlock = /[ \t]*\{/y;

/** Fields only one kind of block has, at the start of a line of its body. */
const kinds: readonly (readonly [string, TokenType, RegExp])[] = [
  ["service", T.Service, /^[ \t]+(?:replicas|run|health|rollout|place)\b/m],
  ["node", T.Node, /^[ \t]+(?:address|hardwareConfig|sshUser)\b/m],
  ["pool", T.Pool, /^[ \t]+(?:count|machine)\b/m],
];

/** The body after the `{` at `open`: up to the first line that starts with `}` or a word (the next declaration). */
function bodyAfter(text: string, open: number): string {
  const end = /\n[}A-Za-z_]/g;
  end.lastIndex = open;
  const m = end.exec(text);
  return text.slice(open, m ? m.index : text.length);
}

/** The keyword left out before the name at [start, end) (the caller checks nothing but indentation precedes it on its line, outside brackets). */
export function keywordLeftOut(text: string, end: number): { keyword: string; type: TokenType } | undefined {
  opensBlock.lastIndex = end;
  if (!opensBlock.test(text)) return undefined;
  const body = bodyAfter(text, opensBlock.lastIndex);
  const found = kinds.filter(([, , fields]) => fields.test(body));
  return found.length === 1 ? { keyword: found[0]![0], type: found[0]![1] } : undefined;
}
