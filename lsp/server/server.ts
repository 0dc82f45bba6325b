// The Herd language server: translates between the Language Server Protocol
// and the plain-data features of lsp/ide/. It owns documents, projects and
// timing; it knows nothing about Herd itself. Every handler is guarded: a
// failure is logged and answered with nothing, never a crash.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  FoldingRangeKind,
  InlayHintKind,
  InsertTextFormat,
  LSPErrorCodes,
  MarkupKind,
  ResponseError,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type CodeAction,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type InitializeParams,
  type InitializeResult,
  type Location,
  type Range,
  type SelectionRange,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic } from "../../language/diagnostics/diagnostic.js";
import { SourceText } from "../../language/syntax/source.js";
import { quickFixes } from "../ide/code-actions.js";
import { organizeImports } from "../ide/organize-imports.js";
import { importEditsForMoves, type FileMove } from "../ide/file-moves.js";
import { completion, type CompletionKind } from "../ide/completion.js";
import { foldingRanges } from "../ide/folding.js";
import { formatEdits } from "../ide/formatting.js";
import { hover } from "../ide/hover.js";
import { inlayHints } from "../ide/inlay-hints.js";
import { definition, highlights, prepareRename, references, rename } from "../ide/navigation.js";
import { typeDefinition } from "../ide/type-definition.js";
import { placementView, statusLine } from "../ide/placement-view.js";
import { Project } from "../ide/project.js";
import { selectionSpans } from "../ide/selection.js";
import { semanticTokens, tokenModifiers, tokenTypes } from "../ide/semantic-tokens.js";
import { signatureHelp } from "../ide/signature-help.js";
import type { Snapshot } from "../ide/snapshot.js";
import { documentSymbols, workspaceSymbols, type SymbolKind as IdeSymbolKind } from "../ide/symbols.js";

const completionKinds: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  field: CompletionItemKind.Field,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  service: CompletionItemKind.Class,
  label: CompletionItemKind.Property,
  module: CompletionItemKind.Module,
  unit: CompletionItemKind.Unit,
  package: CompletionItemKind.Module,
  function: CompletionItemKind.Function,
  type: CompletionItemKind.TypeParameter,
  variable: CompletionItemKind.Variable,
  snippet: CompletionItemKind.Snippet,
};

const symbolKinds: Record<IdeSymbolKind, SymbolKind> = {
  module: SymbolKind.Module,
  service: SymbolKind.Class,
  pool: SymbolKind.Struct,
  node: SymbolKind.Struct,
  constant: SymbolKind.Constant,
  function: SymbolKind.Function,
  type: SymbolKind.TypeParameter,
  field: SymbolKind.Field,
  object: SymbolKind.Object,
  rule: SymbolKind.Property,
};

function severity(s: Diagnostic["severity"]): DiagnosticSeverity {
  return s === "error" ? DiagnosticSeverity.Error : s === "warning" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information;
}

export interface ServerOptions {
  /** Log lines for the client's output channel. */
  log?: (message: string) => void;
}

