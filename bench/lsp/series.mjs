#!/usr/bin/env node
// One series of bench/lsp/run.mjs alone: keystrokes into one file of the
// generated workspace, each followed by nothing but waiting for that
// version's diagnostics and the status line. For comparing builds side by
// side (give several --herd, they take turns) and for profiling the server
// on one kind of edit (--profile DIR; bench/frontend/profile-summary.mjs
// summarises the profile). Prints p50, p95 and max per build and turn.
//
//   node bench/lsp/series.mjs [--file templates|leaf] [--edits N] [--turns N]
//                             [--herd FILE]... [--server-flags 'FLAGS'] [--profile DIR] [--dir DIR]
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { HerdClient } from "./client.mjs";
import { herdPositions, keystroke } from "./positions.mjs";
import { ms, summary } from "./stats.mjs";
import { writeContent } from "./workspace.mjs";
import { benchArgs } from "../args.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const usage = "usage: node bench/lsp/series.mjs [--file templates|leaf] [--edits N] [--turns N] [--herd FILE]... [--server-flags 'FLAGS'] [--profile DIR] [--dir DIR]";
const { argv, take } = benchArgs();
const which = take("--file", "templates");
const edits = Number(take("--edits", "100"));
const turns = Number(take("--turns", "1"));
const herds = [];
for (let h = take("--herd", undefined); h !== undefined; h = take("--herd", undefined)) herds.push(path.resolve(h));
if (herds.length === 0) herds.push(path.join(repo, "dist", "herd.mjs"));
const serverFlags = take("--server-flags", "").split(/\s+/).filter(Boolean);
const profileDir = take("--profile", undefined);
const dir = path.resolve(take("--dir", path.join(os.tmpdir(), "herd-bench-lsp")));
if (argv.length > 0 || !["templates", "leaf"].includes(which) || !(edits >= 10) || !(turns >= 1)) {
  console.error(`${argv[0] ? `unknown argument ${argv[0]}\n` : ""}${usage}`);
  process.exit(2);
}

const content = writeContent(dir, 50);
const file = which === "leaf" ? content.leafFile : content.importedFile;
const hp = herdPositions(content.herdTexts.get(content.leafFile), content.herdTexts.get(content.importedFile), content.leafIndex);
const base = which === "leaf" ? hp.typeLeaf : hp.typeImported;

/** One server, every file open, `edits` timed keystrokes after 10 untimed ones. */
async function series(herdBin) {
  const nodeFlags = [...serverFlags, ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`] : [])];
  const client = new HerdClient({ repo, herdBin, root: content.ws, nodeFlags });
  try {
    await client.initialize();
    for (const [f, text] of content.herdTexts) await client.open(f, text);
    await client.until(() => [...content.herdTexts.keys()].every((f) => client.published.get(client.uri(f))?.version === 1), 600_000, "diagnostics of every open file");
    const times = [];
    for (let i = 0; i < edits + 10; i++) {
      const ks = keystroke(i);
      const v = await client.edit(file, base + ks.at, ks.insert, ks.remove);
      const sent = client.sentAt;
      const p = await client.diagnosticsOf(file, v, 60_000);
      await client.until(() => client.lastStatus.at >= p.at, 60_000, "herd/status");
      if (i >= 10) times.push(p.at - sent);
    }
    return summary(times);
  } finally {
    await client.stop();
  }
}

console.log(`typing into ${file}: ${edits} timed keystrokes per turn, ${turns} turn(s), builds taking turns`);
for (let t = 0; t < turns; t++) {
  for (const h of herds) {
    const s = await series(h);
    console.log(`turn ${t + 1}  ${h}: p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  max ${ms(s.max)} ms`);
  }
}
