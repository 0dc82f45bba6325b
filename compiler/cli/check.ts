// `herd check [PATH…] [--format text|json|sarif|github] [--summary]`:
// every diagnostic of every workspace; exit 0 without errors, 1 with.
import * as path from "node:path";
import { renderDiagnostic, summaryLine } from "../../language/diagnostics/render.js";
import type { Diagnostic } from "../../language/diagnostics/diagnostic.js";
import type { SystemModel } from "../../language/eval/model.js";
import { analyzeFolder, type Analysis } from "../../language/workspace/workspace.js";
import { checkPlacement, withPlacementDiagnostics, type Lock, type PlacementCheck } from "../placement/index.js";
import type { CliIO } from "./io.js";
import { LOCK_FILE, readLock } from "./plan.js";
import { locate, toGithub, toJson, toSarif, type Located } from "./report-formats.js";
import { modelSummary } from "./summary.js";
import { resolveTargets } from "./workspaces.js";
import { explainHint } from "./explain.js";

export type ReportFormat = "text" | "json" | "sarif" | "github";

export interface CheckOptions {
  format: ReportFormat;
  summary: boolean;
  color?: boolean;
}

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

export function displayPath(io: CliIO, root: string, file: string): string {
  if (file.startsWith("std/")) return file;
  const rel = path.relative(io.cwd, path.join(root, file));
  return rel.startsWith("..") ? path.join(root, file) : rel;
}

/**
 * Every diagnostic of a workspace `herd check` reports: the analysis's and,
 * after a clean analysis, placement's (sticky to the workspace's herd.lock)
 * and the survive proof's.
 */
export function withPlacement(a: Analysis, root: string, io: CliIO, place: (model: SystemModel, lock: Lock | undefined) => PlacementCheck): Diagnostic[] {
  if (a.hasErrors) return a.diagnostics;
  let lock: Lock | undefined;
  try {
    lock = readLock(path.join(root, LOCK_FILE), displayPath(io, root, LOCK_FILE));
  } catch (e) {
    io.err(`herd: ${(e as Error).message}; placing without it\n`);
  }
  const placement = place(a.model, lock).diagnostics;
  return placement.length > 0 ? withPlacementDiagnostics(a.diagnostics, placement) : a.diagnostics;
}

export function runCheck(paths: string[], opts: CheckOptions, io: CliIO, version: string): number {
  const targets = resolveTargets(paths, io.cwd);
  const located: Located[] = [];
  const texts: string[] = [];
  const summaries: string[] = [];
  let unreadable = false;
  let errors = false;
  const all: Diagnostic[] = [];
  for (const t of targets) {
    const a = analyzeFolder(t.root);
    const show = (f: string) => displayPath(io, t.root, f);
    const diagnostics = withPlacement(a, t.root, io, checkPlacement);
    for (const d of diagnostics) {
      if (d.code === "H0901") unreadable = true;
      const src = a.source(d.file);
      located.push(locate(d, src, show(d.file)));
      if (opts.format === "text") texts.push(renderDiagnostic(d, src, { color: opts.color ?? io.color, displayPath: show }));
      all.push(d);
    }
    if (diagnostics.some((d) => d.severity === "error")) errors = true;
    else if (opts.summary) summaries.push(modelSummary(a.model, displayPath(io, t.root, ".") || "."));
  }
  switch (opts.format) {
    case "json":
      io.out(toJson(located) + "\n");
      break;
    case "sarif":
      io.out(toSarif(located, version) + "\n");
      break;
    case "github": {
      const text = toGithub(located);
      if (text) io.out(text + "\n");
      break;
    }
    case "text": {
      for (const t of texts) io.out(t + "\n\n");
      for (const s of summaries) io.out(s + "\n\n");
      io.err(explainHint(all.map((d) => d.code)));
      const where = targets.length === 1 ? displayPath(io, targets[0]!.root, ".") || "." : `${targets.length} workspaces`;
      io.err(`${errors ? "✗" : "✓"} ${where}: ${summaryLine(all)}\n`);
    }
  }
  if (unreadable) return EXIT_USAGE;
  return errors ? EXIT_ERRORS : EXIT_OK;
}
