// Replaces an output folder atomically: the new tree is written next to it
// and renamed into place, so a reader sees the old tree or the new one, and
// a failed build leaves the old one intact. Files listed in `keep` (written
// by other tools, such as Terraform's addresses.json) survive the swap.
import * as fs from "node:fs";
import * as path from "node:path";

export function writeTreeAtomic(dir: string, files: Map<string, string>, keep: readonly string[] = []): void {
  const parent = path.dirname(path.resolve(dir));
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(dir)}.new-`));
  const old = path.join(parent, `.${path.basename(dir)}.old-${process.pid}`);
  try {
    for (const [rel, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const p = path.join(tmp, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
    }
    for (const rel of keep) {
      const from = path.join(dir, rel);
      if (fs.existsSync(from) && !files.has(rel)) {
        fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
        fs.copyFileSync(from, path.join(tmp, rel));
      }
    }
    if (fs.existsSync(dir)) fs.renameSync(dir, old);
    fs.renameSync(tmp, dir);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(dir) && fs.existsSync(old)) fs.renameSync(old, dir);
    throw e;
  }
  fs.rmSync(old, { recursive: true, force: true });
}
