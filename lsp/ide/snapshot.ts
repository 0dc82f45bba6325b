// One consistent view of the workspace for answering requests: the analysis
// of the current texts and, when it is free of errors, the placement. Every
// feature in lsp/ide/ asks a Snapshot; nothing here knows the protocol.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Diagnostic } from "../../language/diagnostics/diagnostic.js";
import type { ModuleKey } from "../../language/names/module-key.js";
import { isStdKey } from "../../language/names/module-key.js";
import type * as A from "../../language/syntax/ast.js";
import type { SourceText } from "../../language/syntax/source.js";
import { nodesAt } from "../../language/syntax/walk.js";
import type { Analysis, ModuleAnalysis } from "../../language/workspace/workspace.js";
import { checkPlacementReusing, parseLock, withPlacementDiagnostics, type Lock, type PlacementCheck, type PlacementMemo } from "../../compiler/placement/index.js";

export class Snapshot {
  private placementCache: PlacementCheck | null | undefined;
  private diagnosticsCache: Diagnostic[] | undefined;

  constructor(
    readonly analysis: Analysis,
    /** Increases with every change to the workspace's texts. */
    readonly generation: number,
    private readonly stdlibDir: string | undefined,
    private readonly memo: PlacementMemo = {},
  ) {}

  module(file: ModuleKey): ModuleAnalysis | undefined {
    return this.analysis.modules.get(file) ?? this.analysis.modules.get(toKey(file));
  }

  source(file: string): SourceText | undefined {
    return this.analysis.source(file) ?? this.module(file)?.source;
  }

  /** The syntax nodes containing `offset`, outermost first. */
  nodesAt(file: ModuleKey, offset: number): A.AnyNode[] {
    const m = this.module(file);
    return m ? nodesAt(m.tree, offset) : [];
  }

  /** The absolute path of a module's file (the stdlib's files included). */
  absolutePath(file: string): string | undefined {
    if (file.startsWith("std/") || isStdKey(file)) {
      const rel = file.startsWith("std/") ? file.slice(4) : file.slice(4);
      return this.stdlibDir ? path.join(this.stdlibDir, rel) : undefined;
    }
    return path.join(this.analysis.root, ...file.split("/"));
  }

  /** Errors in the files that make up the system (and the stdlib): placement waits for none. */
  systemErrors(): number {
    const inSystem = (file: string) => this.module(file)?.inSystem !== false;
    return this.analysis.diagnostics.filter((d) => d.severity === "error" && inSystem(d.file)).length;
  }

  /** Placement of the system, computed once per snapshot; undefined while the system has errors. */
  placement(): PlacementCheck | undefined {
    if (this.placementCache !== undefined) return this.placementCache ?? undefined;
    if (this.systemErrors() > 0) {
      this.placementCache = null;
      return undefined;
    }
    this.placementCache = checkPlacementReusing(this.memo, this.analysis.model, readLock(this.analysis.root));
    return this.placementCache;
  }

  /** Every diagnostic: the analysis's and placement's when it ran (one report per mistake: fold-causes.ts). */
  diagnostics(): Diagnostic[] {
    if (this.diagnosticsCache) return this.diagnosticsCache;
    const p = this.placement();
    return (this.diagnosticsCache = p && p.diagnostics.length > 0 ? withPlacementDiagnostics(this.analysis.diagnostics, p.diagnostics) : this.analysis.diagnostics);
  }
}

/** A diagnostic's file name (`std/x.sys`) as a module key (`std:x.sys`). */
export function toKey(file: string): ModuleKey {
  return file.startsWith("std/") ? "std:" + file.slice(4) : file;
}

/** The lock read last per workspace folder, with the file's identity, size and modification time: read again only when one changes (`herd build` replaces the file, so a new lock is a new inode). */
const locks = new Map<string, { ino: number; size: number; mtimeMs: number; lock: Lock | undefined }>();

function readLock(root: string): Lock | undefined {
  const file = path.join(root, "herd.lock");
  try {
    // Asked at every keystroke: a missing lock is the common case, and costs no exception.
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st) {
      locks.delete(root);
      return undefined;
    }
    const hit = locks.get(root);
    if (hit && hit.ino === st.ino && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit.lock;
    const lock = parseLock(fs.readFileSync(file, "utf8"));
    locks.set(root, { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, lock });
    return lock;
  } catch {
    // Unreadable or not a lock: placed as if there were none (`herd build` says what is wrong with it).
    locks.delete(root);
    return undefined;
  }
}
