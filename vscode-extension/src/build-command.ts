// "Herd: Build": runs `herd build <workspace> --format json` (the bundled CLI,
// or herd.server.path) and shows what it reports in the Problems panel. The
// CLI checks, places, and writes out/ (NixOS flake, Colmena hive, Terraform)
// and herd.lock; exit 0 built, 1 the system has errors, 2 it could not run.
import { execFile } from "node:child_process";
import * as path from "node:path";
import * as vscode from "vscode";
import { bundledHerd, configuredHerd, type HerdCommand } from "./herd-command";
import { activeHerdDocument, herdRootOf } from "./workspace-root";

/** One diagnostic of `herd check|build --format json` (compiler/cli/report-formats.ts). */
export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: "error" | "warning" | "info";
  code: string;
  message: string;
  suggestion?: string;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const BUILD_TIMEOUT_MS = 5 * 60_000;

export class BuildCommand implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection("herd build");
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.OutputChannel,
  ) {
    // A build's report describes the files as they were; editing one makes
    // its entries stale (the language server reports the live state).
    this.subscriptions.push(vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.diagnostics.delete(e.document.uri)));
  }

  /** The workspace to build: the active Herd file's, else the first folder. */
  private workspaceRoot(): string | undefined {
    const doc = activeHerdDocument();
    if (doc) return herdRootOf(doc.uri);
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  }

  async run(): Promise<void> {
    const root = this.workspaceRoot();
    if (!root) {
      void vscode.window.showErrorMessage("Herd: Build needs a workspace folder or an open .sys file.");
      return;
    }
    // The CLI reads the files on disk.
    await Promise.all(vscode.workspace.textDocuments.filter((d) => d.languageId === "herd" && d.isDirty).map((d) => d.save()));
    const herd = configuredHerd() ?? bundledHerd(this.context);
    const args = [...herd.args, "build", root, "--format", "json"];
    this.output.appendLine(`$ ${herd.command} ${args.join(" ")}`);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Herd: building ${path.basename(root)}…` },
      () => run(herd, args, root),
    );
    if (result.stderr.trim()) this.output.appendLine(result.stderr.trimEnd());
    this.report(root, result);
  }

  private report(root: string, result: RunResult): void {
    const parsed = parseReport(result.stdout);
    this.diagnostics.clear();
    if (parsed) this.show(root, parsed);
    const count = (severity: JsonDiagnostic["severity"]) => parsed?.filter((d) => d.severity === severity).length ?? 0;
    const errors = count("error");
    const warnings = count("warning");
    if (result.code === 0 && parsed) {
      const out = path.join(root, "out");
      const note = warnings > 0 ? ` (${warnings} warning${warnings === 1 ? "" : "s"}, see Problems)` : "";
      void vscode.window.showInformationMessage(`Built ${path.basename(root)} into out/${note}.`, "Reveal out/").then((a) => {
        if (a) void vscode.commands.executeCommand("revealInExplorer", vscode.Uri.file(out));
      });
    } else if (result.code === 1 && parsed) {
      void vscode.window.showErrorMessage(`Build failed with ${errors} error${errors === 1 ? "" : "s"}; nothing was written.`, "Show Problems").then((a) => {
        if (a) void vscode.commands.executeCommand("workbench.actions.view.problems");
      });
    } else {
      // Exit 2 (bad usage, unreadable input) or a CLI that is not `herd build` yet.
      const reason = firstLine(result.stderr) || firstLine(result.stdout) || `exit code ${result.code}`;
      void vscode.window.showErrorMessage(`Build could not run: ${reason}`, "Show Output").then((a) => a && this.output.show());
    }
  }

  private show(root: string, items: JsonDiagnostic[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const d of items) {
      const file = resolveFile(root, d.file, this.context);
      const list = byFile.get(file) ?? [];
      list.push(toDiagnostic(d));
      byFile.set(file, list);
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
  }

  dispose(): void {
    this.diagnostics.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

function run(herd: HerdCommand, args: string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      herd.command,
      args,
      { cwd, env: { ...process.env, ...herd.env, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024, timeout: BUILD_TIMEOUT_MS },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 2) : 0;
        resolve({ code, stdout, stderr: stderr || (error && typeof error.code !== "number" ? error.message : "") });
      },
    );
  });
}

/** The diagnostics of a JSON report, or undefined when stdout is not one. */
export function parseReport(stdout: string): JsonDiagnostic[] | undefined {
  try {
    const data = JSON.parse(stdout) as { diagnostics?: unknown };
    return Array.isArray(data.diagnostics) ? (data.diagnostics as JsonDiagnostic[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Paths are relative to the CLI's working folder (the workspace), absolute, or `std/…`. */
function resolveFile(root: string, file: string, context: vscode.ExtensionContext): string {
  if (file.startsWith("std/")) return context.asAbsolutePath(path.join("stdlib", file.slice(4)));
  return path.resolve(root, file);
}

export function toDiagnostic(d: JsonDiagnostic): vscode.Diagnostic {
  // The report is 1-based; VS Code is 0-based.
  const range = new vscode.Range(d.line - 1, d.column - 1, Math.max(d.endLine, d.line) - 1, Math.max(d.endColumn - 1, 0));
  const severity = d.severity === "error" ? vscode.DiagnosticSeverity.Error : d.severity === "warning" ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const out = new vscode.Diagnostic(range, d.suggestion ? `${d.message} (${d.suggestion})` : d.message, severity);
  out.source = "herd build";
  out.code = { value: d.code, target: vscode.Uri.parse(`https://github.com/herd-lang/herd/blob/main/docs/diagnostics.md#${d.code.toLowerCase()}`) };
  return out;
}

function firstLine(s: string): string {
  return s.split("\n").map((l) => l.trim()).find((l) => l.length > 0) ?? "";
}
