// Reads a zip archive (a .vsix is one) from its central directory, so tests
// need neither `unzip` nor a zip package.
import * as fs from "node:fs";
import * as path from "node:path";
import { inflateRawSync } from "node:zlib";

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  localHeader: number;
}

function centralDirectory(buf: Buffer, file: string): Entry[] {
  // The end-of-central-directory record, searched from the end (a comment of
  // up to 64 KiB may follow it).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip archive`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const nameLength = buf.readUInt16LE(at + 28);
    entries.push({
      name: buf.toString("utf8", at + 46, at + 46 + nameLength),
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      localHeader: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return entries;
}

export function zipEntries(file: string): string[] {
  return centralDirectory(fs.readFileSync(file), file).map((e) => e.name);
}

/** Extracts every file of the archive under `dir`. */
export function unzip(file: string, dir: string): void {
  const buf = fs.readFileSync(file);
  for (const e of centralDirectory(buf, file)) {
    if (e.name.endsWith("/")) continue;
    const target = path.join(dir, e.name);
    if (!target.startsWith(path.resolve(dir) + path.sep)) throw new Error(`${file}: entry ${e.name} escapes the folder`);
    const start = e.localHeader + 30 + buf.readUInt16LE(e.localHeader + 26) + buf.readUInt16LE(e.localHeader + 28);
    const data = buf.subarray(start, start + e.compressedSize);
    if (e.method !== 0 && e.method !== 8) throw new Error(`${file}: entry ${e.name} uses compression method ${e.method}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, e.method === 8 ? inflateRawSync(data) : data);
  }
}
