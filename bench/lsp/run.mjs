#!/usr/bin/env node
// Language-server benchmark: latency of `herd lsp --stdio` on a large
// workspace as an editor drives it, next to vscode-json-languageservice
// answering the same questions on the same fleet written as JSON with a JSON
// Schema, measured in the same run. A benchmark, not a timed test: it prints
// figures, ratios and how they compare with the targets, and fails only when
// it cannot run.
//
//   node bench/lsp/run.mjs [--files N] [--edits N] [--warmup N] [--whole-every N]
//                          [--open all|edited] [--dir DIR] [--herd FILE] [--profile DIR] [--samples FILE]
//
// It builds nothing: it runs dist/herd.mjs (node scripts/build.mjs) with the
// server's Node flags (bin/node-flags.mjs), as `herd lsp` does. The workspace (bench/frontend/generate.mjs, 51
// services and 2 pools per entry file, default 50 files: about 20,800
// lines, plus lib/templates.sys which every entry file imports) and its JSON
// form are written afresh into DIR (default /tmp/herd-bench-lsp).
//
// Timed, after WARMUP untimed rounds (default 10), EDITS rounds (default 100)
// of each series, Herd and the JSON peer interleaved round by round:
//   diagnostics  Herd: from sending a one-character didChange to receiving the
//                publishDiagnostics of that document version. JSON: applying
//                the change to the TextDocument, parseJSONDocument, doValidation.
//   completion   at `rep|licas` in a service body (field names), and before the
//                value of `zone != "hel1"` in a place block (label values):
//                request sent → answer received (JSON: doComplete on the parsed document).
//   hover        on a service's name and on a field (JSON: doHover).
//   completion right after a keystroke: didChange then completion at once, as
//                editors send them (Herd analyses first; JSON parses first).
//   round trip   a request the server does not handle: the JSON-RPC and
//                stdio cost alone, which the in-process peer does not pay.
//   bursts       five keystrokes sent back to back (fast typing): from the first
//                to the diagnostics of the last, and how many analyses ran (Herd only).
// Series: typing into the leaf file (an entry file no other file imports),
// and typing into lib/templates.sys (a value in webApp's body, which every
// entry file imports); the requests are in the leaf file. The JSON peer
// types into the document of the leaf file (its main figures) and, every
// WHOLE-EVERY rounds (default 10), into one document holding the whole fleet.
// --open edited opens only the two edited files in the server (default: all).
// --profile DIR runs the server with --cpu-prof and writes its profile there
// (summarise it with bench/frontend/profile-summary.mjs); --samples FILE
// writes every timed sample, in order, as JSON.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { HerdClient, positionAt } from "./client.mjs";
import { JsonSession } from "./json-peer.mjs";
import { herdPositions, jsonPositions, keystroke } from "./positions.mjs";
import { markdownTable, ms, ratio, summary, textTable } from "./stats.mjs";
import { writeContent } from "./workspace.mjs";
import { benchArgs } from "../args.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// ---- arguments
const usage = "usage: node bench/lsp/run.mjs [--files N] [--edits N] [--warmup N] [--whole-every N] [--open all|edited] [--dir DIR] [--herd FILE] [--profile DIR] [--samples FILE] [--server-flags 'NODE FLAGS']";
const { argv, take } = benchArgs();
const whole = (name, def, min) => {
  const v = Number(take(name, String(def)));
  if (!Number.isInteger(v) || v < min) {
    console.error(`${name} needs a whole number ≥ ${min}\n${usage}`);
    process.exit(2);
  }
  return v;
};
const files = whole("--files", 50, 1);
const edits = whole("--edits", 100, 10);
const warmup = whole("--warmup", 10, 0);
const wholeEvery = whole("--whole-every", 10, 1);
const bursts = Math.max(5, Math.round(edits / 10));
const openMode = take("--open", "all");
const dir = path.resolve(take("--dir", path.join(os.tmpdir(), "herd-bench-lsp")));
const herdBin = path.resolve(take("--herd", path.join(repo, "dist", "herd.mjs")));
const profileDir = take("--profile", undefined);
const serverFlags = take("--server-flags", "").split(/\s+/).filter(Boolean);
const samplesFile = take("--samples", undefined);
if (argv.length > 0 || !["all", "edited"].includes(openMode)) {
  console.error(`unknown argument ${argv[0] ?? openMode}\n${usage}`);
  process.exit(2);
}
if (!existsSync(herdBin)) {
  console.error(`${path.relative(process.cwd(), herdBin) || herdBin} is missing: this benchmark builds nothing. Build the CLI first: node scripts/build.mjs`);
  process.exit(1);
}

