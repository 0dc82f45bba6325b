// What the parser's actions need besides the grammar: decoding literals
// (escapes, numbers, units, `"""` indentation), attaching `///` doc comments,
// operator precedence, and the syntax problems the grammar itself cannot see
// (missing separators, chained comparisons, unknown units). One builder per
// parse; it collects its diagnostics.
import type { IToken } from "chevrotain";
import { diagnostic, type Diagnostic, type Fix } from "../diagnostics/diagnostic.js";
import { closest } from "../diagnostics/suggest.js";
import type * as A from "./ast.js";
import type { Comment } from "./scanner.js";
import type { Span } from "./source.js";
import { unitAliases, units, type UnitInfo } from "./units.js";

interface DocGroup {
  span: Span;
  text: string;
  used: boolean;
}

/** A separator missing between two items: reported unless a parse error explains it. */
interface MissingSeparator {
  between: Span;
  diagnostic: Diagnostic;
}

/** What the builder reads of a token: Chevrotain's token objects have it, and the direct parser makes it for the few tokens it hands over (token-stream.ts). */
export type TokenText = Pick<IToken, "image" | "startOffset" | "endOffset" | "isInsertedInRecovery">;

export function tokenSpan(t: TokenText): Span | undefined {
  if (t.isInsertedInRecovery || Number.isNaN(t.startOffset) || t.startOffset < 0) return undefined;
  return { start: t.startOffset, end: (t.endOffset ?? t.startOffset - 1) + 1 };
}

/**
 * The `args` of every record call (`f { a = 1 }`): none, shared and frozen.
 * Its arguments are the record's fields; a copy of them as arguments was a
 * tenth of a large workspace's syntax trees.
 */
export const recordCallArgs = Object.freeze([]) as unknown as A.Arg[];

/** Binding strength of binary operators; `==`-level and `<`-level do not chain. */
const precedence: Record<string, number> = { "??": 1, "||": 2, "&&": 3, "==": 4, "!=": 4, "<": 5, "<=": 5, ">": 5, ">=": 5, "+": 6, "-": 6, "*": 7, "/": 7, "%": 7 };
const nonAssociative = new Set([4, 5]);

