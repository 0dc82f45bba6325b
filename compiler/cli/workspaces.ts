// Turns the paths given on the command line into workspaces. A folder with
// `.sys` files directly inside is a workspace; a folder without them stands
// for the workspaces below it (`herd check examples`); a file belongs to the
// workspace of the highest folder above it that, like every folder between,
// holds `.sys` files directly (so `lib/x.sys` is checked with its parent),
// never climbing above the current folder, a repository root (`.git`) or a
// folder with a `herd.lock`, nor into the home folder, the temporary folder
// or the file system's root (folders of unrelated files: a stray `.sys` file
// there must not make everything below one workspace).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isFileEntry } from "../../language/workspace/file-system.js";

export type WorkspaceTarget = { root: string; files?: string[] };

export class InputError extends Error {}

function hasSysFiles(dir: string): boolean {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).some((e) => e.name.endsWith(".sys") && isFileEntry(dir, e));
  } catch {
    return false;
  }
}

function workspacesBelow(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!e.isDirectory() || e.name.startsWith(".") || e.name === "node_modules") continue;
    const sub = path.join(dir, e.name);
    if (hasSysFiles(sub)) out.push(sub);
    else workspacesBelow(sub, out);
  }
}

/** Folders a file's workspace never climbs into, unless given as the folder to check. */
function isShared(dir: string): boolean {
  return dir === path.parse(dir).root || dir === path.resolve(os.homedir()) || dir === path.resolve(os.tmpdir());
}

function isBoundary(dir: string, cwd: string): boolean {
  if (dir === cwd) return true;
  return fs.existsSync(path.join(dir, ".git")) || fs.existsSync(path.join(dir, "herd.lock"));
}

export function resolveTargets(paths: string[], cwd = process.cwd()): WorkspaceTarget[] {
  const targets = new Map<string, WorkspaceTarget>();
  const add = (root: string, file?: string) => {
    const t = targets.get(root) ?? { root };
    if (file) (t.files ??= []).push(file);
    else delete t.files;
    targets.set(root, t);
  };
  for (const p of paths.length > 0 ? paths : ["."]) {
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new InputError(`cannot read ${p}: no such file or folder`);
    }
    if (st.isDirectory()) {
      if (hasSysFiles(abs)) {
        add(abs);
        continue;
      }
      const below: string[] = [];
      workspacesBelow(abs, below);
      if (below.length === 0) throw new InputError(`no .sys files in ${p}`);
      for (const b of below) add(b);
    } else {
      if (!abs.endsWith(".sys")) throw new InputError(`${p} is not a .sys file`);
      let root = path.dirname(abs);
      const here = path.resolve(cwd);
      while (!isBoundary(root, here) && !isShared(path.dirname(root)) && hasSysFiles(path.dirname(root))) root = path.dirname(root);
      add(root, abs);
    }
  }
  return [...targets.values()];
}
