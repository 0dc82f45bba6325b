// Atomic file output: write a temporary file next to the target, then rename
// it over the target, so readers never see half a file and a failure leaves
// the old one intact.
import * as fs from "node:fs";
import * as path from "node:path";

export function writeFileAtomic(target: string, text: string): void {
  // Through a symbolic link to the file it names: replacing the link itself would cut it.
  try {
    target = fs.realpathSync(target);
  } catch {
    // Not there yet.
  }
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    try {
      fs.chmodSync(tmp, fs.statSync(target).mode & 0o777);
    } catch {
      // A new file keeps the default mode.
    }
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
