// `herd plan [PATH] [--format text|json] [--fail M…] [--lock FILE]
// [--write-lock] [--explain SERVICE] [--html FILE]`: where every replica
// runs. Reads the workspace's herd.lock (or --lock FILE) to stay sticky and
// shows what changed against it; --fail shows what would move if machines
// died; --write-lock records the placement. Exit 0 when everything is
// placed, 1 when replicas cannot be placed or the files have errors, 2 for
// bad usage or unreadable input.
import * as fs from "node:fs";
import * as path from "node:path";
import { closest } from "../../language/diagnostics/suggest.js";
import { analyzeFolder } from "../../language/workspace/workspace.js";
import {
  explainService,
  failureImpact,
  lockFromResult,
  parseLock,
  place,
  renderExplain,
  renderHtml,
  renderMoves,
  renderPlan,
  serializeLock,
  type Lock,
  type PlacementResult,
} from "../placement/index.js";
import type { ReplicaExplanation } from "../placement/explain.js";
import { displayPath, EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from "./check.js";
import type { CliIO } from "./io.js";
import { rulesText } from "../placement/rules-text.js";
import { oneWorkspace, reportErrors } from "./one-workspace.js";
import { InputError } from "./workspaces.js";
import { writeFileAtomic } from "./write-file.js";

export interface PlanOptions {
  format: "text" | "json";
  fail?: string[];
  lock?: string;
  writeLock?: boolean;
  explain?: string;
  html?: string;
  color?: boolean;
}

export const LOCK_FILE = "herd.lock";

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The lock at `file`: undefined when absent; throws InputError when unreadable or malformed. */
export function readLock(file: string, shown: string): Lock | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new InputError(`cannot read ${shown}: ${(e as Error).message}`);
  }
  try {
    return parseLock(text);
  } catch (e) {
    throw new InputError(`${shown} is not a valid lock file: ${(e as Error).message} (delete it, or rewrite it with \`herd plan --write-lock\`)`);
  }
}

function planJson(result: PlacementResult, explain: { service: string; replicas: ReplicaExplanation[] } | undefined, lockWritten: string | undefined): string {
  const out: Record<string, unknown> = {
    machines: result.machines.map((m) => ({
      name: m.name,
      pool: m.pool ?? null,
      labels: m.labels,
      capacity: m.capacity,
      usable: m.usable,
      used: m.used,
      failed: m.failed,
    })),
    assignments: result.assignments.map((a) => ({ service: a.service, replica: a.replica, machine: a.machine })),
    unplaced: result.unplaced.map((u) => ({
      service: u.service,
      replica: u.replica,
      summary: u.summary,
      reasons: u.reasons.map((r) => r.message),
      ...(u.suggestion ? { suggestion: u.suggestion } : {}),
    })),
    moves: result.moves.map((m) => ({ service: m.service, replica: m.replica, kind: m.kind, ...(m.from ? { from: m.from } : {}), ...(m.to ? { to: m.to } : {}) })),
    peak: Math.round(result.peak * 10000) / 10000,
    failed: result.failed,
    changed: result.changed,
  };
  if (explain) {
    out["explain"] = {
      service: explain.service,
      replicas: explain.replicas.map((e) => ({
        replica: e.replica,
        machine: e.machine,
        placedBy: e.placedBy,
        summary: e.summary,
        alternatives: e.alternatives.map((a) => a.machine),
        ruledOut: e.ruledOut.map((r) => r.message),
      })),
    };
  }
  if (lockWritten) out["lockWritten"] = lockWritten;
  return JSON.stringify(out, null, 2);
}

