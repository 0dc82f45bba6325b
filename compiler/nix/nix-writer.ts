// Writing Nix: a small document model of attribute sets, lists and atoms,
// printed the way a person would lay them out (two-space indentation, one
// attribute per line, short lists on one line, comments above what they
// describe). Atoms are already Nix text; `str` makes a safe string literal.

export type NixNode = string | NixList | NixAttrs;

export interface NixList {
  list: NixNode[];
}

export interface NixAttrs {
  attrs: NixEntry[];
}

export interface NixEntry {
  /** The attribute path, each segment unquoted (quoted when printed, as needed). */
  path: string[];
  value: NixNode;
  /** A comment printed above the entry. */
  comment?: string;
}

const identifier = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/;
const reserved = new Set(["if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or"]);

/** An attribute name, quoted when it is not a plain identifier. A name
 * holding `${…}` of a let-bound name (`${unit}`, `"podman-${unit}"`) stays a
 * dynamic attribute. */
export function key(name: string): string {
  if (/^\$\{[a-zA-Z_][a-zA-Z0-9_]*\}$/.test(name)) return name;
  if (/\$\{[a-zA-Z_][a-zA-Z0-9_]*\}/.test(name)) return '"' + name.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
  return identifier.test(name) && !reserved.has(name) ? name : str(name);
}

/** A Nix string literal holding exactly `text`. */
export function str(text: string): string {
  return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\$\{/g, "\\${").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t") + '"';
}

/** A string mixing text and Nix interpolations: parts are text or `{ expr }`. */
export function interp(parts: (string | { expr: string })[]): string {
  let out = '"';
  for (const p of parts) {
    if (typeof p === "string") out += str(p).slice(1, -1);
    else out += "${" + p.expr + "}";
  }
  return out + '"';
}

/** An indented string (`'' … ''`), for scripts: text and interpolations.
 * Printed at its attribute's indentation (print() indents its lines). */
export function script(parts: (string | { expr: string })[], _indent = ""): string {
  const indent = "";
  let body = "";
  for (const p of parts) {
    if (typeof p === "string") body += p.replace(/''/g, "'''").replace(/\$\{/g, "''${");
    else body += "${" + p.expr + "}";
  }
  const lines = body.replace(/\n$/, "").split("\n");
  return "''\n" + lines.map((l) => (l.length > 0 ? indent + "  " + l : "")).join("\n") + "\n" + indent + "''";
}

export const list = (items: NixNode[]): NixList => ({ list: items });
export const attrs = (entries: (NixEntry | undefined | false | "" | null)[]): NixAttrs => ({ attrs: entries.filter((e): e is NixEntry => !!e) });
export const entry = (path: string | string[], value: NixNode, comment?: string): NixEntry => {
  const e: NixEntry = { path: Array.isArray(path) ? path : path.split("."), value };
  if (comment) e.comment = comment;
  return e;
};

const WIDTH = 100;

function isAtom(n: NixNode): n is string {
  return typeof n === "string";
}

/** Prints a node at an indentation. */
export function print(n: NixNode, indent = ""): string {
  if (isAtom(n)) return n.replace(/\n/g, "\n" + indent).replace(/\n[ ]+\n/g, "\n\n");
  const inner = indent + "  ";
  if ("list" in n) {
    if (n.list.length === 0) return "[ ]";
    const flat = "[ " + n.list.map((x) => (isAtom(x) ? x : print(x, inner))).join(" ") + " ]";
    if (n.list.every(isAtom) && !flat.includes("\n") && flat.length + indent.length <= WIDTH) return flat;
    return "[\n" + n.list.map((x) => inner + wrapListItem(print(x, inner))).join("\n") + "\n" + indent + "]";
  }
  if (n.attrs.length === 0) return "{ }";
  const lines: string[] = [];
  for (const e of n.attrs) {
    if (e.comment) for (const c of e.comment.split("\n")) lines.push(inner + "# " + c);
    lines.push(inner + e.path.map(key).join(".") + " = " + print(e.value, inner) + ";");
  }
  return "{\n" + lines.join("\n") + "\n" + indent + "}";
}

/** Function applications and `a + b` need parentheses inside a list. */
function wrapListItem(s: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_.'"-]*$/.test(s) || /^\.{0,2}\/[A-Za-z0-9._/+-]+$/.test(s) || s.startsWith('"') || s.startsWith("{") || s.startsWith("[") || s.startsWith("(") || s.startsWith("''") || /^-?[0-9]/.test(s)) return s;
  return "(" + s + ")";
}

/** A whole file: a header comment, then an expression. */
export function file(header: string, body: string): string {
  return header.split("\n").map((l) => (l ? "# " + l : "#")).join("\n") + "\n" + body.replace(/[ \t]+$/gm, "") + "\n";
}
