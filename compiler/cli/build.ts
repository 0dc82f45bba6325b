// `herd build [PATH] [--out DIR] [--terraform-format json|hcl] [--format text|json]`:
// checks, places, and writes out/ and herd.lock; exit 0 when written, 1 when
// the system has errors (nothing is written then), 2 on usage or unreadable input.
import * as path from "node:path";
import { renderDiagnostic, summaryLine } from "../../language/diagnostics/render.js";
import { explainHint } from "./explain.js";
import { build } from "../build/build.js";
import { writeTreeAtomic } from "../build/write-tree.js";
import { serializeLock } from "../placement/index.js";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, displayPath } from "./check.js";
import type { CliIO } from "./io.js";
import { readLock } from "./plan.js";
import { locate, toJson } from "./report-formats.js";
import { InputError, resolveTargets } from "./workspaces.js";
import { writeFileAtomic } from "./write-file.js";

export interface BuildCliOptions {
  out?: string;
  terraformFormat: "json" | "hcl";
  format: "text" | "json";
  color?: boolean;
}

export function runBuild(pathArg: string | undefined, opts: BuildCliOptions, io: CliIO): number {
  const targets = resolveTargets(pathArg ? [pathArg] : [], io.cwd);
  if (targets.length !== 1) throw new InputError(`herd build takes one workspace, found ${targets.length}: name one`);
  const root = targets[0]!.root;
  const out = path.resolve(io.cwd, opts.out ?? path.join(root, "out"));
  const lockPath = path.join(root, "herd.lock");
  const previous = readLock(lockPath, displayPath(io, root, "herd.lock"));
  const r = build({ root, out, terraformFormat: opts.terraformFormat, previous });
  const show = (f: string) => displayPath(io, root, f);
  if (opts.format === "json") {
    io.out(toJson(r.diagnostics.map((d) => locate(d, r.analysis.source(d.file), show(d.file)))) + "\n");
  } else {
    for (const d of r.diagnostics) io.out(renderDiagnostic(d, r.analysis.source(d.file), { color: opts.color ?? io.color, displayPath: show }) + "\n\n");
  }
  if (r.diagnostics.some((d) => d.code === "H0901")) return EXIT_USAGE;
  if (!r.ok) {
    if (opts.format === "text") io.err(explainHint(r.diagnostics.map((d) => d.code)) + `✗ ${show(".") || "."}: ${summaryLine(r.diagnostics)}; nothing written\n`);
    return EXIT_ERRORS;
  }
  try {
    // Terraform writes addresses.json into the flake's folder: keep it.
    writeTreeAtomic(out, r.files, ["nix/addresses.json"]);
    if (r.lock) writeFileAtomic(lockPath, serializeLock(r.lock));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (!err.code) throw e;
    throw new InputError(`cannot write ${err.path ? path.relative(io.cwd, err.path) || err.path : path.relative(io.cwd, out)}: ${err.code === "EACCES" || err.code === "EPERM" ? "permission denied" : err.code === "ENOSPC" ? "no space left on the device" : err.message}; the previous output is unchanged`);
  }
  if (opts.format === "text") {
    const replicas = r.placement?.assignments.length ?? 0;
    io.err(`✓ built ${path.relative(io.cwd, out) || out}: ${r.files.size} files, ${r.analysis.model.machines.length} machines, ${replicas} replica${replicas === 1 ? "" : "s"}; ${displayPath(io, root, "herd.lock")} updated\n`);
  }
  return EXIT_OK;
}
