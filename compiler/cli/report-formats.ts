// Machine-readable diagnostic reports: JSON, SARIF 2.1.0 (code scanning) and
// GitHub Actions workflow commands. Lines and columns are 1-based.
import { allCodes, catalogue } from "../../language/diagnostics/codes.js";
import type { Diagnostic } from "../../language/diagnostics/diagnostic.js";
import type { SourceText } from "../../language/syntax/source.js";

export interface Region {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Located extends Region {
  diagnostic: Diagnostic;
  /** The path shown to the user. */
  path: string;
  /** The fix's edits in this file, located: a region replaced by a text (an empty region inserts). */
  edits?: (Region & { newText: string })[];
}

export function locate(d: Diagnostic, source: SourceText | undefined, path: string): Located {
  const region = (span: { start: number; end: number }): Region => {
    const a = source?.positionAt(span.start) ?? { line: 0, character: 0 };
    const b = source?.positionAt(span.end) ?? a;
    return { line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
  };
  const out: Located = { diagnostic: d, path, ...region(d.span) };
  const fix = d.fix;
  if (source && fix && fix.edits.length > 0 && (fix.file === undefined || fix.file === d.file)) out.edits = fix.edits.map((e) => ({ ...region(e.span), newText: e.newText }));
  return out;
}

export function toJson(items: Located[]): string {
  return JSON.stringify(
    {
      diagnostics: items.map((l) => {
        const out: Record<string, unknown> = {
          file: l.path,
          line: l.line,
          column: l.column,
          endLine: l.endLine,
          endColumn: l.endColumn,
          severity: l.diagnostic.severity,
          code: l.diagnostic.code,
          message: l.diagnostic.message,
        };
        if (l.diagnostic.fix) out["suggestion"] = l.diagnostic.fix.message;
        if (l.edits) out["edits"] = l.edits;
        return out;
      }),
    },
    null,
    2,
  );
}

const docsUrl = "https://github.com/herd-lang/herd/blob/main/docs/diagnostics.md";

export function toSarif(items: Located[], version: string): string {
  const used = new Set(items.map((l) => l.diagnostic.code));
  const rules = allCodes.filter((c) => used.has(c)).map((c) => ({
    id: c,
    name: catalogue[c].title.replace(/(^|\s)(\w)/g, (_, s: string, ch: string) => (s ? "" : "") + ch.toUpperCase()),
    shortDescription: { text: catalogue[c].title },
    helpUri: `${docsUrl}#${c.toLowerCase()}`,
    defaultConfiguration: { level: level(catalogue[c].severity) },
  }));
  return JSON.stringify(
    {
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      version: "2.1.0",
      runs: [
        {
          tool: { driver: { name: "herd", version, informationUri: "https://github.com/herd-lang/herd", rules } },
          results: items.map((l) => ({
            ruleId: l.diagnostic.code,
            level: level(l.diagnostic.severity),
            message: { text: l.diagnostic.message + (l.diagnostic.fix ? ` (${l.diagnostic.fix.message})` : "") },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: uriOf(l.path) },
                  region: sarifRegion(l),
                },
              },
            ],
            ...(l.edits && l.diagnostic.fix
              ? {
                  fixes: [
                    {
                      description: { text: l.diagnostic.fix.message },
                      artifactChanges: [{ artifactLocation: { uri: uriOf(l.path) }, replacements: l.edits.map((e) => ({ deletedRegion: sarifRegion(e), insertedContent: { text: e.newText } })) }],
                    },
                  ],
                }
              : {}),
          })),
        },
      ],
    },
    null,
    2,
  );
}

const uriOf = (path: string) => path.split("\\").join("/");

/** A SARIF region; one whose end is its start is an insertion point. */
function sarifRegion(r: Region) {
  return { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

function level(s: Diagnostic["severity"]): "error" | "warning" | "note" {
  return s === "info" ? "note" : s;
}

/** GitHub Actions annotations: `::error file=…,line=…::message`. */
export function toGithub(items: Located[]): string {
  const esc = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const prop = (s: string) => esc(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  return items
    .map((l) => {
      const kind = l.diagnostic.severity === "error" ? "error" : l.diagnostic.severity === "warning" ? "warning" : "notice";
      const msg = l.diagnostic.message + (l.diagnostic.fix ? ` (${l.diagnostic.fix.message})` : "");
      return `::${kind} file=${prop(l.path)},line=${l.line},col=${l.column},endLine=${l.endLine},endColumn=${l.endColumn},title=${prop(l.diagnostic.code)}::${esc(msg)}`;
    })
    .join("\n");
}
