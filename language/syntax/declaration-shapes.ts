// What each declaration keyword is followed by, at the start of a line: the
// scanner's test of a line that starts a declaration (one that ends a `(` or
// `[` left open above it) and the reading of a misspelt keyword
// (misspelt-keyword.ts) both ask this, so a name like `base` in a list is
// taken for neither.
import type { TokenType } from "chevrotain";
import * as T from "./tokens.js";

const name = String.raw`[ \t]+[A-Za-z_][A-Za-z0-9_-]*[ \t]*`;

/** A module's path in quotes, as an import writes it (`"std/services"`, `"./lib/x.sys"`, `"../y.sys"`). */
export const modulePath = String.raw`"(?:std\/|\.{1,2}\/)[^"\n]*"`;

/** Declarations whose keyword is followed by their body, with no name (`policy {`): at the start of a line, both parsers end a block left open there. */
export const namelessDeclarations: ReadonlySet<TokenType> = new Set([T.Base, T.Policy, T.Terraform]);

/** Each keyword, its token, and what follows it in a declaration (sticky: read where the keyword ends). */
export const declarationShapes: readonly (readonly [string, TokenType, RegExp])[] = [
  ["import", T.Import, /[ \t]+"/y],
  ["base", T.Base, /[ \t]*\{/y],
  ["policy", T.Policy, /[ \t]*\{/y],
  ["terraform", T.Terraform, /[ \t]*\{/y],
  ["let", T.Let, new RegExp(`${name}[=:]`, "y")],
  ["type", T.Type, new RegExp(`${name}[=:]`, "y")],
  ["fn", T.Fn, new RegExp(`${name}\\(`, "y")],
  ["service", T.Service, new RegExp(`${name}[{=]`, "y")],
  ["pool", T.Pool, new RegExp(`${name}[{=]`, "y")],
  ["node", T.Node, new RegExp(`${name}[{=]`, "y")],
];

/** All of them as one expression: a keyword and what follows it. */
const declarationLine = new RegExp(`(?:${declarationShapes.map(([keyword, , after]) => keyword + after.source).join("|")})`, "y");

/** Whether the line (from `at`, its first column) starts a declaration. */
export function startsDeclaration(text: string, at: number): boolean {
  declarationLine.lastIndex = at;
  return declarationLine.test(text);
}

/** A declaration's first line that opens its body (`pool web {`, `service db = postgres(…) with {`, `base {`), at the first column. */
const bodyHeader = /(?:base|policy|terraform|service|pool|node)\b[^\n]*\{[ \t]*(?:\/\/[^\n]*)?\n/y;
/** An indented field (`  count = 4`), the whole line. */
const indentedField = /[ \t]+([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=(?!=)[^\n]*\n/y;

/**
 * An indented field line right above a declaration's first line, outside
 * any block (`  count = 4` above `pool web {`): the two lines swapped, or
 * the field typed a line too high. The field's line and the header's, each
 * with its line break; `at` is on the field's line.
 */
export function fieldAboveHeader(text: string, at: number): { field: string; fieldLine: { start: number; end: number }; header: { start: number; end: number } } | undefined {
  const start = text.lastIndexOf("\n", at - 1) + 1;
  indentedField.lastIndex = start;
  const f = indentedField.exec(text);
  if (!f) return undefined;
  const next = start + f[0].length;
  bodyHeader.lastIndex = next;
  const h = bodyHeader.exec(text);
  if (!h) return undefined;
  return { field: f[1]!, fieldLine: { start, end: next }, header: { start: next, end: next + h[0].length } };
}
