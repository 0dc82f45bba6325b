// Vitest's global set-up: bundles `herd` (dist/herd.mjs) once, before any
// test file runs. The language server's tests, the CLI's process tests and
// the editor's end-to-end tests run that bundle; built only when missing, a
// local run after an edit would test the server as it was.
import { execFileSync } from "node:child_process";

export default function buildBundle(): void {
  execFileSync("node", ["scripts/build.mjs"], { cwd: new URL("../../", import.meta.url).pathname, stdio: ["ignore", "ignore", "inherit"] });
}
