// Bundles the CLI (and, later, the language server) with esbuild into dist/.
// The stdlib/ folder is found next to dist/ at run time.
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

await build({
  entryPoints: { herd: "lsp/server/bin.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  legalComments: "none",
  define: { HERD_VERSION: JSON.stringify(pkg.version), "process.env.NODE_ENV": '"production"' },
  banner: { js: "import { createRequire as __herdCreateRequire } from 'node:module'; const require = __herdCreateRequire(import.meta.url);" },
  logLevel: "warning",
});
