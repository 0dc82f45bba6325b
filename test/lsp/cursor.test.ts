// The cursor reads the scanner's arrays: the tokens it reports are the ones
// the whole list of token objects has around the same offset, and a request
// right after a keystroke makes no token objects beyond those few.
import { readFileSync } from "node:fs";
import type { IToken } from "chevrotain";
import { describe, expect, it } from "vitest";
import { scan } from "../../language/syntax/scanner.js";
import * as T from "../../language/syntax/tokens.js";
import { Project } from "../../lsp/ide/project.js";
import { completion } from "../../lsp/ide/completion.js";
import { signatureHelp } from "../../lsp/ide/signature-help.js";
import { cursorAt } from "../../lsp/ide/cursor.js";

const shop = readFileSync(new URL("../../examples/shop/shop.sys", import.meta.url), "utf8");
const show = (t: IToken | undefined) => (t ? `${t.tokenType.name}@${t.startOffset}` : "-");

describe("the cursor", () => {
  it("finds at every offset the tokens the full token list has there", () => {
    for (const text of [shop, 'let a = "x${b}y" + 512MiB\nlet c = [1, 2]\n', 'let s = "open\n']) {
      const stream = scan(text).stream;
      const all = stream.tokens();
      for (let offset = 0; offset <= text.length; offset++) {
        const c = cursorAt(stream, offset);
        // The last token starting before the cursor, by a plain scan of the list.
        let i = -1;
        while (i + 1 < all.length && all[i + 1]!.startOffset < offset) i++;
        expect(show(c.at), `at ${offset}`).toBe(show(all[i]));
        if (c.word) expect(c.word).toBe(all[i]);
        // `before` is the last token before the word (or the cursor) that is not a line break at the cursor.
        let b = c.word ? i - 1 : i;
        while (b >= 0 && all[b]!.tokenType === T.Newline && all[b]!.startOffset >= offset) b--;
        expect([show(c.before), show(c.before2), show(c.before3)], `before ${offset}`).toEqual([show(all[b]), show(all[b - 1]), show(all[b - 2])]);
      }
    }
  });

  it("makes no token objects for completion and signature help right after a keystroke", () => {
    const p = new Project({ root: "/nonexistent-herd-workspace" });
    p.open("main.sys", shop, 1);
    p.snapshot().diagnostics();
    const edited = shop.replace("replicas  = 3", "replicas  = 3 ");
    p.open("main.sys", edited, 2);
    const snap = p.snapshot();
    const stream = snap.module("main.sys")!.parse.stream!;
    expect(stream).toBeDefined();
    expect(completion(snap, "main.sys", edited.indexOf("replicas") + 3).length).toBeGreaterThan(0);
    const call = edited.indexOf("hcloud.server {") + "hcloud.server { ".length;
    expect(signatureHelp(snap, "main.sys", call)?.label).toMatch(/^server\(/);
    expect((stream as unknown as { objects?: unknown }).objects).toBeUndefined();
  });
});
