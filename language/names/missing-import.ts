// Names another module declares, used unimported: the import is the one
// thing missing, so it is one error, at the first use, with the import as
// its fix and the other uses listed with it, rather than the same error and
// fix at every use. The same holds for several names one import brings in
// (an import line deleted, or a list that lacks them): one error naming
// them all, whose fix imports them all.
import type { Diagnostic, Fix, TextEdit } from "../diagnostics/diagnostic.js";

/** What an unknown name's import fix (names/import-edit.ts `importHint`) adds, taken apart: the one insertion and the name within it. */
interface ImportFix {
  name: string;
  spec: string;
  edit: TextEdit;
  /** The insertion's text around the name (`\nimport "std/services" { ` and ` }`). */
  before: string;
  after: string;
}

const fixMessage = /^import `([^`]+)` from `([^`]+)`$/;

function importFix(d: Diagnostic): ImportFix | undefined {
  if (d.code !== "H0201" || !d.fix || d.fix.edits.length !== 1) return undefined;
  const edit = d.fix.edits[0]!;
  // Edits the use itself (`write net.zones`): not an import.
  if (edit.span.start <= d.span.start && edit.span.end >= d.span.end) return undefined;
  if (edit.span.start !== edit.span.end) return undefined;
  const m = fixMessage.exec(d.fix.message);
  // Another import (`import "std/aws" as aws`): folded with the errors whose fix is the very same.
  if (!m) return { name: "", spec: "", edit, before: edit.newText, after: "" };
  const name = m[1]!;
  // The name is the insertion's last word (`, name`, ` { name }`, `import "spec" { name }`): its spec may contain it too.
  const at = edit.newText.lastIndexOf(name);
  if (at < 0) return undefined;
  return { name, spec: m[2]!, edit, before: edit.newText.slice(0, at), after: edit.newText.slice(at + name.length) };
}

/** `a`, `b` and `c`. */
function listed(names: readonly string[]): string {
  const q = names.map((n) => `\`${n}\``);
  return q.length === 1 ? q[0]! : `${q.slice(0, -1).join(", ")} and ${q.at(-1)}`;
}

interface Group {
  head: Diagnostic;
  fix: ImportFix;
  /** Distinct names in the order of their first use. */
  names: string[];
  /** Every error folded into the head, with its name. */
  others: { d: Diagnostic; name: string }[];
}

/** `diagnostics`, in order, with the errors that one import would fix folded into the first of them (the same array when there are none to fold). */
export function oneErrorPerMissingImport(diagnostics: readonly Diagnostic[]): readonly Diagnostic[] {
  let groups: Map<string, Group> | undefined;
  let folded: Set<Diagnostic> | undefined;
  for (const d of diagnostics) {
    const f = importFix(d);
    if (!f) continue;
    const key = `${d.file}\u0000${f.edit.span.start}\u0000${f.before}\u0000${f.after}`;
    const g = (groups ??= new Map()).get(key);
    if (!g) {
      groups.set(key, { head: d, fix: f, names: [f.name], others: [] });
      continue;
    }
    if (!g.names.includes(f.name)) g.names.push(f.name);
    g.others.push({ d, name: f.name });
    (folded ??= new Set()).add(d);
  }
  if (!folded) return diagnostics;
  const heads = new Map<Diagnostic, Diagnostic>();
  for (const g of groups!.values()) if (g.others.length > 0) heads.set(g.head, foldedHead(g));
  return diagnostics.filter((d) => !folded!.has(d)).map((d) => heads.get(d) ?? d);
}

/** The first error of a group, standing for all: its message and fix name every name when there are several. */
function foldedHead(g: Group): Diagnostic {
  const several = g.names.length > 1;
  const related = [...(g.head.related ?? []), ...g.others.map(({ d, name }) => ({ file: d.file, span: d.span, message: several ? `\`${name}\` used here` : "used here too" }))];
  if (!several) return { ...g.head, related };
  const types = g.head.message.startsWith("unknown type") && g.others.every(({ d }) => d.message.startsWith("unknown type"));
  const fix: Fix = { message: `import ${listed(g.names)} from \`${g.fix.spec}\``, edits: [{ span: g.fix.edit.span, newText: g.fix.before + g.names.join(", ") + g.fix.after }] };
  return { ...g.head, message: `unknown ${types ? "types" : "names"} ${listed(g.names)}: \`${g.fix.spec}\` declares them, and this file does not import them`, fix, related };
}
