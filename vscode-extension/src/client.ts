// The language client: starts the Herd language server (the bundled
// dist/server.js, or `herd lsp --stdio` from `herd.server.path`), restarts it
// when it dies, and routes its log to the "Herd Language Server" output.
import * as vscode from "vscode";
import {
  CloseAction,
  ErrorAction,
  InlayHintRequest,
  LanguageClient,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { configuredHerd } from "./herd-command";
import { placementRequest, statusNotification, type PlacementResult, type StatusParams } from "./protocol";

const CLIENT_ID = "herd"; // also the prefix of `herd.trace.server`
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 3 * 60_000;

export type ServerState = "starting" | "running" | "stopped";

/** Restarts a server that died, unless it keeps dying; then says so once. */
class RestartingErrorHandler implements ErrorHandler {
  private restarts: number[] = [];
  constructor(private readonly onGiveUp: () => void) {}

  error(): ErrorHandlerResult {
    // A malformed message is not a reason to stop a working server.
    return { action: ErrorAction.Continue, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
    this.restarts.push(now);
    if (this.restarts.length <= MAX_RESTARTS) {
      return { action: CloseAction.Restart, message: "The Herd language server stopped; restarting it.", handled: true };
    }
    this.onGiveUp();
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}

export class HerdClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly statusEmitter = new vscode.EventEmitter<StatusParams>();
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  /** Each analysis of a workspace: its fleet's state in one line. */
  readonly onStatus = this.statusEmitter.event;
  readonly onState = this.stateEmitter.event;
  private readonly traceChannel: vscode.OutputChannel;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.OutputChannel,
  ) {
    this.traceChannel = vscode.window.createOutputChannel("Herd Language Server Trace");
    context.subscriptions.push(
      this.traceChannel,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("herd.server.path")) void this.restart();
        if (e.affectsConfiguration("herd.inlayHints.enabled")) this.refreshInlayHints();
      }),
    );
  }

  async start(): Promise<void> {
    const client = new LanguageClient(CLIENT_ID, "Herd Language Server", this.serverOptions(), this.clientOptions());
    this.client = client;
    client.onDidChangeState((e) => {
      if (this.client !== client) return;
      this.stateEmitter.fire(e.newState === State.Running ? "running" : e.newState === State.Starting ? "starting" : "stopped");
    });
    client.onNotification(statusNotification, (p: StatusParams) => this.statusEmitter.fire(p));
    this.stateEmitter.fire("starting");
    try {
      await client.start();
    } catch (e) {
      this.output.appendLine(`The Herd language server did not start: ${(e as Error).message}`);
      this.stateEmitter.fire("stopped");
      void vscode.window.showErrorMessage(`The Herd language server did not start: ${(e as Error).message}`, "Show Log").then((a) => a && this.output.show());
    }
  }

  /** Stops the server (if running) and starts a fresh one with the current settings. */
  async restart(): Promise<void> {
    const old = this.client;
    this.client = undefined;
    if (old) {
      this.output.appendLine("Restarting the Herd language server.");
      try {
        await old.dispose(2000);
      } catch (e) {
        this.output.appendLine(`Stopping the old server failed: ${(e as Error).message}`);
      }
    }
    await this.start();
  }

  /** The placement picture for a document's workspace; undefined when no server runs. */
  async placement(uri: vscode.Uri): Promise<PlacementResult | null | undefined> {
    const client = this.client;
    if (!client || client.state !== State.Running) return undefined;
    return client.sendRequest<PlacementResult | null>(placementRequest, { uri: client.code2ProtocolConverter.asUri(uri) });
  }

  async dispose(): Promise<void> {
    this.statusEmitter.dispose();
    this.stateEmitter.dispose();
    await this.client?.dispose(2000);
  }

  private serverOptions(): ServerOptions {
    const custom = configuredHerd();
    if (custom) {
      this.output.appendLine(`Starting ${custom.origin}: ${custom.command} ${[...custom.args, "lsp", "--stdio"].join(" ")}`);
      return {
        command: custom.command,
        args: [...custom.args, "lsp"],
        transport: TransportKind.stdio, // appends --stdio
        options: { env: { ...process.env, ...custom.env } },
      };
    }
    const module = this.context.asAbsolutePath("dist/server.js");
    return {
      run: { module, transport: TransportKind.stdio },
      debug: { module, transport: TransportKind.stdio, options: { execArgv: ["--nolazy", "--inspect=6019"] } },
    };
  }

  private clientOptions(): LanguageClientOptions {
    return {
      documentSelector: [{ scheme: "file", language: "herd" }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.sys") },
      // Pushed, the server's diagnostics cover every file of a workspace (also
      // unopened ones); it then offers no pull diagnostics.
      initializationOptions: { pushDiagnostics: true },
      outputChannel: this.output,
      traceOutputChannel: this.traceChannel,
      errorHandler: new RestartingErrorHandler(() => {
        void vscode.window
          .showErrorMessage(`The Herd language server stopped ${MAX_RESTARTS + 1} times in 3 minutes and was not restarted.`, "Restart", "Show Log")
          .then((a) => (a === "Restart" ? this.restart() : a === "Show Log" ? this.output.show() : undefined));
      }),
      middleware: {
        provideInlayHints: (document, range, token, next) =>
          vscode.workspace.getConfiguration("herd.inlayHints", document).get<boolean>("enabled", true) ? next(document, range, token) : [],
      },
    };
  }

  private refreshInlayHints(): void {
    const feature = this.client?.getFeature(InlayHintRequest.method);
    if (!feature) return;
    for (const editor of vscode.window.visibleTextEditors) {
      feature.getProvider(editor.document)?.onDidChangeInlayHints.fire();
    }
  }
}
