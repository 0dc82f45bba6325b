// What the commands that work on one workspace (`plan`, `eval`) share: the
// workspace PATH names, and the report when its files have errors.
import * as path from "node:path";
import { renderDiagnostic, summaryLine } from "../../language/diagnostics/render.js";
import type { Analysis } from "../../language/workspace/workspace.js";
import { displayPath, EXIT_ERRORS, EXIT_USAGE } from "./check.js";
import { explainHint } from "./explain.js";
import type { CliIO } from "./io.js";
import { resolveTargets } from "./workspaces.js";

/** The workspace folder PATH (or the current folder) is; undefined, having said why, when it holds several. */
export function oneWorkspace(command: string, verb: string, pathArg: string | undefined, io: CliIO): string | undefined {
  const targets = resolveTargets(pathArg ? [path.resolve(io.cwd, pathArg)] : [io.cwd]);
  if (targets.length === 1) return targets[0]!.root;
  io.err(`herd ${command}: ${pathArg ?? "."} holds ${targets.length} workspaces; ${verb} one at a time: ${targets.map((t) => displayPath(io, t.root, ".")).join(", ")}\n`);
  return undefined;
}

/** Writes the analysis's errors to standard error, then what was not done; the exit code. */
export function reportErrors(a: Analysis, root: string, io: CliIO, color: boolean | undefined, notDone: string): number {
  const show = (f: string) => displayPath(io, root, f);
  const errs = a.diagnostics.filter((d) => d.severity === "error");
  for (const d of errs) io.err(renderDiagnostic(d, a.source(d.file), { color: color ?? io.color, displayPath: show }) + "\n\n");
  io.err(explainHint(errs.map((d) => d.code)));
  io.err(`✗ ${show(".") || "."}: ${summaryLine(a.diagnostics)}; ${notDone} (run \`herd check\` for details)\n`);
  return errs.some((d) => d.code === "H0901") ? EXIT_USAGE : EXIT_ERRORS;
}