/** Each unit's own string, so that a literal's `unit` is the one string for it. */
const unitNames = new Map([...units.keys()].map((u) => [u, u]));

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export class TreeBuilder {
  readonly diagnostics: Diagnostic[] = [];
  private readonly missingSeparators: MissingSeparator[] = [];
  private readonly docAt = new Map<number, DocGroup>();
  private readonly docGroups: DocGroup[] = [];
  /** `///` after code on a line: documents nothing. */
  private readonly trailingDocs: Span[] = [];

  constructor(
    readonly text: string,
    readonly file: string,
    comments: readonly Comment[],
  ) {
    this.collectDocs(comments);
  }

  error(span: Span, message: string, fix?: Fix): void {
    this.diagnostics.push(diagnostic("H0110", this.file, span, message, fix ? { fix } : {}));
  }

  // ───────────── doc comments ─────────────

  private collectDocs(comments: readonly Comment[]): void {
    let group: DocGroup | undefined;
    let lastEnd = -1;
    for (const c of comments) {
      if (c.kind === "doc" && !c.ownLine) this.trailingDocs.push({ start: c.start, end: c.end });
      if (c.kind !== "doc" || !c.ownLine) {
        group = undefined;
        continue;
      }
      const between = lastEnd >= 0 ? this.text.slice(lastEnd, c.start) : "";
      if (group && /^[ \t\r]*\n[ \t\r]*$/.test(between)) {
        group.span.end = c.end;
        group.text += "\n" + stripOneSpace(c.text);
      } else {
        group = { span: { start: c.start, end: c.end }, text: stripOneSpace(c.text), used: false };
        this.docGroups.push(group);
      }
      lastEnd = c.end;
    }
    // A group documents what starts on the very next line (no blank line between).
    for (const g of this.docGroups) {
      let k = g.span.end;
      let lines = 0;
      while (k < this.text.length && /\s/.test(this.text[k]!)) {
        if (this.text[k] === "\n") lines++;
        k++;
      }
      if (lines <= 1) this.docAt.set(k, g);
    }
  }

  /** The doc comment standing right above something that starts at `start`. */
  docFor(start: number): A.DocComment | undefined {
    const g = this.docAt.get(start);
    if (!g) return undefined;
    g.used = true;
    return { start: g.span.start, end: g.span.end, text: g.text };
  }

  // ───────────── separators ─────────────

  missingSeparator(prevEnd: number, nextStart: number, what: string, sepText: "`,`" | "a line break" | "a line break or `,`"): void {
    const between = { start: prevEnd, end: nextStart };
    // `fn f(port Port)`: a parameter's name, then a type's (capitalised), is a `:` left out, not two parameters.
    if (what === "parameters" && /[(,]\s*[A-Za-z_][A-Za-z0-9_-]*$/.test(this.text.slice(Math.max(0, prevEnd - 80), prevEnd)) && /^[A-Z][A-Za-z0-9_]*\b/.test(this.text.slice(nextStart, nextStart + 40))) {
      this.missingSeparators.push({
        between,
        diagnostic: diagnostic("H0111", this.file, between, "expected `:` between the parameter's name and its type", { fix: { message: "insert `:`", edits: [{ span: { start: prevEnd, end: prevEnd }, newText: ":" }] } }),
      });
      return;
    }
    this.missingSeparators.push({
      between,
      diagnostic: diagnostic("H0111", this.file, between, `expected ${sepText} between ${what}`, {
        // Where a comma will do, it is the smaller edit: items on one line stay on one line.
        fix: sepText === "a line break" ? { message: "insert a line break", edits: [{ span: { start: prevEnd, end: prevEnd }, newText: "\n" }] } : { message: "insert `,`", edits: [{ span: { start: prevEnd, end: prevEnd }, newText: "," }] },
      }),
    });
  }

  /** Everything collected, once the parse errors are known: a missing
   * separator next to a parse error is the same mistake, so it is dropped. */
  finish(errorOffsets: readonly number[]): Diagnostic[] {
    for (const m of this.missingSeparators) {
      const near = errorOffsets.some((o) => o >= m.between.start - 1 && o <= m.between.end + 1);
      if (!near) this.diagnostics.push(m.diagnostic);
    }
    // The fix makes each `///` a plain comment (`//`).
    const plain = (span: { start: number; end: number }) => {
      const edits = [];
      for (let at = this.text.indexOf("///", span.start); at >= 0 && at < span.end; at = this.text.indexOf("///", at + 3)) edits.push({ span: { start: at, end: at + 3 }, newText: "//" });
      return { fix: { message: "make it a `//` comment", edits } };
    };
    for (const t of this.trailingDocs) {
      this.diagnostics.push(diagnostic("H0113", this.file, t, "a `///` doc comment must stand on its own line, directly above what it documents; use `//` after code", plain(t)));
    }
    for (const g of this.docGroups) {
      if (!g.used) {
        this.diagnostics.push(
          diagnostic("H0113", this.file, g.span, "this doc comment documents nothing: `///` must stand directly above a declaration or field; use `//` for other comments", plain(g.span)),
        );
      }
    }
    return this.diagnostics;
  }

  // ───────────── operators ─────────────

  /** Precedence climbing over a flat chain of operands and operators. */
  binary(operands: (A.Expr | undefined)[], ops: TokenText[], fallback: Span): A.Expr {
    let i = 0;
    let j = 0;
    const climb = (minPrec: number): A.Expr => {
      let left = operands[i++] ?? errorExpr({ start: fallback.end, end: fallback.end });
      while (j < ops.length && precedence[ops[j]!.image]! >= minPrec) {
        const op = ops[j++]!;
        const prec = precedence[op.image]!;
        const opSpan = tokenSpan(op) ?? { start: left.end, end: left.end };
        if (nonAssociative.has(prec) && left.kind === "Binary" && precedence[left.op] === prec) {
          this.error(opSpan, `comparisons cannot be chained: write \`a ${left.op} b && b ${op.image} c\``);
        }
        const right = i < operands.length && operands[i] ? climb(prec + 1) : (i++, undefined);
        // One literal with every field (see direct-parser.ts): `right` is undefined when missing.
        left = { kind: "Binary", op: op.image as A.BinaryOp, opSpan, left, start: left.start, end: right ? right.end : opSpan.end, right };
      }
      return left;
    };
    return climb(0);
  }

  // ───────────── literals ─────────────

  intValue(t: TokenText): number {
    const v = Number(t.image.includes("_") ? t.image.replace(/_/g, "") : t.image);
    if (!Number.isSafeInteger(v)) {
      this.diagnostics.push(diagnostic("H0105", this.file, tokenSpan(t)!, `\`${t.image}\` is too large: integers must be below 2^53`));
      return 0;
    }
    return v;
  }

  unitLiteral(t: TokenText, span: Span): A.UnitExpr {
    // The scanner made it digits, perhaps a fraction, then letters: split at the first letter.
    const image = t.image;
    let at = 0;
    while (at < image.length && !isLetter(image.charCodeAt(at))) at++;
    const digits = image.slice(0, at);
    const written = image.slice(at);
    const num = at > 0 ? Number(digits.includes("_") ? digits.replace(/_/g, "") : digits) : 0;
    // A known unit's one string (the trees keep it in every literal).
    const unit = unitNames.get(written) ?? written;
    const info = units.get(unit);
    if (!info && /^[A-Za-z]+$/.test(unit)) {
      const unitSpan = { start: span.start + at, end: span.end };
      const meant = unitAliases.get(unit) ?? closest(unit, units.keys());
      this.diagnostics.push(
        diagnostic("H0104", this.file, unitSpan, `unknown unit \`${unit}\`${meant ? `; did you mean \`${meant}\`?` : ""}`, {
          fix: meant
            ? { message: `write \`${digits}${meant}\``, edits: [{ span: unitSpan, newText: meant }] }
            : { message: "units are B, KB, MB, GB, TB, KiB, MiB, GiB, TiB (bytes); m (millicores); ms, s, min, h, d (time)", edits: [] },
        }),
      );
    } else if (info && !Number.isInteger(num * info.scale)) {
      const base = info.dimension === "Bytes" ? "byte" : info.dimension === "Cpu" ? "millicore" : "millisecond";
      const whole = wholeAmount(num * info.scale, unit, info);
      this.diagnostics.push(
        diagnostic("H0105", this.file, span, `\`${t.image}\` is not a whole number of ${base}s`, {
          fix: { message: `round it to \`${whole}\``, edits: [{ span, newText: whole }] },
        }),
      );
    }
    return { kind: "Unit", value: num, unit, start: span.start, end: span.end };
  }

  regex(t: TokenText): string {
    const pattern = decodeRegex(t.image);
    try {
      new RegExp(pattern, "u");
    } catch (e) {
      this.diagnostics.push(diagnostic("H0105", this.file, tokenSpan(t)!, `invalid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, "")}`));
    }
    return pattern;
  }

  /** The text of a string that must not interpolate (keys, import paths). */
  plainString(str: A.StringExpr, what: string): string {
    let out = "";
    for (const p of str.parts) {
      if (p.kind === "Text") out += p.value;
      else this.error(p, `${what} cannot contain \`\${…}\``);
    }
    return out;
  }

  textPart(t: TokenText, nix: boolean, triple: boolean): A.StringTextPart | undefined {
    const s = tokenSpan(t);
    if (!s) return undefined;
    return { kind: "Text", value: nix ? decodeNix(t.image, triple) : decodeEscapes(t.image), start: s.start, end: s.end };
  }

  /** `"""` strings: drop the line break after the opening quotes and the
   * indentation of the closing quotes from every line (as Swift does). */
  trimTripleQuoted(parts: (A.StringTextPart | A.InterpPart)[], span: Span): void {
    const text = this.text;
    const closeAt = text.lastIndexOf('"""', span.end);
    let k = closeAt - 1;
    while (k >= 0 && (text[k] === " " || text[k] === "\t")) k--;
    const closingOwnLine = k >= 0 && text[k] === "\n";
    const indent = closingOwnLine ? text.slice(k + 1, closeAt) : "";
    const first = parts[0];
    if (first?.kind === "Text") first.value = first.value.replace(/^[ \t]*\r?\n/, "");
    const last = parts[parts.length - 1];
    if (closingOwnLine && last?.kind === "Text") last.value = last.value.replace(/\r?\n[ \t]*$/, "");
    if (indent.length === 0) return;
    let atLineStart = true;
    for (const p of parts) {
      if (p.kind !== "Text") {
        atLineStart = false;
        continue;
      }
      const lines = p.value.split("\n");
      p.value = lines.map((l, i) => ((i > 0 || atLineStart) && l.startsWith(indent) ? l.slice(indent.length) : l)).join("\n");
      atLineStart = p.value.endsWith("\n");
    }
  }
}

