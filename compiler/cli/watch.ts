// `herd check --watch [PATH…]`: check, then check again whenever a `.sys`
// file (or herd.lock) changes, in the same process. The workspace is
// analysed incrementally, as the language server does (what an edit did not
// touch is kept), and placement is computed again only when what it reads
// changed: a re-check takes milliseconds where a cold `herd check` pays for
// starting Node and warming its compiler again. Text output only; stops when
// `stop` fires (Ctrl-C for the command).
import { renderDiagnostic, summaryLine } from "../../language/diagnostics/render.js";
import { Workspace } from "../../language/workspace/workspace.js";
import { checkPlacementReusing, type PlacementMemo } from "../placement/index.js";
import { displayPath, EXIT_OK, withPlacement } from "./check.js";
import type { CliIO } from "./io.js";
import { LOCK_FILE } from "./plan.js";
import { modelSummary } from "./summary.js";
import { watchTree, type TreeWatcher } from "./watch-tree.js";
import { resolveTargets } from "./workspaces.js";

export interface WatchOptions {
  summary: boolean;
  color?: boolean;
  /** Quiet time after a change before checking again, in milliseconds. */
  settleMs?: number;
}

/** One watched workspace: its analysis, kept between checks, and its last placement. */
class Watched {
  private readonly ws: Workspace;
  private readonly placement: PlacementMemo = {};
  private lastOutput = "";

  constructor(
    readonly root: string,
    private readonly io: CliIO,
    private readonly opts: WatchOptions,
  ) {
    this.ws = new Workspace({ root });
  }

  /** Checks the workspace and writes the report, unless it is what the last check wrote. */
  check(changed: readonly string[]): void {
    const start = performance.now();
    const a = this.ws.analyze();
    const diagnostics = withPlacement(a, this.root, this.io, (model, lock) => checkPlacementReusing(this.placement, model, lock));
    const ms = performance.now() - start;
    const show = (f: string) => displayPath(this.io, this.root, f);
    const parts = diagnostics.map((d) => renderDiagnostic(d, a.source(d.file), { color: this.opts.color ?? this.io.color, displayPath: show }));
    const errors = diagnostics.some((d) => d.severity === "error");
    if (!errors && this.opts.summary) parts.push(modelSummary(a.model, show(".") || "."));
    const output = parts.map((p) => p + "\n\n").join("");
    const where = show(".") || ".";
    const status = `${errors ? "✗" : "✓"} ${where}: ${summaryLine(diagnostics)} (checked in ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms); watching for changes\n`;
    if (changed.length > 0) {
      // A save that changed nothing the report shows: say so in one line.
      if (output === this.lastOutput) {
        this.io.err(`${changed.join(", ")} changed: ${status}`);
        return;
      }
      this.io.err(`\n${changed.join(", ")} changed\n`);
    }
    this.lastOutput = output;
    this.io.out(output);
    this.io.err(status);
  }

}

export function runCheckWatch(paths: string[], opts: WatchOptions, io: CliIO, stop: AbortSignal): Promise<number> {
  const settle = opts.settleMs ?? 30;
  const watched = resolveTargets(paths, io.cwd).map((t) => new Watched(t.root, io, opts));
  // Watching starts before the first check: a file saved while it runs is checked again after it.
  const watchers: TreeWatcher[] = [];
  for (const w of watched) {
    const changed = new Set<string>();
    let timer: NodeJS.Timeout | undefined;
    const watcher = watchTree(w.root, (file) => {
      if (!(file.endsWith(".sys") || file === LOCK_FILE)) return;
      changed.add(displayPath(io, w.root, file));
      // Editors save in several steps (truncate, write, rename): check once they are done.
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        const files = [...changed].sort();
        changed.clear();
        checkSafely(w, files, io);
      }, settle);
    });
    watchers.push(watcher);
  }
  for (const w of watched) checkSafely(w, [], io);
  return new Promise((resolve) => {
    const close = () => {
      for (const x of watchers) x.close();
      resolve(EXIT_OK);
    };
    if (stop.aborted) close();
    else stop.addEventListener("abort", close, { once: true });
  });
}

/** A check that fails inside Herd is reported as `main` reports one, and watching goes on: the next save may not hit it. */
function checkSafely(w: Watched, changed: readonly string[], io: CliIO): void {
  try {
    w.check(changed);
  } catch (e) {
    const err = e as Error;
    io.err(`herd: internal error: ${err.message}\nThis is a bug in Herd; please report it with the input that caused it. Still watching.\n`);
    if (process.env["HERD_DEBUG"]) io.err((err.stack ?? "") + "\n");
  }
}