// ---- content
process.stdout.write(`generating ${files} files in ${dir} … `);
const content = writeContent(dir, files);
console.log("done");
const { sizes } = content;
const k = content.leafIndex;
const cpus = os.cpus();
console.log(`machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; load average at start ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
console.log(`herd: ${herdBin} (sha256 ${createHash("sha256").update(readFileSync(herdBin)).digest("hex").slice(0, 16)}, built ${statSync(herdBin).mtime.toISOString()}); node ${process.version}`);
const kib = (b) => `${(b / 1024).toFixed(0)} KiB`;
console.log(
  `Herd: ${sizes.herd.files} files, ${sizes.herd.lines} lines, ${kib(sizes.herd.bytes)} (${content.manifest.pools} pools, ${content.manifest.machines} machines, ${content.manifest.services} services, ${content.manifest.replicas} replicas); leaf ${content.leafFile}: ${sizes.leafHerd.lines} lines\n` +
    `JSON: ${sizes.jsonPerFile.files} documents, ${sizes.jsonPerFile.lines} lines, ${kib(sizes.jsonPerFile.bytes)}; leaf ${content.leafJson}: ${sizes.leafJson.lines} lines, ${kib(sizes.leafJson.bytes)}; whole fleet in one document: ${sizes.jsonWhole.lines} lines, ${kib(sizes.jsonWhole.bytes)}`,
);
console.log(`${warmup} warm-up rounds, then ${edits} timed rounds per series and ${bursts} bursts; the whole-fleet JSON document every ${wholeEvery} rounds; ${openMode === "all" ? "every file" : "the two edited files"} open in the server\n`);

// ---- samples
const samples = new Map();
const record = (key, v) => (samples.get(key) ?? samples.set(key, []).get(key)).push(v);
const answered = new Map(); // what each operation answered the first time (a check that it did real work)
const note = (key, what) => answered.has(key) || answered.set(key, what);
const items = (r) => (Array.isArray(r) ? r : (r?.items ?? [])).length;
const hoverLen = (r) => (r ? JSON.stringify(r.contents).length : 0);

// ---- the Herd server
const client = new HerdClient({ repo, herdBin, root: content.ws, nodeFlags: [...serverFlags, ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`] : [])] });
const leaf = content.leafFile;
const imported = content.importedFile;
const hp = herdPositions(content.herdTexts.get(leaf), content.herdTexts.get(imported), k);
let firstAnalysis;
let allOpened;
let openAnalyses;
try {
  await client.initialize();
  const toOpen = openMode === "all" ? [...content.herdTexts.keys()] : [leaf, imported];
  const t0 = performance.now();
  for (const f of toOpen) await client.open(f, content.herdTexts.get(f));
  await client.until(() => client.statusCount > 0, 300_000, "the first analysis");
  firstAnalysis = client.lastStatus.at - t0;
  await client.until(() => toOpen.every((f) => client.published.get(client.uri(f))?.version === 1), 600_000, "diagnostics of every open file");
  allOpened = performance.now() - t0;
  // Settled: no notification for a second.
  for (let seen = -1; seen !== client.statusCount; ) {
    seen = client.statusCount;
    await new Promise((r) => setTimeout(r, 1000));
  }
  openAnalyses = client.statusCount;
  const errors = [...client.published.values()].reduce((n, p) => n + p.diagnostics.filter((d) => d.severity === 1).length, 0);
  console.log(`herd: first analysis ${ms(firstAnalysis)} ms after the first didOpen; diagnostics of all ${toOpen.length} open files after ${ms(allOpened)} ms (${openAnalyses} analyses); ${errors} errors; status "${client.lastStatus.status}"`);
  if (errors > 0) console.log("warning: the generated workspace has errors, so placement does not run: figures are not representative");
} catch (e) {
  console.error(`cannot run the language server: ${e.message}`);
  await client.stop();
  process.exit(1);
}

