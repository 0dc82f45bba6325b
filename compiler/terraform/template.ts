// Terraform string templates: text with `${ expr }` interpolations and
// `%{ … }` directives, where `$${` and `%%{` stand for a literal `${` and
// `%{`. The same syntax in JSON strings and in HCL's quoted strings.

export type Segment =
  /** Literal text as written in the template (escapes such as `$${` kept). */
  | { kind: "text"; source: string }
  /** `${ expr }`: `expr` is the expression between the braces. */
  | { kind: "interp"; expr: string; source: string }
  /** `%{ … }`. */
  | { kind: "directive"; source: string };

/** Literal text as template source: `${` and `%{` doubled. */
export function escapeTemplateText(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/**
 * Joins text and interpolated expressions into one template. A text that
 * ends in `$` right before an interpolation would read as the escape `$${`,
 * so those `$` are written as an interpolation of their own (`${"$"}`).
 */
export function joinTemplate(parts: ({ text: string } | { expr: string })[]): string {
  let out = "";
  parts.forEach((p, i) => {
    if ("expr" in p) {
      out += "${" + p.expr + "}";
      return;
    }
    let text = escapeTemplateText(p.text);
    const next = parts[i + 1];
    const dollars = /\$+$/.exec(text)?.[0];
    if (next && "expr" in next && dollars) text = text.slice(0, -dollars.length) + '${"' + dollars + '"}';
    out += text;
  });
  return out;
}

/** Index just after the closing quote of a quoted string whose body starts at `i`. */
function skipString(src: string, i: number): number {
  while (i < src.length) {
    const c = src[i];
    if (c === "\\") i += 2;
    else if (src.startsWith("$${", i) || src.startsWith("%%{", i)) i += 3;
    else if (src.startsWith("${", i) || src.startsWith("%{", i)) {
      const close = closingBrace(src, i + 2);
      if (close < 0) return src.length;
      i = close + 1;
    } else if (c === '"') return i + 1;
    else i++;
  }
  return src.length;
}

/** Index of the `}` that closes an interpolation whose expression starts at `i`, or -1. */
export function closingBrace(src: string, i: number): number {
  let depth = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"') {
      i = skipString(src, i + 1);
      continue;
    }
    if (c === "{" || c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
    i++;
  }
  return -1;
}

/** The segments of a template; an unterminated `${` is kept as text. */
export function splitTemplate(src: string): Segment[] {
  const out: Segment[] = [];
  let text = "";
  let i = 0;
  const flush = () => {
    if (text !== "") out.push({ kind: "text", source: text });
    text = "";
  };
  while (i < src.length) {
    if (src.startsWith("$${", i) || src.startsWith("%%{", i)) {
      text += src.slice(i, i + 3);
      i += 3;
      continue;
    }
    const interp = src.startsWith("${", i);
    if (interp || src.startsWith("%{", i)) {
      const close = closingBrace(src, i + 2);
      if (close < 0) {
        text += src.slice(i);
        break;
      }
      flush();
      const source = src.slice(i, close + 1);
      out.push(interp ? { kind: "interp", expr: src.slice(i + 2, close), source } : { kind: "directive", source });
      i = close + 1;
      continue;
    }
    text += src[i];
    i++;
  }
  flush();
  return out;
}

/** The expression of a template that is one interpolation and nothing else (`"${x}"` → `x`). */
export function interpolationOnly(src: string): string | undefined {
  const segs = splitTemplate(src);
  if (segs.length !== 1 || segs[0]!.kind !== "interp") return undefined;
  const expr = segs[0].expr;
  if (expr.startsWith("~") || expr.endsWith("~")) return undefined;
  return expr.trim();
}

/** Whether a string holds any interpolation or directive. */
export function hasInterpolation(src: string): boolean {
  return splitTemplate(src).some((s) => s.kind !== "text");
}
