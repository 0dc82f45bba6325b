#!/usr/bin/env -S npx tsx
// Language-server benchmark, library against library: Herd's IDE layer
// (`lsp/ide`, what `herd lsp` answers from) and vscode-json-languageservice,
// both called in this one process, on the content of run.mjs. run.mjs
// measures Herd over JSON-RPC on stdio against the JSON library in process,
// so Herd pays a round trip (about 0.3 ms) that the peer does not; here
// neither does. Same keystrokes, same positions, rounds alternating between
// the two. Run with tsx (it imports the TypeScript sources):
//
//   npx tsx bench/lsp/in-process.mjs [--files N] [--edits N] [--warmup N] [--dir DIR]
import * as os from "node:os";
import * as path from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import { Project } from "../../lsp/ide/project.ts";
import { completion } from "../../lsp/ide/completion.ts";
import { hover } from "../../lsp/ide/hover.ts";
import { JsonSession } from "./json-peer.mjs";
import { herdPositions, jsonPositions, keystroke } from "./positions.mjs";
import { markdownTable, ms, ratio, summary, textTable } from "./stats.mjs";
import { writeContent } from "./workspace.mjs";
import { benchArgs } from "../args.mjs";

const usage = "usage: npx tsx bench/lsp/in-process.mjs [--files N] [--edits N] [--warmup N] [--dir DIR]";
const { argv, take } = benchArgs();
const files = Number(take("--files", "50"));
const edits = Number(take("--edits", "100"));
const warmup = Number(take("--warmup", "10"));
const dir = path.resolve(take("--dir", path.join(os.tmpdir(), "herd-bench-lsp")));
if (argv.length > 0 || !(files >= 2) || !(edits >= 10) || !(warmup >= 0)) {
  console.error(`${argv[0] ? `unknown argument ${argv[0]}\n` : ""}${usage}`);
  process.exit(2);
}

const content = writeContent(dir, files);
const leafText = content.herdTexts.get(content.leafFile);
const templatesText = content.herdTexts.get(content.importedFile);
const hp = herdPositions(leafText, templatesText, content.leafIndex);
const jsonText = readFileSync(path.join(content.jsonDir, content.leafJson), "utf8");
const jp = jsonPositions(jsonText, content.leafIndex);

const project = new Project({ root: content.ws });
for (const [f, text] of content.herdTexts) project.open(f, text, 1);
const t0 = performance.now();
const first = project.snapshot().diagnostics();
const firstMs = performance.now() - t0;
if (first.some((d) => d.severity === "error")) throw new Error(`the generated workspace has errors: ${first.find((d) => d.severity === "error").message}`);
const json = new JsonSession(`file:///${content.leafJson}`, jsonText);

// The same change in the JSON form. A keystroke in `path = "/healthz"` of
// webApp's body changes the health check of every service that calls webApp
// (1,050 of them, in every entry file); in JSON that path is written out in
// each of those services, so the same change is the same characters typed
// into each `"/healthz"` of every document, and each document changed is
// parsed and validated again. (Only webApp's health checks use that path.)
const sameChangeDocs = readdirSync(content.jsonDir)
  .filter((f) => f !== "system.json" && f.endsWith(".json"))
  .sort()
  .map((f) => ({ base: readFileSync(path.join(content.jsonDir, f), "utf8"), session: undefined }))
  .filter((d) => d.base.includes('"/healthz"'));
for (const [i, d] of sameChangeDocs.entries()) d.session = new JsonSession(`file:///same-change-${i}.json`, d.base);
const sameChangeSites = sameChangeDocs.reduce((n, d) => n + d.base.split('"/healthz"').length - 1, 0);
let typedSuffix = "";
/** The JSON service's work for the same change: every document that has the path, its new text given whole. */
async function sameChangeInJson(i) {
  const ks = keystroke(i);
  typedSuffix = typedSuffix.slice(0, ks.at) + ks.insert + typedSuffix.slice(ks.at + ks.remove);
  // The texts the editor would send, made before the clock starts.
  const texts = sameChangeDocs.map((d) => d.base.replaceAll('"/healthz"', `"/healthz${typedSuffix}"`));
  const start = performance.now();
  for (const [k, d] of sameChangeDocs.entries()) await d.session.replace(texts[k]);
  return performance.now() - start;
}

/** A document typed into as run.mjs types: its current text and version. */
function typist(file, text, base) {
  let version = 1;
  return (i) => {
    const ks = keystroke(i);
    const at = base + ks.at;
    text = text.slice(0, at) + ks.insert + text.slice(at + ks.remove);
    project.open(file, text, ++version);
    return project.snapshot().diagnostics();
  };
}
const typeLeaf = typist(content.leafFile, leafText, hp.typeLeaf);
const typeTemplates = typist(content.importedFile, templatesText, hp.typeImported);