export function startServer(connection: Connection, opts: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const projects: Project[] = [];
  const published = new Map<Project, Set<string>>();
  /** What was last sent for each document (version and diagnostics), to send each change once. */
  const lastSent = new Map<string, string>();
  const log = (m: string) => (opts.log ?? ((x: string) => connection.console.log(x)))(m);
  let pullDiagnostics = false;
  /** Whether the client lets the server say which files to watch (Neovim, Helix, VS Code…). */
  let watchesOnRequest = false;
  let roots: string[] = [];

  /** The project a file belongs to: the workspace folder holding it, or its own folder. */
  const projectFor = (absPath: string): Project => {
    const inside = projects.filter((p) => absPath.startsWith(p.root + path.sep)).sort((a, b) => b.root.length - a.root.length);
    if (inside[0]) return inside[0];
    const root = roots.find((r) => absPath.startsWith(r + path.sep)) ?? path.dirname(absPath);
    const p = new Project({ root });
    projects.push(p);
    log(`workspace ${root}`);
    return p;
  };

  const locate = (uri: string): { project: Project; file: string } | undefined => {
    if (!uri.startsWith("file:")) return undefined;
    const abs = fileURLToPath(uri);
    const project = projectFor(abs);
    const file = project.fileOf(abs);
    return file ? { project, file } : undefined;
  };

  const uriOf = (snap: Snapshot, project: Project, file: string): string => {
    const abs = snap.absolutePath(file) ?? project.absolute(file);
    return pathToFileURL(abs).toString();
  };

  /** Runs a handler against the current snapshot; a failure is logged, never thrown. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function guard<R>(name: string, token: CancellationToken | undefined, f: () => R, fallback: R): R | ResponseError<any> {
    if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, "cancelled");
    try {
      return f();
    } catch (e) {
      log(`${name} failed: ${(e as Error).stack ?? String(e)}`);
      return fallback;
    }
  }

  const toRange = (src: SourceText, span: { start: number; end: number }): Range => ({ start: src.positionAt(span.start), end: src.positionAt(span.end) });

  const sourceFor = (snap: Snapshot, file: string): SourceText | undefined => {
    const s = snap.source(file);
    if (s) return s;
    const abs = snap.absolutePath(file);
    try {
      return abs ? new SourceText(fs.readFileSync(abs, "utf8")) : undefined;
    } catch {
      return undefined;
    }
  };

  const toLspDiagnostic = (snap: Snapshot, d: Diagnostic): LspDiagnostic | undefined => {
    const src = sourceFor(snap, d.file);
    if (!src) return undefined;
    const out: LspDiagnostic = { range: toRange(src, d.span), severity: severity(d.severity), code: d.code, source: "herd", message: d.message, codeDescription: { href: `https://github.com/herd-lang/herd/blob/main/docs/diagnostics.md#${d.code.toLowerCase()}` } };
    if (d.related?.length) {
      out.relatedInformation = d.related.flatMap((r) => {
        const rs = sourceFor(snap, r.file);
        const abs = snap.absolutePath(r.file);
        return rs && abs ? [{ location: { uri: pathToFileURL(abs).toString(), range: toRange(rs, r.span) }, message: r.message }] : [];
      });
    }
    if (d.fix) out.data = { fix: d.fix.message };
    return out;
  };

  // ───────────── diagnostics ─────────────

  let pending = false;
  let changes = 0;
  function schedulePublish(): void {
    changes++;
    if (pending) return;
    pending = true;
    // vscode-jsonrpc handles one received message per turn of the event loop:
    // wait for a turn in which no further change came in, so that a burst of
    // keystrokes is one analysis, not one per keystroke.
    let seen = -1;
    const settle = () => {
      if (seen !== changes) {
        seen = changes;
        setImmediate(settle);
        return;
      }
      pending = false;
      // With pull diagnostics the client asks for them; the status line is still pushed.
      for (const p of projects) pullDiagnostics ? publishStatus(p) : publish(p);
    };
    setImmediate(settle);
  }

  /** The project's analysis, unless it failed or the project changed meanwhile. */
  function freshSnapshot(project: Project): Snapshot | undefined {
    const generation = project.currentGeneration;
    try {
      const snap = project.snapshot();
      return snap.generation === generation ? snap : undefined;
    } catch (e) {
      log(`analysis failed: ${(e as Error).stack ?? e}`);
      return undefined;
    }
  }

  function publishStatus(project: Project): void {
    const snap = freshSnapshot(project);
    if (snap) void connection.sendNotification("herd/status", { status: statusLine(snap), root: project.root });
  }

  function publish(project: Project): void {
    const snap = freshSnapshot(project);
    if (!snap) return;
    const byFile = new Map<string, LspDiagnostic[]>();
    for (const d of snap.diagnostics()) {
      if (d.file.startsWith("std/")) continue;
      const ld = toLspDiagnostic(snap, d);
      if (ld) (byFile.get(d.file) ?? byFile.set(d.file, []).get(d.file)!).push(ld);
    }
    const before = published.get(project) ?? new Set<string>();
    const now = new Set<string>();
    for (const m of snap.analysis.modules.values()) {
      if (m.key.startsWith("std:")) continue;
      const list = byFile.get(m.file) ?? [];
      const version = project.version(m.file);
      // Open documents always hear back, so the editor knows this version was checked.
      if (list.length === 0 && !before.has(m.file) && version === undefined) continue;
      const uri = uriOf(snap, project, m.file);
      // …but once per version and set: a keystroke in one file must not resend every other file's.
      const sent = JSON.stringify([version, list]);
      if (lastSent.get(uri) !== sent) {
        lastSent.set(uri, sent);
        void connection.sendDiagnostics({ uri, diagnostics: list, ...(version !== undefined ? { version } : {}) });
      }
      if (list.length > 0) now.add(m.file);
    }
    for (const f of before) {
      if (now.has(f) || snap.analysis.modules.has(f)) continue;
      const uri = uriOf(snap, project, f);
      lastSent.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    published.set(project, now);
    void connection.sendNotification("herd/status", { status: statusLine(snap), root: project.root });
  }

  // ───────────── lifecycle ─────────────

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    roots = (params.workspaceFolders ?? []).map((f) => fileURLToPath(f.uri));
    if (roots.length === 0 && params.rootUri) roots = [fileURLToPath(params.rootUri)];
    for (const r of roots) projects.push(new Project({ root: r }));
    pullDiagnostics = !!params.capabilities.textDocument?.diagnostic && !params.initializationOptions?.pushDiagnostics;
    watchesOnRequest = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        completionProvider: { triggerCharacters: [".", '"', "/", "=", " "], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        typeDefinitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceOrganizeImports] },
        signatureHelpProvider: { triggerCharacters: ["(", ","], retriggerCharacters: [","] },
        semanticTokensProvider: { legend: { tokenTypes: [...tokenTypes], tokenModifiers: [...tokenModifiers] }, full: true },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        inlayHintProvider: true,
        // A renamed or moved file or folder: the imports that reach it, and those in it, follow (workspace/willRenameFiles).
        workspace: {
          fileOperations: {
            willRename: {
              filters: [
                { scheme: "file", pattern: { glob: "**/*.sys", matches: "file" } },
                { scheme: "file", pattern: { glob: "**/*", matches: "folder" } },
              ],
            },
          },
        },
        // Offered only when the client pulls: otherwise it would get every diagnostic twice.
        ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: "herd-language-server", version: "0.1.0" },
    };
  });

  documents.onDidOpen((e) => {
    const l = locate(e.document.uri);
    if (!l) return;
    l.project.open(l.file, e.document.getText(), e.document.version);
    schedulePublish();
  });
  documents.onDidChangeContent((e) => {
    const l = locate(e.document.uri);
    if (!l) return;
    l.project.open(l.file, e.document.getText(), e.document.version);
    schedulePublish();
  });
  documents.onDidClose((e) => {
    const l = locate(e.document.uri);
    if (!l) return;
    l.project.close(l.file);
    schedulePublish();
  });
  // Files changed by other programs (a checkout, `herd build` writing herd.lock)
  // reach the server only if the client watches them: ask it to, where it can be asked.
  connection.onInitialized(() => {
    if (!watchesOnRequest) return;
    void connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/*.sys" }, { globPattern: "**/herd.lock" }] })
      .catch((e: unknown) => log(`watching files: ${String(e)}`));
  });
  connection.workspace.onWillRenameFiles((params, token) => {
    const r = guard("willRenameFiles", token, () => {
      const edit: WorkspaceEdit = { changes: {} };
      for (const project of projects) {
        const rel = (uri: string) => (uri.startsWith("file:") ? path.relative(project.root, fileURLToPath(uri)).split(path.sep).join("/") : "..");
        const moves: FileMove[] = params.files.map((f) => ({ from: rel(f.oldUri), to: rel(f.newUri) }));
        const snap = freshSnapshot(project);
        if (snap) Object.assign(edit.changes!, toWorkspaceEdit(snap, project, importEditsForMoves(snap, moves)).changes);
      }
      return edit;
    }, null);
    // The rename goes ahead without edits when the request was cancelled or failed.
    return r instanceof ResponseError ? null : r;
  });
  connection.onDidChangeWatchedFiles(() => {
    for (const p of projects) p.changed();
    schedulePublish();
  });

  /** The snapshot and offset for a position in a document. */
  const at = (uri: string, position: { line: number; character: number }) => {
    const l = locate(uri);
    if (!l) return undefined;
    const snap = l.project.snapshot();
    const src = snap.source(l.file);
    if (!src) return undefined;
    return { ...l, snap, src, offset: src.offsetAt(position) };
  };

  const toLocation = (snap: Snapshot, project: Project, loc: { file: string; span: { start: number; end: number } }): Location | undefined => {
    const src = sourceFor(snap, loc.file);
    return src ? { uri: uriOf(snap, project, loc.file), range: toRange(src, loc.span) } : undefined;
  };

  const toWorkspaceEdit = (snap: Snapshot, project: Project, edits: Map<string, { span: { start: number; end: number }; newText: string }[]>): WorkspaceEdit => {
    const changes: Record<string, TextEdit[]> = {};
    for (const [file, list] of edits) {
      const src = sourceFor(snap, file);
      if (!src) continue;
      changes[uriOf(snap, project, file)] = list.map((e) => ({ range: toRange(src, e.span), newText: e.newText }));
    }
    return { changes };
  };

  // ───────────── requests ─────────────

  connection.languages.diagnostics.on((params, token) =>
    guard("diagnostics", token, () => {
      const l = locate(params.textDocument.uri);
      if (!l) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      const snap = l.project.snapshot();
      const m = snap.module(l.file);
      const items = snap.diagnostics().filter((d) => d.file === m?.file).flatMap((d) => toLspDiagnostic(snap, d) ?? []);
      return { kind: DocumentDiagnosticReportKind.Full, items };
    }, { kind: DocumentDiagnosticReportKind.Full, items: [] }),
  );

  connection.onCompletion((params, token) =>
    guard("completion", token, () => {
      const a = at(params.textDocument.uri, params.position);
      if (!a) return [];
      return completion(a.snap, a.file, a.offset).map((c) => ({
        label: c.label,
        kind: completionKinds[c.kind],
        ...(c.detail ? { detail: c.detail } : {}),
        ...(c.documentation ? { documentation: { kind: MarkupKind.Markdown, value: c.documentation } } : {}),
        ...(c.sortText ? { sortText: c.sortText } : {}),
        insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        textEdit: { range: toRange(a.src, c.replace), newText: c.insertText ?? c.label },
        ...(c.additionalEdits ? { additionalTextEdits: c.additionalEdits.map((e) => ({ range: toRange(a.src, e.span), newText: e.newText })) } : {}),
        filterText: c.label,
      }));
    }, []),
  );

  connection.onHover((params, token) =>
    guard("hover", token, () => {
      const a = at(params.textDocument.uri, params.position);
      const h = a && hover(a.snap, a.file, a.offset);
      return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(a.src, h.span) } : null;
    }, null),
  );

  connection.onDefinition((params, token) =>
    guard("definition", token, () => {
      const a = at(params.textDocument.uri, params.position);
      return a ? definition(a.snap, a.file, a.offset).flatMap((l) => toLocation(a.snap, a.project, l) ?? []) : [];
    }, []),
  );

  connection.onTypeDefinition((params, token) =>
    guard("typeDefinition", token, () => {
      const a = at(params.textDocument.uri, params.position);
      return a ? typeDefinition(a.snap, a.file, a.offset).flatMap((l) => toLocation(a.snap, a.project, l) ?? []) : [];
    }, []),
  );

  connection.onReferences((params, token) =>
    guard("references", token, () => {
      const a = at(params.textDocument.uri, params.position);
      return a ? references(a.snap, a.file, a.offset, params.context.includeDeclaration).flatMap((l) => toLocation(a.snap, a.project, l) ?? []) : [];
    }, []),
  );

  connection.onDocumentHighlight((params, token) =>
    guard("highlight", token, () => {
      const a = at(params.textDocument.uri, params.position);
      return a ? highlights(a.snap, a.file, a.offset).map((h) => ({ range: toRange(a.src, h.span), kind: h.write ? 3 : 2 })) : [];
    }, []),
  );

  connection.onPrepareRename((params, token) =>
    guard("prepareRename", token, () => {
      const a = at(params.textDocument.uri, params.position);
      if (!a) return null;
      const p = prepareRename(a.snap, a.file, a.offset);
      if (!p.ok) return new ResponseError(ErrorCodes.InvalidRequest, p.reason);
      return { range: toRange(a.src, p.span), placeholder: p.name };
    }, null),
  );

  connection.onRenameRequest((params, token) => {
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, "cancelled");
    const a = at(params.textDocument.uri, params.position);
    if (!a) return null;
    const r = rename(a.snap, a.file, a.offset, params.newName);
    if (!r.ok) return new ResponseError(ErrorCodes.InvalidRequest, r.reason);
    return toWorkspaceEdit(a.snap, a.project, r.edits);
  });

  connection.onDocumentSymbol((params, token) =>
    guard("documentSymbol", token, () => {
      const l = locate(params.textDocument.uri);
      if (!l) return [];
      const snap = l.project.snapshot();
      const src = snap.source(l.file);
      if (!src) return [];
      type Out = { name: string; detail?: string; kind: SymbolKind; range: Range; selectionRange: Range; children: Out[] };
      const conv = (s: ReturnType<typeof documentSymbols>[number]): Out => ({
        name: s.name,
        ...(s.detail ? { detail: s.detail } : {}),
        kind: symbolKinds[s.kind],
        range: toRange(src, s.span),
        selectionRange: toRange(src, s.selection),
        children: s.children.map(conv),
      });
      return documentSymbols(snap, l.file).map(conv);
    }, []),
  );

  connection.onWorkspaceSymbol((params, token) =>
    guard("workspaceSymbol", token, () =>
      projects.flatMap((p) => {
        const snap = p.snapshot();
        return workspaceSymbols(snap, params.query).flatMap((s) => {
          const loc = toLocation(snap, p, s);
          return loc ? [{ name: s.name, kind: symbolKinds[s.kind], location: loc, ...(s.container ? { containerName: s.container } : {}) }] : [];
        });
      }),
    [], ),
  );

  const formattingHandler = (uri: string, range: Range | undefined) => {
    const doc = documents.get(uri);
    if (!doc) return [];
    const text = doc.getText();
    const src = new SourceText(text);
    const span = range ? { start: src.offsetAt(range.start), end: src.offsetAt(range.end) } : undefined;
    return formatEdits(text, span).map((e) => ({ range: toRange(src, e.span), newText: e.newText }));
  };
  connection.onDocumentFormatting((params, token) => guard("formatting", token, () => formattingHandler(params.textDocument.uri, undefined), []));
  connection.onDocumentRangeFormatting((params, token) => guard("rangeFormatting", token, () => formattingHandler(params.textDocument.uri, params.range), []));

  connection.onCodeAction((params, token) =>
    guard("codeAction", token, () => {
      const l = locate(params.textDocument.uri);
      if (!l) return [];
      const snap = l.project.snapshot();
      const src = snap.source(l.file);
      if (!src) return [];
      const range = { start: src.offsetAt(params.range.start), end: src.offsetAt(params.range.end) };
      const only = params.context.only;
      const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + "."));
      const actions: CodeAction[] = [];
      if (wants(CodeActionKind.QuickFix)) {
        for (const f of quickFixes(snap, l.file, range)) {
          actions.push({ title: f.title, kind: CodeActionKind.QuickFix, isPreferred: f.preferred, diagnostics: [toLspDiagnostic(snap, f.diagnostic)!].filter(Boolean), edit: toWorkspaceEdit(snap, l.project, f.edits) });
        }
      }
      const organized = wants(CodeActionKind.SourceOrganizeImports) ? organizeImports(snap, l.file) : undefined;
      if (organized) actions.push({ title: "Organize imports", kind: CodeActionKind.SourceOrganizeImports, edit: toWorkspaceEdit(snap, l.project, new Map([[l.file, [organized]]])) });
      return actions;
    }, []),
  );

  connection.onSignatureHelp((params, token) =>
    guard("signatureHelp", token, () => {
      const a = at(params.textDocument.uri, params.position);
      const s = a && signatureHelp(a.snap, a.file, a.offset);
      if (!s) return null;
      return {
        signatures: [{ label: s.label, ...(s.documentation ? { documentation: s.documentation } : {}), parameters: s.parameters.map((p) => ({ label: p.label })) }],
        activeSignature: 0,
        activeParameter: s.activeParameter,
      };
    }, null),
  );

  connection.languages.semanticTokens.on((params, token) =>
    guard("semanticTokens", token, () => {
      const l = locate(params.textDocument.uri);
      if (!l) return { data: [] };
      const snap = l.project.snapshot();
      const src = snap.source(l.file);
      if (!src) return { data: [] };
      const data: number[] = [];
      let prevLine = 0;
      let prevChar = 0;
      for (const t of semanticTokens(snap, l.file)) {
        const mods = t.modifiers.reduce((acc, m) => acc | (1 << tokenModifiers.indexOf(m)), 0);
        // One entry per line: a token spanning lines is split.
        let s = t.start;
        while (s < t.end) {
          const pos = src.positionAt(s);
          const lineEnd = pos.line + 1 < src.lineCount ? src.offsetAt({ line: pos.line + 1, character: 0 }) - 1 : src.text.length;
          const e = Math.min(t.end, lineEnd);
          if (e > s) {
            data.push(pos.line - prevLine, pos.line === prevLine ? pos.character - prevChar : pos.character, e - s, tokenTypes.indexOf(t.type), mods);
            prevLine = pos.line;
            prevChar = pos.character;
          }
          s = lineEnd + 1;
        }
      }
      return { data };
    }, { data: [] }),
  );

  connection.onFoldingRanges((params, token) =>
    guard("folding", token, () => {
      const l = locate(params.textDocument.uri);
      if (!l) return [];
      return foldingRanges(l.project.snapshot(), l.file).map((f) => ({
        startLine: f.startLine,
        endLine: f.endLine,
        ...(f.kind === "comment" ? { kind: FoldingRangeKind.Comment } : f.kind === "imports" ? { kind: FoldingRangeKind.Imports } : {}),
      }));
    }, []),
  );

  connection.onSelectionRanges((params, token) =>
    guard("selectionRange", token, () => {
      const l = locate(params.textDocument.uri);
      if (!l) return [];
      const snap = l.project.snapshot();
      const src = snap.source(l.file);
      if (!src) return [];
      return params.positions.map((p) => {
        // Outermost first, each holding the next larger one as its parent.
        let range: SelectionRange | undefined;
        for (const s of selectionSpans(snap, l.file, src.offsetAt(p)).reverse()) range = { range: toRange(src, s), ...(range ? { parent: range } : {}) };
        return range ?? { range: { start: p, end: p } };
      });
    }, []),
  );

  connection.languages.inlayHint.on((params, token) =>
    guard("inlayHint", token, () => {
      const l = locate(params.textDocument.uri);
      if (!l) return [];
      const snap = l.project.snapshot();
      const src = snap.source(l.file);
      if (!src) return [];
      const range = { start: src.offsetAt(params.range.start), end: src.offsetAt(params.range.end) };
      return inlayHints(snap, l.file, range).map((h) => ({
        position: src.positionAt(h.offset),
        label: h.label,
        kind: h.kind === "type" ? InlayHintKind.Type : undefined,
        paddingLeft: true,
        ...(h.tooltip ? { tooltip: h.tooltip } : {}),
      }));
    }, []),
  );

  // The placement picture and the status line, for the VS Code extension.
  connection.onRequest("herd/placement", (params: { uri: string }) => {
    const l = locate(params.uri);
    if (!l) return null;
    try {
      return placementView(l.project.snapshot(), l.project.root);
    } catch (e) {
      log(`placement failed: ${(e as Error).stack ?? e}`);
      return null;
    }
  });

  documents.listen(connection);
  connection.listen();
}
