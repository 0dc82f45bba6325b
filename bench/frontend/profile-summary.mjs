#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `node --cpu-prof dist/herd.mjs check …`):
// the functions with the most self time, and the most total (inclusive) time,
// with their place in the TypeScript sources when the bundle has its .map files.
//
//   node bench/frontend/profile-summary.mjs FILE.cpuprofile [--top N]
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const topAt = args.indexOf("--top");
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 15;
const file = args[0];
if (!file) {
  console.error("usage: node bench/frontend/profile-summary.mjs FILE.cpuprofile [--top N]");
  process.exit(2);
}
const prof = JSON.parse(readFileSync(file, "utf8"));

// Source maps of the scripts in the profile, looked up lazily.
const maps = new Map();
function original(url, line, column) {
  if (!url.startsWith("file://")) return undefined;
  const js = fileURLToPath(url);
  if (!maps.has(js)) {
    const mapFile = js + ".map";
    maps.set(js, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, "utf8"))) : null);
  }
  const map = maps.get(js);
  const e = map?.findEntry(line, column);
  if (!e || !e.originalSource) return undefined;
  const src = e.originalSource.replace(/^file:\/\//, "");
  // Relative to the repository the bundle is in (its chunks are in dist/chunks/).
  let root = path.dirname(js);
  while (!existsSync(path.join(root, "package.json")) && path.dirname(root) !== root) root = path.dirname(root);
  return `${path.relative(root, path.resolve(path.dirname(js), src))}:${e.originalLine + 1}`;
}

const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Self time per node from the samples and their time deltas.
const selfUs = new Map();
for (let i = 0; i < prof.samples.length; i++) {
  const id = prof.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const keyOf = (n) => {
  const f = n.callFrame;
  return `${f.functionName || "(anonymous)"}\u0000${f.url}\u0000${f.lineNumber}\u0000${f.columnNumber}`;
};
const label = (n) => {
  const f = n.callFrame;
  const name = f.functionName || "(anonymous)";
  if (!f.url) return name;
  const where = original(f.url, f.lineNumber, f.columnNumber) ?? `${path.basename(f.url)}:${f.lineNumber + 1}`;
  return `${name}  (${where})`;
};

const self = new Map();
const incl = new Map();
const sample = new Map();
for (const [id, us] of selfUs) {
  const n = byId.get(id);
  const k = keyOf(n);
  self.set(k, (self.get(k) ?? 0) + us);
  sample.set(k, n);
  // Inclusive: every distinct function on the stack gets the time once.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const m = byId.get(cur);
    const mk = keyOf(m);
    if (seen.has(mk)) continue;
    seen.add(mk);
    sample.set(mk, m);
    incl.set(mk, (incl.get(mk) ?? 0) + us);
  }
}

// Time per phase of `herd check`, with the garbage collector's samples
// charged to the phase that ran just before them (the one that allocated).
const PHASES = [
  ["parse (scan + parse + tree)", /^parseModule$/],
  ["names (bind)", /^bindModule$/],
  ["types (check)", /^checkModule$/],
  ["evaluation (system model)", /^evaluateSystem$/],
  ["placement", /^checkPlacement$/],
];
const phaseOfNode = new Map();
function phaseOf(id) {
  if (phaseOfNode.has(id)) return phaseOfNode.get(id);
  let found = "other";
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const f = byId.get(cur).callFrame.functionName;
    const hit = PHASES.find(([, re]) => re.test(f));
    if (hit) found = hit[0]; // keep walking: the outermost phase wins
  }
  phaseOfNode.set(id, found);
  return found;
}
const phaseSelf = new Map();
const phaseGc = new Map();
let lastPhase = "other";
for (let i = 0; i < prof.samples.length; i++) {
  const n = byId.get(prof.samples[i]);
  const us = prof.timeDeltas[i] ?? 0;
  if (n.callFrame.functionName === "(garbage collector)") phaseGc.set(lastPhase, (phaseGc.get(lastPhase) ?? 0) + us);
  else if (n.callFrame.functionName === "(idle)" || n.callFrame.functionName === "(program)") phaseSelf.set("other", (phaseSelf.get("other") ?? 0) + us);
  else {
    lastPhase = phaseOf(n.id);
    phaseSelf.set(lastPhase, (phaseSelf.get(lastPhase) ?? 0) + us);
  }
}

const pct = (us) => ((100 * us) / total).toFixed(1).padStart(5) + "%";
const ms = (us) => (us / 1000).toFixed(0).padStart(6) + " ms";
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled\n`);
console.log("by phase (garbage collection charged to the phase running before it)");
for (const name of [...PHASES.map(([n]) => n), "other"]) {
  const s = phaseSelf.get(name) ?? 0;
  const g = phaseGc.get(name) ?? 0;
  console.log(`  ${name.padEnd(28)} ${ms(s + g)} ${pct(s + g)}   (of which GC ${ms(g).trim()})`);
}
console.log("");
console.log(`top ${top} by self time`);
[...self]
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)
  .forEach(([k, us], i) => console.log(`${String(i + 1).padStart(3)}. ${ms(us)} ${pct(us)}  ${label(sample.get(k))}`));
console.log(`\ntop ${top} by total time (self + callees)`);
[...incl]
  .filter(([k]) => !/^\((root|program|idle|garbage collector)\)/.test(k))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)
  .forEach(([k, us], i) => console.log(`${String(i + 1).padStart(3)}. ${ms(us)} ${pct(us)}  ${label(sample.get(k))}`));
