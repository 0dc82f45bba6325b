// A language-server client for tests: spawns `herd lsp --stdio` and speaks
// JSON-RPC to it, as an editor would.
import { spawn, type ChildProcess, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node.js";
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
  type Diagnostic,
  type InitializeResult,
  type PublishDiagnosticsParams,
} from "vscode-languageserver-protocol";

const repo = new URL("../../", import.meta.url).pathname;

export function ensureBuilt(): void {
  if (!existsSync(path.join(repo, "dist/herd.mjs"))) execFileSync("node", ["scripts/build.mjs"], { cwd: repo });
}

export { writeWorkspace } from "../helpers/temp-workspace.js";

/** Text with a `$0` cursor marker: the text without it and the marker's position. */
export function marked(src: string): { text: string; offset: number; position: { line: number; character: number } } {
  const offset = src.indexOf("$0");
  if (offset < 0) throw new Error("no $0 marker");
  const text = src.slice(0, offset) + src.slice(offset + 2);
  return { text, offset, position: positionAt(text, offset) };
}

export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

export class TestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  private exited = false;
  readonly notifications: { method: string; params: unknown }[] = [];
  /** Requests the server sent to the client (answered with null), in order. */
  readonly requests: { method: string; params: unknown }[] = [];

  private constructor(
    readonly root: string,
    private readonly proc: ChildProcess,
    readonly conn: MessageConnection,
    readonly capabilities: InitializeResult["capabilities"],
  ) {}

  static async start(root: string, opts: { pull?: boolean; watchOnRequest?: boolean } = {}): Promise<TestClient> {
    ensureBuilt();
    const proc = spawn("node", [path.join(repo, "dist/herd.mjs"), "lsp", "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const pending: TestClient[] = [];
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const c = pending[0];
      if (!c) return;
      c.diagnostics.set(p.uri, p);
      for (const w of c.waiters.splice(0)) w();
    });
    conn.onNotification((method: string, params: unknown) => pending[0]?.notifications.push({ method, params }));
    conn.onRequest((method: string, params: unknown) => {
      pending[0]?.requests.push({ method, params });
      return null;
    });
    conn.listen();
    const init = await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(root).toString(),
      workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: "ws" }],
      capabilities: {
        textDocument: opts.pull ? { diagnostic: { dynamicRegistration: false } } : {},
        ...(opts.watchOnRequest ? { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } : {}),
      },
    });
    await conn.sendNotification(InitializedNotification.type, {});
    const client = new TestClient(root, proc, conn, init.capabilities);
    pending.push(client);
    proc.on("exit", () => (client.exited = true));
    return client;
  }

  get alive(): boolean {
    return !this.exited;
  }

  uri(file: string): string {
    return pathToFileURL(path.join(this.root, file)).toString();
  }

  async open(file: string, text: string): Promise<void> {
    this.versions.set(file, 1);
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: this.uri(file), languageId: "herd", version: 1, text } });
  }

  /** Replaces the whole text (a full-document change). */
  async change(file: string, text: string): Promise<number> {
    const v = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, v);
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: this.uri(file), version: v }, contentChanges: [{ text }] });
    return v;
  }

  /** An incremental change: replace a range. */
  async edit(file: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<number> {
    const v = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, v);
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: this.uri(file), version: v }, contentChanges: [{ range, text }] });
    return v;
  }

  /**
   * Incremental changes written to the server in one write, as they reach it
   * when an editor flushes keystrokes it queued: they are in the server's
   * input together, whatever the load on the machine. Returns the last version.
   */
  burst(file: string, changes: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]): number {
    let framed = "";
    for (const c of changes) {
      const v = (this.versions.get(file) ?? 1) + 1;
      this.versions.set(file, v);
      const body = JSON.stringify({ jsonrpc: "2.0", method: DidChangeTextDocumentNotification.method, params: { textDocument: { uri: this.uri(file), version: v }, contentChanges: [c] } });
      framed += `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    }
    this.proc.stdin!.write(framed);
    return this.versions.get(file)!;
  }

  /** Waits until diagnostics for `file` satisfy `pred`. */
  async diagnosticsFor(file: string, pred: (d: Diagnostic[], version: number | undefined) => boolean = () => true, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const uri = this.uri(file);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.diagnostics.get(uri);
      if (p && pred(p.diagnostics, p.version)) return p.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${file}: ${JSON.stringify(p?.diagnostics.map((d) => d.message))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await this.conn.sendRequest(ShutdownRequest.type);
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      // Already gone.
    }
    this.conn.dispose();
    this.proc.kill();
  }
}