export function runPlan(pathArg: string | undefined, opts: PlanOptions, io: CliIO): number {
  // `--fail a b PATH`: the variadic option swallows the path; take it back.
  if (pathArg === undefined && opts.fail && opts.fail.length > 1) {
    const last = opts.fail[opts.fail.length - 1]!;
    if (isFolder(path.resolve(io.cwd, last))) {
      pathArg = last;
      opts = { ...opts, fail: opts.fail.slice(0, -1) };
    }
  }
  const root = oneWorkspace("plan", "plan", pathArg, io);
  if (root === undefined) return EXIT_USAGE;
  const title = displayPath(io, root, ".") || ".";
  const a = analyzeFolder(root);
  if (a.hasErrors) return reportErrors(a, root, io, opts.color, "nothing placed");
  const model = a.model;

  const failed = (opts.fail ?? []).flatMap((f) => f.split(",")).map((f) => f.trim()).filter(Boolean);
  const names = new Set(model.machines.map((m) => m.name));
  for (const f of failed) {
    if (!names.has(f)) {
      const c = closest(f, names);
      io.err(`herd plan: --fail ${f}: no machine is called \`${f}\`${c ? ` (did you mean \`${c}\`?)` : ""}\n`);
      return EXIT_USAGE;
    }
  }
  if (failed.length > 0 && opts.writeLock) {
    io.err("herd plan: --write-lock records the real placement; it cannot be combined with --fail\n");
    return EXIT_USAGE;
  }
  let service: string | undefined;
  if (opts.explain !== undefined) {
    service = opts.explain;
    if (!model.services.some((s) => s.name === service)) {
      const c = closest(service, model.services.map((s) => s.name));
      io.err(`herd plan: --explain ${service}: no service is called \`${service}\`${c ? ` (did you mean \`${c}\`?)` : ""}\n`);
      return EXIT_USAGE;
    }
  }

  const lockPath = opts.lock !== undefined ? path.resolve(io.cwd, opts.lock) : path.join(root, LOCK_FILE);
  const lockShown = path.relative(io.cwd, lockPath) || lockPath;
  const previous = readLock(lockPath, lockShown);
  if (!previous && opts.lock !== undefined && !opts.writeLock) throw new InputError(`cannot read ${lockShown}: no such file`);

  const base = place({ model, previous });
  const result = failed.length > 0 ? failureImpact(model, base, failed) : base;
  const explanation = service !== undefined ? { service, replicas: explainService(model, result, service)! } : undefined;

  if (opts.html !== undefined) {
    const htmlPath = path.resolve(io.cwd, opts.html);
    try {
      writeFileAtomic(htmlPath, renderHtml(result, title));
    } catch (e) {
      throw new InputError(`cannot write ${opts.html}: ${(e as Error).message}`);
    }
  }
  let lockWritten: string | undefined;
  let lockNote: string | undefined;
  if (opts.writeLock) {
    if (result.unplaced.length === 0) {
      const text = serializeLock(lockFromResult(model, result));
      try {
        writeFileAtomic(lockPath, text);
      } catch (e) {
        throw new InputError(`cannot write ${lockShown}: ${(e as Error).message}`);
      }
      lockWritten = lockShown;
      lockNote = `wrote ${lockShown}`;
    } else lockNote = `${lockShown} not written: ${result.unplaced.length} replica${result.unplaced.length === 1 ? "" : "s"} cannot be placed`;
  }

  if (opts.format === "json") {
    io.out(planJson(result, explanation, lockWritten) + "\n");
    if (lockNote && !lockWritten) io.err(`herd plan: ${lockNote}\n`);
  } else {
    const parts = [renderPlan(result, title)];
    if (failed.length > 0) {
      const moved = result.moves.filter((m) => m.kind === "moved").length;
      const stranded = result.moves.filter((m) => m.kind === "unplaced").length;
      parts.push(`if ${failed.join(", ")} ${failed.length === 1 ? "fails" : "fail"}: ${moved} replica${moved === 1 ? "" : "s"} move${moved === 1 ? "s" : ""}${stranded ? `, ${stranded} ha${stranded === 1 ? "s" : "ve"} nowhere to go` : ""}\n${renderMoves(result.moves)}`);
    } else if (previous) parts.push(`against ${lockShown}: ${renderMoves(result.moves)}`);
    if (explanation) {
      const s = model.services.find((x) => x.name === explanation.service)!;
      parts.push(renderExplain(s.name, rulesText(s), explanation.replicas));
    }
    if (opts.html !== undefined) parts.push(`wrote ${opts.html}`);
    if (lockNote) parts.push(lockNote);
    io.out(parts.join("\n\n") + "\n");
  }
  return result.unplaced.length > 0 ? EXIT_ERRORS : EXIT_OK;
}
