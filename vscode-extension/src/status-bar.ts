// The status bar item: the fleet's state from the server's last analysis
// ("12 machines · 31 replicas · 0 unplaced") for the workspace of the active
// editor; a click opens the placement picture.
import * as path from "node:path";
import * as vscode from "vscode";
import type { HerdClient, ServerState } from "./client";
import type { StatusParams } from "./protocol";
import { activeHerdDocument, herdRootOf } from "./workspace-root";

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("herd.status", vscode.StatusBarAlignment.Left, 10);
  private readonly byRoot = new Map<string, string>();
  private lastRoot: string | undefined;
  private state: ServerState = "starting";
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(client: HerdClient) {
    this.item.name = "Herd";
    this.subscriptions.push(
      client.onStatus((s) => this.onStatus(s)),
      client.onState((s) => {
        this.state = s;
        this.render();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
    );
    this.render();
  }

  private onStatus(s: StatusParams): void {
    this.byRoot.set(path.resolve(s.root), s.status);
    this.lastRoot = path.resolve(s.root);
    this.render();
  }

  private render(): void {
    const item = this.item;
    item.backgroundColor = undefined;
    if (this.state === "stopped") {
      item.text = "$(error) Herd: server stopped";
      item.tooltip = "The Herd language server is not running. Click to restart it.";
      item.command = "herd.restartServer";
      item.show();
      return;
    }
    const doc = activeHerdDocument();
    const root = doc ? path.resolve(herdRootOf(doc.uri)) : this.lastRoot;
    const status = root ? this.byRoot.get(root) : undefined;
    if (!status) {
      if (this.state === "starting" || doc) {
        item.text = "$(sync~spin) Herd";
        item.tooltip = "The Herd language server is analysing the workspace.";
        item.command = "herd.showOutput";
        item.show();
      } else item.hide();
      return;
    }
    item.text = `$(server-environment) ${status}`;
    item.tooltip = new vscode.MarkdownString(`**Herd** — ${root ? path.basename(root) : ""}\n\n${status}\n\nClick to show the placement.`);
    item.command = "herd.showPlacement";
    if (needsAttention(status)) item.backgroundColor = new vscode.ThemeColor("statusBarItem.warningBackground");
    item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** Errors in the system or replicas with nowhere to go. */
export function needsAttention(status: string): boolean {
  const unplaced = /(\d+) unplaced/.exec(status);
  return /\d+ errors?\b/.test(status) || (!!unplaced && unplaced[1] !== "0");
}
