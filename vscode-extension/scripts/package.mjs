// Packages the extension into ../dist/herd-<version>.vsix with vsce, which
// first builds it (the manifest's `vscode:prepublish` runs scripts/build.mjs).
// `--no-dependencies`: everything the extension needs is bundled into dist/,
// so no node_modules/ goes into the package.
//   node vscode-extension/scripts/package.mjs [--out FILE]
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { version } = JSON.parse(readFileSync(path.join(ext, "package.json"), "utf8"));
const outArg = process.argv.indexOf("--out");
const out = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.resolve(ext, "..", "dist", `herd-${version}.vsix`);
mkdirSync(path.dirname(out), { recursive: true });

const require = createRequire(import.meta.url);
const vsce = path.join(path.dirname(require.resolve("@vscode/vsce/package.json")), "vsce");
execFileSync(process.execPath, [vsce, "package", "--no-dependencies", "--out", out], { cwd: ext, stdio: "inherit" });
console.log(`packaged ${path.relative(process.cwd(), out)}`);
