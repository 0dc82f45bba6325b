// The file system the analysis reads through: injected, so tests run in
// memory and the language server can overlay unsaved editor buffers.
import * as fs from "node:fs";
import * as path from "node:path";

export interface DirEntry {
  name: string;
  kind: "file" | "dir";
}

export interface FileSystem {
  /** The file's text, or an error message when it cannot be read. */
  readFile(absPath: string): { text: string } | { error: string };
  /** A folder's entries, or undefined when it is no folder. */
  readDir(absPath: string): DirEntry[] | undefined;
  kind(absPath: string): "file" | "dir" | undefined;
}

/**
 * Whether a folder entry is a file to read: a regular file, or a symbolic
 * link to one (a module shared between workspaces is often linked in).
 * Links to folders are not followed, as git and ripgrep do not: one pointing
 * up would never end.
 */
export function isFileEntry(dir: string, d: fs.Dirent): boolean {
  if (d.isFile()) return true;
  if (!d.isSymbolicLink()) return false;
  try {
    return fs.statSync(path.join(dir, d.name)).isFile();
  } catch {
    return false; // a broken link
  }
}

export const nodeFileSystem: FileSystem = {
  readFile(p) {
    try {
      return { text: fs.readFileSync(p, "utf8") };
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = err.code === "ENOENT" ? "no such file" : err.code === "EACCES" ? "permission denied" : err.code === "EISDIR" ? "it is a folder" : err.message;
      return { error: why };
    }
  },
  readDir(p) {
    try {
      return fs
        .readdirSync(p, { withFileTypes: true })
        .filter((d) => d.isDirectory() || isFileEntry(p, d))
        .map((d) => ({ name: d.name, kind: d.isDirectory() ? ("dir" as const) : ("file" as const) }));
    } catch {
      return undefined;
    }
  },
  kind(p) {
    try {
      const st = fs.statSync(p);
      return st.isDirectory() ? "dir" : st.isFile() ? "file" : undefined;
    } catch {
      return undefined;
    }
  },
};

/** A file system held in memory: `{ "/ws/a.sys": "…" }`. */
export class MemoryFileSystem implements FileSystem {
  readonly files = new Map<string, string>();

  constructor(files: Record<string, string> = {}) {
    for (const [p, t] of Object.entries(files)) this.files.set(path.posix.normalize(p), t);
  }

  write(p: string, text: string): void {
    this.files.set(path.posix.normalize(p), text);
  }

  delete(p: string): void {
    this.files.delete(path.posix.normalize(p));
  }

  readFile(p: string): { text: string } | { error: string } {
    const t = this.files.get(path.posix.normalize(p));
    return t === undefined ? { error: "no such file" } : { text: t };
  }

  readDir(p: string): DirEntry[] | undefined {
    const dir = path.posix.normalize(p).replace(/\/$/, "") + "/";
    const out = new Map<string, DirEntry>();
    for (const f of this.files.keys()) {
      if (!f.startsWith(dir)) continue;
      const rest = f.slice(dir.length);
      const slash = rest.indexOf("/");
      if (slash < 0) out.set(rest, { name: rest, kind: "file" });
      else out.set(rest.slice(0, slash), { name: rest.slice(0, slash), kind: "dir" });
    }
    return out.size > 0 || this.kind(p) === "dir" ? [...out.values()] : undefined;
  }

  kind(p: string): "file" | "dir" | undefined {
    const n = path.posix.normalize(p).replace(/\/$/, "");
    if (this.files.has(n)) return "file";
    for (const f of this.files.keys()) if (f.startsWith(n + "/")) return "dir";
    return undefined;
  }
}