/**
 * The nearest whole amount (at least one base unit) to `amount` base units,
 * written in the largest unit of the literal's family that divides it and is
 * no larger than the unit written: `0.5m` → `1m`, `1.3MiB` → `1363149B`,
 * `2.5ms` → `3ms`.
 */
function wholeAmount(amount: number, unit: string, info: UnitInfo): string {
  const rounded = Math.max(1, Math.round(amount));
  const binary = unit.endsWith("iB");
  const candidates = [...units]
    .filter(([name, u]) => u.dimension === info.dimension && u.scale <= info.scale && (name === "B" || name.endsWith("iB") === binary))
    .sort((a, b) => b[1].scale - a[1].scale);
  for (const [name, u] of candidates) if (rounded % u.scale === 0) return `${rounded / u.scale}${name}`;
  return `${rounded}${unit}`;
}

export function errorExpr(span: Span): A.ErrorExpr {
  return { kind: "Error", ...span };
}

function stripOneSpace(s: string): string {
  return s.startsWith(" ") ? s.slice(1) : s;
}

function decodeRegex(image: string): string {
  return image.slice(1, image.endsWith("/") && image.length > 1 ? -1 : undefined).replace(/\\\//g, "/");
}

const simpleEscapes: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\", $: "$" };

export function decodeEscapes(raw: string): string {
  if (!raw.includes("\\")) return raw;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const next = raw[i + 1];
    if (next === "u" && raw[i + 2] === "{") {
      const close = raw.indexOf("}", i + 3);
      const cp = close > 0 ? parseInt(raw.slice(i + 3, close), 16) : NaN;
      if (!Number.isNaN(cp) && cp <= 0x10ffff) {
        out += String.fromCodePoint(cp);
        i = close;
        continue;
      }
    }
    if (next !== undefined && next in simpleEscapes) {
      out += simpleEscapes[next];
      i++;
      continue;
    }
    out += next ?? "";
    i++;
  }
  return out;
}

function decodeNix(raw: string, triple: boolean): string {
  if (triple) return raw;
  return raw.replace(/\\(["\\])/g, "$1");
}