const herd = { leaf: [], templates: [], completeField: [], completeRule: [], hoverService: [], hoverField: [] };
const peer = { leaf: [], sameChange: [], completeField: [], completeRule: [], hoverService: [], hoverField: [] };
const time = (f) => {
  const start = performance.now();
  f();
  return performance.now() - start;
};
const timeAsync = async (f) => {
  const start = performance.now();
  await f();
  return performance.now() - start;
};
const answers = {};

for (let i = 0; i < warmup + edits; i++) {
  const keep = i >= warmup;
  // Herd: a keystroke in the leaf file, then the four requests there; then one in the imported module.
  const leafMs = time(() => typeLeaf(i));
  const snap = project.snapshot();
  const asks = {
    completeField: () => (answers.herdField = completion(snap, content.leafFile, hp.completeField)),
    completeRule: () => (answers.herdRule = completion(snap, content.leafFile, hp.completeRule)),
    hoverService: () => (answers.herdHoverService = hover(snap, content.leafFile, hp.hoverService)),
    hoverField: () => (answers.herdHoverField = hover(snap, content.leafFile, hp.hoverField)),
  };
  const askMs = Object.fromEntries(Object.entries(asks).map(([k, f]) => [k, time(f)]));
  const templatesMs = time(() => typeTemplates(i));
  // The peer: the same keystroke in the leaf file's JSON document, then the same four requests.
  const ks = keystroke(i);
  const peerLeaf = await timeAsync(() => json.edit(jp.typeLeaf + ks.at, ks.insert, ks.remove));
  const peerAsks = {
    completeField: await timeAsync(async () => (answers.jsonField = await json.complete(jp.completeField))),
    completeRule: await timeAsync(async () => (answers.jsonRule = await json.complete(jp.completeRule))),
    hoverService: await timeAsync(async () => (answers.jsonHoverService = await json.hover(jp.hoverService))),
    hoverField: await timeAsync(async () => (answers.jsonHoverField = await json.hover(jp.hoverField))),
  };
  if (!keep) continue;
  herd.leaf.push(leafMs);
  herd.templates.push(templatesMs);
  for (const k of Object.keys(asks)) herd[k].push(askMs[k]);
  peer.leaf.push(peerLeaf);
  for (const k of Object.keys(peerAsks)) peer[k].push(peerAsks[k]);
}

// The same change in JSON, as a series of its own after the rounds above: it
// parses fifty documents a round, and the garbage it leaves would land on
// Herd's next keystroke if the two alternated.
for (let i = 0; i < warmup + edits; i++) {
  const t = await sameChangeInJson(i);
  if (i >= warmup) peer.sameChange.push(t);
}

// Both answered, and with something: a benchmark of empty answers would measure nothing.
const count = (x) => (Array.isArray(x) ? x.length : Array.isArray(x?.items) ? x.items.length : x ? 1 : 0);
for (const [name, a] of Object.entries(answers)) if (count(a) === 0) throw new Error(`no answer from ${name}`);

const rows = [["operation", "herd p50", "p95", "json p50", "p95", "herd÷json p50", "p95"]];
const line = (label, h, j) => {
  const a = summary(h);
  const b = j && summary(j);
  rows.push([label, ms(a.p50), ms(a.p95), b ? ms(b.p50) : "–", b ? ms(b.p95) : "–", b ? ratio(a.p50, b.p50) : "–", b ? ratio(a.p95, b.p95) : "–"]);
};
line("diagnostics after a keystroke, leaf file", herd.leaf, peer.leaf);
line("diagnostics after a keystroke, lib/templates.sys", herd.templates, peer.leaf);
line("the same, against the same change in the JSON form", herd.templates, peer.sameChange);
line("completion: fields in a service body", herd.completeField, peer.completeField);
line("completion: value in an `on` rule", herd.completeRule, peer.completeRule);
line("hover: service name", herd.hoverService, peer.hoverService);
line("hover: field", herd.hoverField, peer.hoverField);

console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}); node ${process.version}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
console.log(`content: ${content.sizes.herd.files} .sys files, ${content.sizes.herd.lines} lines; the leaf file's JSON document ${content.sizes.leafJson.lines} lines`);
console.log(`the same change in JSON: ${sameChangeSites} health check paths in ${sameChangeDocs.length} documents`);
console.log(`first analysis in process: ${firstMs.toFixed(0)} ms; ${warmup} warm-up rounds, then ${edits} timed; times in ms, performance.now() around each call`);
console.log(`answers: herd ${count(answers.herdField)} / ${count(answers.herdRule)} completion items, json ${count(answers.jsonField)} / ${count(answers.jsonRule)}\n`);
console.log(textTable(rows));
console.log("\nmarkdown:\n\n" + markdownTable(rows));
