// Builds the extension into dist/ with esbuild, ready for `vsce package`:
//   dist/extension.js  the client (CommonJS; `vscode` is provided by VS Code)
//   dist/server.js     the language server (lsp/server/stdio.ts), run over stdio
//   dist/herd.js       the whole `herd` CLI (lsp/server/bin.ts), for "Herd: Build"
// and copies ../stdlib/*.sys to stdlib/, where the bundled server and CLI
// look for it (language/workspace/stdlib.ts walks up from its own file).
// `--sourcemap` adds source maps for debugging; they are never packaged.
import { build } from "esbuild";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { grammarJson, grammarPath } from "./grammar.mjs";

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repo = path.resolve(ext, "..");
const sourcemap = process.argv.includes("--sourcemap");
const herdVersion = JSON.parse(readFileSync(path.join(repo, "package.json"), "utf8")).version;

// The grammar is generated from scripts/grammar.mjs; keep the JSON current
// (written only when it changed: tests may be reading it).
if (!existsSync(grammarPath) || readFileSync(grammarPath, "utf8") !== grammarJson()) writeFileSync(grammarPath, grammarJson());

// The stdlib, fresh each time so a deleted module does not linger.
const stdlib = path.join(ext, "stdlib");
rmSync(stdlib, { recursive: true, force: true });
mkdirSync(stdlib, { recursive: true });
for (const f of readdirSync(path.join(repo, "stdlib"))) {
  if (f.endsWith(".sys")) cpSync(path.join(repo, "stdlib", f), path.join(stdlib, f));
}

rmSync(path.join(ext, "dist"), { recursive: true, force: true });

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  // VS Code 1.82's extension host runs Node 18.
  target: "node18",
  sourcemap,
  minify: true,
  keepNames: true, // readable stack traces in the server log
  legalComments: "none",
  logLevel: "warning",
  absWorkingDir: ext,
};

// The server code finds the stdlib through `import.meta.url`, which a
// CommonJS bundle does not have: give it this file's URL instead.
const fromEsm = {
  define: { "import.meta.url": "__herdImportMetaUrl", HERD_VERSION: JSON.stringify(herdVersion), "process.env.NODE_ENV": '"production"' },
  banner: { js: 'var __herdImportMetaUrl = require("url").pathToFileURL(__filename).href;' },
};

await Promise.all([
  build({ ...common, entryPoints: { extension: "src/extension.ts" }, outdir: "dist", external: ["vscode"] }),
  build({ ...common, ...fromEsm, entryPoints: { server: "src/server.ts", herd: "../lsp/server/bin.ts" }, outdir: "dist" }),
]);
console.log(`built ${path.relative(process.cwd(), path.join(ext, "dist")) || "dist"}`);
