// Watches a folder and the folders below it for changes to files, one
// watcher per folder: a folder's watcher hears about a file replaced by a
// rename (how editors save) where a watcher of the file itself would keep
// watching the old one. Folders a workspace does not read are left out;
// folders made later are added as they appear, with the files already in
// them.
import * as fs from "node:fs";
import * as path from "node:path";
import { skippedDirs } from "../../language/workspace/workspace.js";

export interface TreeWatcher {
  close(): void;
}

/** Calls `onChange` with the path (relative to `root`, `/`-separated) of every file created, changed, renamed or deleted below it. */
export function watchTree(root: string, onChange: (rel: string) => void): TreeWatcher {
  const watchers = new Map<string, fs.FSWatcher>();
  /** Symbolic links to `.sys` files, by the real folder of the file they name: that folder's name → the links' paths. Editing the file changes nothing in the link's own folder, so its folder is watched too. */
  const linked = new Map<string, { watcher: fs.FSWatcher; links: Map<string, Set<string>> }>();
  const followLink = (full: string) => {
    let real: string;
    try {
      real = fs.realpathSync(full);
    } catch {
      return; // a broken link
    }
    const dir = path.dirname(real);
    let w = linked.get(dir);
    if (!w) {
      const links = new Map<string, Set<string>>();
      try {
        const watcher = fs.watch(dir, (_event, name) => {
          for (const rel of (name && links.get(name.toString())) || []) onChange(rel);
        });
        watcher.on("error", () => watcher.close());
        linked.set(dir, (w = { watcher, links }));
      } catch {
        return;
      }
    }
    const base = path.basename(real);
    if (!w.links.has(base)) w.links.set(base, new Set());
    w.links.get(base)!.add(path.relative(root, full).split(path.sep).join("/"));
  };
  const skipped = (name: string) => name.startsWith(".") || skippedDirs.has(name);
  const isDir = (p: string) => {
    try {
      return fs.statSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  // `announce`: a folder that appeared after the start: the files already in it
  // when its watcher starts were written before anyone heard, so they count as changes.
  const add = (dir: string, announce: boolean) => {
    if (watchers.has(dir)) return;
    let w: fs.FSWatcher;
    try {
      w = fs.watch(dir, (_event, name) => {
        if (!name) return;
        const full = path.join(dir, name.toString());
        if (isDir(full)) {
          if (!skipped(path.basename(full))) add(full, true);
          return;
        }
        // A link made since: follow it too.
        if (full.endsWith(".sys")) {
          try {
            if (fs.lstatSync(full).isSymbolicLink()) followLink(full);
          } catch {
            // Deleted.
          }
        }
        // A folder that is gone takes its watcher with it.
        const gone = watchers.get(full);
        if (gone) {
          gone.close();
          watchers.delete(full);
        }
        onChange(path.relative(root, full).split(path.sep).join("/"));
      });
    } catch {
      return; // unreadable or gone meanwhile: nothing to watch there
    }
    // A watched folder deleted: its watcher reports an error; drop it.
    w.on("error", () => {
      w.close();
      watchers.delete(dir);
    });
    watchers.set(dir, w);
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      // Gone meanwhile.
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!skipped(e.name)) add(full, announce);
        continue;
      }
      if (e.isSymbolicLink() && e.name.endsWith(".sys")) followLink(full);
      if (announce) onChange(path.relative(root, full).split(path.sep).join("/"));
    }
  };
  add(root, false);
  return {
    close() {
      for (const w of watchers.values()) w.close();
      watchers.clear();
      for (const w of linked.values()) w.watcher.close();
      linked.clear();
    },
  };
}
