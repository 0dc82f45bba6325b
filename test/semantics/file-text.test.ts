// Reading a file's bytes as UTF-8 (language/workspace/file-system.ts): the
// text, and where the first byte that is not UTF-8 lands in it (H0107).
import { describe, expect, it } from "vitest";
import { decodeUtf8 } from "../../language/workspace/file-system.js";

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

describe("decodeUtf8", () => {
  it("reads UTF-8 as it is, multi-byte characters and a byte-order mark included", () => {
    const text = "\uFEFFlet café = \"日本 🐑\" // \uFFFD written as such\n";
    expect(decodeUtf8(Buffer.from(text, "utf8"))).toEqual({ text });
  });

  it("finds the first byte that is not UTF-8, as an offset in the text", () => {
    // Latin-1 é after a UTF-8 é and a character outside the BMP (two UTF-16 units).
    const r = decodeUtf8(bytes('let x = "é🐑caf', [0xe9], '"'));
    expect(r.notUtf8At).toBe('let x = "é🐑caf'.length);
    expect(r.text[r.notUtf8At!]).toBe("\uFFFD");
  });

  it("rejects what UTF-8 forbids: overlong forms, surrogates, code points past U+10FFFF, cut-off sequences, stray continuation bytes", () => {
    for (const bad of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe6, 0x97], [0x80], [0xff, 0xfe]]) {
      expect(decodeUtf8(bytes("ab", bad, "c")).notUtf8At, bad.map((b) => b.toString(16)).join(" ")).toBe(2);
    }
    // A cut-off sequence at the very end.
    expect(decodeUtf8(bytes("ab", [0xf0, 0x9f, 0x90])).notUtf8At).toBe(2);
  });
});