let withDiagnostics = 0; // rounds whose edited document had diagnostics (there should be none)

// Each document types on from where its last keystroke left it (see keystroke()).
const typed = new Map();
const nextKeystroke = (doc) => {
  const i = typed.get(doc) ?? 0;
  typed.set(doc, i + 1);
  return keystroke(i);
};

const herdRequest = async (key, method, offset) => {
  const text = client.text(leaf);
  const params = { textDocument: { uri: client.uri(leaf) }, position: positionAt(text, offset) };
  const t = performance.now();
  const r = await client.request(method, params);
  const dt = performance.now() - t;
  note(`herd/${key}`, method.endsWith("completion") ? `${items(r)} items` : `${hoverLen(r)} characters`);
  return dt;
};

/** One round in Herd: a keystroke in `file` at `base`, its diagnostics, then the four requests in the leaf file and a round trip. */
async function herdRound(series, file, base, timed) {
  const ks = nextKeystroke(file);
  const v = await client.edit(file, base + ks.at, ks.insert, ks.remove);
  const sent = client.sentAt;
  const p = await client.diagnosticsOf(file, v, 60_000);
  if (p.count > 0) withDiagnostics++;
  if (timed) record(`herd/diagnostics-${series}`, p.at - sent);
  // The requests go after the whole publication (every open file, then herd/status).
  await client.until(() => client.lastStatus.at >= p.at, 60_000, "herd/status");
  const r = {
    "complete-field": await herdRequest("complete-field", "textDocument/completion", hp.completeField),
    "complete-rule": await herdRequest("complete-rule", "textDocument/completion", hp.completeRule),
    "hover-service": await herdRequest("hover-service", "textDocument/hover", hp.hoverService),
    "hover-field": await herdRequest("hover-field", "textDocument/hover", hp.hoverField),
  };
  const t = performance.now();
  await client.request("herd/benchNoop", {}).catch(() => undefined); // MethodNotFound: nothing but the round trip
  r.noop = performance.now() - t;
  if (timed) for (const [op, v2] of Object.entries(r)) record(`herd/${op}`, v2);
}

/** Herd: a keystroke and, without waiting, completion at the field position (what an editor sends while typing). */
async function herdTypeThenComplete(timed) {
  const ks = nextKeystroke(leaf);
  const text = client.text(leaf);
  const params = { textDocument: { uri: client.uri(leaf) }, position: positionAt(text, hp.completeField) };
  const v = await client.edit(leaf, hp.typeLeaf + ks.at, ks.insert, ks.remove);
  const sent = client.sentAt;
  await client.request("textDocument/completion", params);
  if (timed) record("herd/type-then-complete", performance.now() - sent);
  await client.diagnosticsOf(leaf, v, 60_000);
  await client.until(() => client.lastStatus.at >= client.published.get(client.uri(leaf)).at, 60_000, "herd/status");
}

/** Herd: five keystrokes sent at once in the leaf file; until the diagnostics of the last; the analyses (status notifications) it took. */
async function herdBurst() {
  const before = client.statusCount;
  let v;
  let first;
  for (let j = 0; j < 5; j++) {
    const ks = nextKeystroke(leaf);
    v = await client.edit(leaf, hp.typeLeaf + ks.at, ks.insert, ks.remove);
    first ??= client.sentAt;
  }
  const p = await client.diagnosticsOf(leaf, v, 120_000);
  record("herd/burst", p.at - first);
  // Let the publications still under way finish before counting them.
  await client.until(() => client.lastStatus.at >= p.at, 60_000, "herd/status");
  await new Promise((r) => setTimeout(r, 300));
  record("herd/burst-analyses", client.statusCount - before);
}

