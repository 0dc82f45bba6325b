// The file system the analysis reads through: injected, so tests run in
// memory and the language server can overlay unsaved editor buffers.
import * as fs from "node:fs";
import * as path from "node:path";

export interface DirEntry {
  name: string;
  kind: "file" | "dir";
}

/** A file's text, read as UTF-8. */
export interface FileText {
  text: string;
  /** Where in `text` the first byte that is not UTF-8 is (each such byte reads as U+FFFD), when there is one. */
  notUtf8At?: number;
}

export interface FileSystem {
  /** The file's text, or an error message when it cannot be read. */
  readFile(absPath: string): FileText | { error: string };
  /** A folder's entries, or undefined when it is no folder. */
  readDir(absPath: string): DirEntry[] | undefined;
  kind(absPath: string): "file" | "dir" | undefined;
}

const lenient = new TextDecoder("utf-8", { ignoreBOM: true });

/** The byte offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  const cont = (i: number, lo = 0x80, hi = 0xbf) => i < b.length && b[i]! >= lo && b[i]! <= hi;
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) i++;
    else if (c >= 0xc2 && c <= 0xdf && cont(i + 1)) i += 2;
    // Not overlong (E0 A0…), not a surrogate (ED …9F).
    else if (c >= 0xe0 && c <= 0xef && cont(i + 1, c === 0xe0 ? 0xa0 : 0x80, c === 0xed ? 0x9f : 0xbf) && cont(i + 2)) i += 3;
    else if (c >= 0xf0 && c <= 0xf4 && cont(i + 1, c === 0xf0 ? 0x90 : 0x80, c === 0xf4 ? 0x8f : 0xbf) && cont(i + 2) && cont(i + 3)) i += 4;
    else return i;
  }
  return -1;
}

/** Bytes read as UTF-8, with where the first byte that is not UTF-8 lands in the text (a BOM is kept, as Node's "utf8" keeps it). */
export function decodeUtf8(bytes: Uint8Array): FileText {
  const text = lenient.decode(bytes);
  // Fast path: no replacement character, so every byte was UTF-8.
  if (!text.includes("\uFFFD")) return { text };
  const bad = firstInvalidUtf8(bytes);
  return bad < 0 ? { text } : { text, notUtf8At: lenient.decode(bytes.subarray(0, bad)).length };
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
      return decodeUtf8(fs.readFileSync(p));
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
  /** Files written as bytes that are not all UTF-8: where in their text the first such byte is. */
  private readonly notUtf8 = new Map<string, number>();

  constructor(files: Record<string, string> = {}) {
    for (const [p, t] of Object.entries(files)) this.files.set(path.posix.normalize(p), t);
  }

  write(p: string, text: string): void {
    this.files.set(path.posix.normalize(p), text);
    this.notUtf8.delete(path.posix.normalize(p));
  }

  /** A file given as bytes, read as a file on disk is. */
  writeBytes(p: string, bytes: Uint8Array): void {
    const r = decodeUtf8(bytes);
    this.write(p, r.text);
    if (r.notUtf8At !== undefined) this.notUtf8.set(path.posix.normalize(p), r.notUtf8At);
  }

  delete(p: string): void {
    this.files.delete(path.posix.normalize(p));
    this.notUtf8.delete(path.posix.normalize(p));
  }

  readFile(p: string): FileText | { error: string } {
    const n = path.posix.normalize(p);
    const t = this.files.get(n);
    if (t === undefined) return { error: "no such file" };
    const at = this.notUtf8.get(n);
    return at === undefined ? { text: t } : { text: t, notUtf8At: at };
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
