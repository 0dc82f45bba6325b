// The language server's model of the workspace: the texts of open documents
// (overlaying the files on disk) and a snapshot of their analysis, rebuilt
// only when something changed. Requests take the current snapshot; a
// result computed for an older generation is never sent.
import * as path from "node:path";
import { Workspace } from "../../language/workspace/workspace.js";
import { nodeFileSystem, type FileSystem } from "../../language/workspace/file-system.js";
import { defaultStdlib, type StdlibSource } from "../../language/workspace/stdlib.js";
import type { PlacementMemo } from "../../compiler/placement/index.js";
import { Snapshot } from "./snapshot.js";

export interface ProjectOptions {
  root: string;
  fs?: FileSystem;
  stdlib?: StdlibSource;
  stdlibDir?: string;
}

export class Project {
  readonly workspace: Workspace;
  private generation = 0;
  private current: Snapshot | undefined;
  private readonly versions = new Map<string, number>();
  private readonly stdlibDir: string | undefined;
  private readonly placementMemo: PlacementMemo = {};

  constructor(opts: ProjectOptions) {
    const stdlib = opts.stdlib ?? defaultStdlib();
    this.workspace = new Workspace({ root: opts.root, fs: opts.fs ?? nodeFileSystem, stdlib });
    this.stdlibDir = opts.stdlibDir ?? stdlib.dir;
  }

  get root(): string {
    return this.workspace.root;
  }

  /** A workspace-relative file for an absolute path, if it is inside. */
  fileOf(absPath: string): string | undefined {
    return this.workspace.relative(absPath);
  }

  /** An open document's new text. */
  open(file: string, text: string, version: number): void {
    this.workspace.setOverlay(file, text);
    this.versions.set(file, version);
    this.changed();
  }

  close(file: string): void {
    this.workspace.setOverlay(file, undefined);
    this.versions.delete(file);
    this.changed();
  }

  /** Files on disk changed (created, deleted, saved by another program). */
  changed(): void {
    this.generation++;
    this.current = undefined;
  }

  version(file: string): number | undefined {
    return this.versions.get(file);
  }

  get currentGeneration(): number {
    return this.generation;
  }

  snapshot(): Snapshot {
    if (!this.current || this.current.generation !== this.generation) {
      this.current = new Snapshot(this.workspace.analyze(), this.generation, this.stdlibDir, this.placementMemo);
    }
    return this.current;
  }

  absolute(file: string): string {
    return path.join(this.root, ...file.split("/"));
  }
}
