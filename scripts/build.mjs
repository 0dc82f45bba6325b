// Bundles the `herd` command with esbuild into dist/: dist/herd.mjs and, in
// dist/chunks/, the code it shares with the language server and the server
// itself, which only `herd lsp` loads. The stdlib/ folder is found above
// them at run time.
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
// Chunks are named by their hash: the ones of an earlier build would pile up.
rmSync(new URL("../dist/chunks", import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { herd: "lsp/server/bin.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  // `herd lsp` loads the server from its own chunk (lsp/server/bin.ts), so the other commands start without it.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  legalComments: "none",
  define: { HERD_VERSION: JSON.stringify(pkg.version), "process.env.NODE_ENV": '"production"' },
  banner: { js: "import { createRequire as __herdCreateRequire } from 'node:module'; const require = __herdCreateRequire(import.meta.url);" },
  logLevel: "warning",
});
