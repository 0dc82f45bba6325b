// Language-server benchmark: a small LSP client over stdio. Spawns
// `herd lsp --stdio` (dist/herd.mjs with the server Node flags of bin/node-flags.mjs),
// initialises it on a workspace folder (push diagnostics: it declares no
// pull capability), keeps the text and version of the documents it opened,
// sends incremental one-range changes, and waits for the publishDiagnostics
// of a given document version.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node.js";
import { nodeFlags as herdNodeFlags } from "../../bin/node-flags.mjs";
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
} from "vscode-languageserver-protocol";

/** Line/character of an offset (UTF-16, as LSP counts). */
export function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

export class HerdClient {
  /** `nodeFlags`: more Node flags for the server (such as --cpu-prof). */
  constructor({ repo, herdBin, root, nodeFlags = [] }) {
    const flags = herdNodeFlags.server;
    this.root = root;
    this.command = [process.execPath, ...flags, ...nodeFlags, herdBin, "lsp", "--stdio"];
    this.proc = spawn(this.command[0], this.command.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
    this.stderr = "";
    this.proc.stderr.on("data", (d) => (this.stderr = (this.stderr + d).slice(-4000)));
    this.exited = false;
    this.proc.on("exit", (code, signal) => {
      this.exited = true;
      this.exitReason = `exited with ${code ?? signal}`;
      for (const w of this.waiters.splice(0)) w.reject(new Error(`the server ${this.exitReason}: ${this.stderr}`));
    });
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    /** uri → { text, version } of open documents */
    this.docs = new Map();
    /** uri → the last published version (or -1 when the server sent none) and when it arrived */
    this.published = new Map();
    this.statusCount = 0;
    this.lastStatus = undefined;
    this.waiters = [];
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.set(p.uri, { version: p.version ?? -1, at: performance.now(), count: p.diagnostics.length, diagnostics: p.diagnostics });
      this.wake();
    });
    this.conn.onNotification("herd/status", (p) => {
      this.statusCount++;
      this.lastStatus = { ...p, at: performance.now() };
      this.wake();
    });
    this.conn.onNotification(() => undefined); // window/logMessage and the like
    this.conn.onRequest(() => null); // client/registerCapability, workspace/configuration
    this.conn.listen();
  }

  get pid() {
    return this.proc.pid;
  }

  uri(file) {
    return pathToFileURL(path.join(this.root, file)).toString();
  }

  wake() {
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  /** Resolves when `pred()` holds, checked after every notification; rejects after `timeoutMs`. */
  async until(pred, timeoutMs = 120_000, what = "the server") {
    const deadline = performance.now() + timeoutMs;
    while (!pred()) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      if (this.exited) throw new Error(`the server ${this.exitReason}: ${this.stderr}`);
      await new Promise((resolve, reject) => {
        const t = setTimeout(resolve, left);
        this.waiters.push({ resolve: () => (clearTimeout(t), resolve()), reject: (e) => (clearTimeout(t), reject(e)) });
      });
    }
  }

  async initialize() {
    const rootUri = pathToFileURL(this.root).toString();
    const r = await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(this.root) }],
      capabilities: {},
    });
    await this.conn.sendNotification(InitializedNotification.type, {});
    return r;
  }

  async open(file, text) {
    const uri = this.uri(file);
    this.docs.set(uri, { text, version: 1 });
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "herd", version: 1, text } });
    return uri;
  }

  text(file) {
    return this.docs.get(this.uri(file)).text;
  }

  /** One keystroke: insert `text` at `offset`, or delete `remove` characters there. Returns the new version; `sentAt` is when it was sent. */
  async edit(file, offset, text, remove = 0) {
    const uri = this.uri(file);
    const d = this.docs.get(uri);
    const range = { start: positionAt(d.text, offset), end: positionAt(d.text, offset + remove) };
    d.text = d.text.slice(0, offset) + text + d.text.slice(offset + remove);
    d.version++;
    this.sentAt = performance.now();
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: d.version }, contentChanges: [{ range, text }] });
    return d.version;
  }

  /** Waits for the diagnostics of `file` at `version`; returns when they arrived (performance.now()). */
  async diagnosticsOf(file, version, timeoutMs) {
    const uri = this.uri(file);
    await this.until(() => (this.published.get(uri)?.version ?? 0) >= version, timeoutMs, `diagnostics of ${file} v${version}`);
    return this.published.get(uri);
  }

  request(method, params) {
    return this.conn.sendRequest(method, params);
  }

  /** Resident and peak resident memory of the server process, in MiB (Linux /proc). */
  memory() {
    try {
      const s = readFileSync(`/proc/${this.pid}/status`, "utf8");
      const kib = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(s)?.[1]);
      return { rssMiB: kib("VmRSS") / 1024, peakMiB: kib("VmHWM") / 1024 };
    } catch {
      return undefined;
    }
  }

  async stop() {
    if (!this.exited) {
      try {
        await Promise.race([this.conn.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 5000))]);
        await this.conn.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
    }
    // After `exit` the server leaves by itself (writing its CPU profile, if it makes one).
    await Promise.race([new Promise((r) => (this.exited ? r() : this.proc.once("exit", r))), new Promise((r) => setTimeout(r, 10_000))]);
    this.conn.dispose();
    if (!this.exited) this.proc.kill();
  }
}