// ---- the JSON peer
const peers = {
  json: { session: new JsonSession(`file://${content.jsonDir}/${content.leafJson}`, content.perFile.get(path.basename(content.leafJson, ".json"))) },
  whole: { session: new JsonSession(`file://${content.jsonDir}/system.json`, content.whole) },
};
for (const [name, p] of Object.entries(peers)) {
  p.pos = jsonPositions(p.session.text, k);
  const t = performance.now();
  const d = await p.session.validate();
  p.first = performance.now() - t;
  if (d.length > 0) console.log(`warning: the ${name} JSON document has ${d.length} diagnostics, first: ${d[0].message}`);
}
console.log(`json: first parse + validation ${ms(peers.json.first)} ms (leaf document), ${ms(peers.whole.first)} ms (whole fleet)\n`);

async function jsonRound(name, timed) {
  const { session: s, pos } = peers[name];
  const ks = nextKeystroke(name);
  let t = performance.now();
  await s.edit(pos.typeLeaf + ks.at, ks.insert, ks.remove);
  const r = { "diagnostics-leaf": performance.now() - t };
  for (const [op, f, off] of [
    ["complete-field", "complete", pos.completeField],
    ["complete-rule", "complete", pos.completeRule],
    ["hover-service", "hover", pos.hoverService],
    ["hover-field", "hover", pos.hoverField],
  ]) {
    t = performance.now();
    const a = await s[f](off);
    r[op] = performance.now() - t;
    note(`${name}/${op}`, f === "complete" ? `${items(a)} items` : `${hoverLen(a)} characters`);
  }
  if (timed) for (const [op, v] of Object.entries(r)) record(`${name}/${op}`, v);
}

async function jsonTypeThenComplete(name, timed) {
  const { session: s, pos } = peers[name];
  const ks = nextKeystroke(name);
  const t = performance.now();
  s.editOnly(pos.typeLeaf + ks.at, ks.insert, ks.remove);
  await s.complete(pos.completeField);
  if (timed) record(`${name}/type-then-complete`, performance.now() - t);
}

// ---- the run
const progress = (label, i, n) => process.stderr.isTTY && process.stderr.write(`  ${label}: ${i}/${n}\r`);
const rounds = warmup + edits;
try {
  for (let i = 0; i < rounds; i++) {
    const timed = i >= warmup;
    await herdRound("leaf", leaf, hp.typeLeaf, timed);
    await jsonRound("json", timed);
    if (i % wholeEvery === 0) await jsonRound("whole", timed);
    progress("typing into the leaf file", i + 1, rounds);
  }
  for (let i = 0; i < rounds; i++) {
    await herdRound("imported", imported, hp.typeImported, i >= warmup);
    progress("typing into lib/templates.sys", i + 1, rounds);
  }
  for (let i = 0; i < rounds; i++) {
    const timed = i >= warmup;
    await herdTypeThenComplete(timed);
    await jsonTypeThenComplete("json", timed);
    if (i % wholeEvery === 0) await jsonTypeThenComplete("whole", timed);
    progress("completion right after a keystroke", i + 1, rounds);
  }
  for (let b = 0; b < bursts; b++) {
    await herdBurst();
    progress("bursts of five keystrokes", b + 1, bursts);
  }
} catch (e) {
  console.error(`\nthe run failed: ${e.message}`);
  await client.stop();
  process.exit(1);
}
if (process.stderr.isTTY) process.stderr.write(" ".repeat(60) + "\r");
const mem = client.memory();
await client.stop();

