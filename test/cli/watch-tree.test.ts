// The watcher under `herd check --watch` hears about a linked file's edits:
// the file a symbolic link names changes without anything changing in the
// link's own folder.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { watchTree } from "../../compiler/cli/watch-tree.js";

/** Waits until `heard` holds `rel`, or gives up after two seconds. */
async function until(heard: Set<string>, rel: string): Promise<boolean> {
  for (let i = 0; i < 40 && !heard.has(rel); i++) await new Promise((r) => setTimeout(r, 50));
  return heard.has(rel);
}

describe("watchTree", () => {
  it("reports an edit of a file through the links to it, present at the start or made later", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "herd-watch-"));
    mkdirSync(path.join(dir, "shared"));
    mkdirSync(path.join(dir, "fleet"));
    writeFileSync(path.join(dir, "shared/base.sys"), "let x = 1\n");
    writeFileSync(path.join(dir, "shared/more.sys"), "let y = 1\n");
    symlinkSync("../shared/base.sys", path.join(dir, "fleet/base.sys"));
    const heard = new Set<string>();
    const w = watchTree(path.join(dir, "fleet"), (rel) => heard.add(rel));
    try {
      writeFileSync(path.join(dir, "shared/base.sys"), "let x = 2\n");
      expect(await until(heard, "base.sys")).toBe(true);
      symlinkSync("../shared/more.sys", path.join(dir, "fleet/more.sys"));
      expect(await until(heard, "more.sys")).toBe(true);
      heard.clear();
      writeFileSync(path.join(dir, "shared/more.sys"), "let y = 2\n");
      expect(await until(heard, "more.sys")).toBe(true);
    } finally {
      w.close();
    }
  });
});