// ---- results
if (samplesFile) writeFileSync(samplesFile, JSON.stringify(Object.fromEntries(samples), null, 1));
const S = (key) => (samples.has(key) ? summary(samples.get(key)) : undefined);
const ops = [
  // [label, herd key, json key, target ms (p95), what the target is]
  ["diagnostics after a keystroke, leaf file", "herd/diagnostics-leaf", "diagnostics-leaf", 50],
  ["diagnostics after a keystroke, lib/templates.sys (imported by every file)", "herd/diagnostics-imported", "diagnostics-leaf", 50],
  ["completion: fields in a service body", "herd/complete-field", "complete-field", 20],
  ["completion: value in an `on` rule", "herd/complete-rule", "complete-rule", 20],
  ["hover: service name", "herd/hover-service", "hover-service", 20],
  ["hover: field", "herd/hover-field", "hover-field", 20],
  ["completion right after a keystroke (leaf)", "herd/type-then-complete", "type-then-complete"],
  ["five keystrokes at once (leaf): diagnostics of the last", "herd/burst"],
  ["JSON-RPC round trip (unhandled request)", "herd/noop"],
];
const verdicts = [];
const rowsFor = (peer) => {
  const rows = [["operation", "herd p50", "p95", "p99", "max", `${peer} p50`, "p95", "p99", "max", "herd÷peer p50", "p95", "n (herd/peer)", "target p95", "verdict"]];
  for (const [label, hk, jk, target] of ops) {
    const h = S(hk);
    const j = jk ? S(`${peer}/${jk}`) : undefined;
    let verdict = "";
    if (target !== undefined && peer === "json") {
      const meets = h.p95 < target;
      const faster = j ? h.p50 < j.p50 && h.p95 < j.p95 : undefined;
      verdict = `${meets ? "PASS" : "MISS"} < ${target} ms; ${faster === undefined ? "" : faster ? "faster than JSON" : "slower than JSON"}`;
      verdicts.push(`${label}: p95 ${ms(h.p95)} ms ${meets ? "PASS" : "MISS"} (target < ${target} ms); ${faster ? "faster than" : "not faster than"} the JSON service (p50 ${ms(h.p50)} vs ${ms(j.p50)} ms, p95 ${ms(h.p95)} vs ${ms(j.p95)} ms)`);
    } else if (jk && peer === "json" && j) {
      verdict = h.p50 < j.p50 && h.p95 < j.p95 ? "faster than JSON" : "slower than JSON";
    }
    rows.push([label, ms(h.p50), ms(h.p95), ms(h.p99), ms(h.max), ms(j?.p50), ms(j?.p95), ms(j?.p99), ms(j?.max), ratio(h.p50, j?.p50), ratio(h.p95, j?.p95), `${h.n}/${j?.n ?? "–"}`, target ? `< ${target} ms` : "", verdict]);
  }
  return rows;
};
const tJson = rowsFor("json");
const tWhole = rowsFor("whole").map((r) => r.slice(0, 12));
console.log(`milliseconds; herd over JSON-RPC on stdio, the peer in process; peer "json": the leaf file's document (${sizes.leafJson.lines} lines)\n`);
console.log(textTable(tJson));
console.log(`\npeer "whole": one JSON document with the whole fleet (${sizes.jsonWhole.lines} lines)\n`);
console.log(textTable(tWhole));
console.log("\nanswers (first round): " + [...answered].map(([key, a]) => `${key} ${a}`).join("; "));
console.log(
  `\nfirst analysis: herd ${ms(firstAnalysis)} ms (all open files' diagnostics ${ms(allOpened)} ms, ${openAnalyses} analyses while opening); ` +
    `JSON parse + validation ${ms(peers.json.first)} ms (leaf document), ${ms(peers.whole.first)} ms (whole fleet)`,
);
if (withDiagnostics > 0) console.log(`warning: ${withDiagnostics} keystrokes left diagnostics in the edited file (the typing should keep it valid)`);
const ba = samples.get("herd/burst-analyses") ?? [];
console.log(`bursts of five keystrokes: ${ba.join(", ")} analyses each (${(ba.reduce((a, b) => a + b, 0) / ba.length).toFixed(1)} on average; 1 would mean the server coalesces queued changes)`);
if (mem) console.log(`herd server memory after the run: RSS ${mem.rssMiB.toFixed(0)} MiB, peak RSS ${mem.peakMiB.toFixed(0)} MiB`);
console.log(`load average at end ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
console.log("\ntargets:\n" + verdicts.map((v) => `  ${v}`).join("\n"));
console.log("\nmarkdown:\n");
console.log(markdownTable(tJson));
console.log("");
console.log(markdownTable(tWhole));
