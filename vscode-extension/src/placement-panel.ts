// "Herd: Show Placement": a webview with the picture of the fleet (machines
// grouped by pool and zone, replicas inside, utilisation bars), rendered by
// the server (herd/placement → compiler/placement/render-html.ts). It follows
// the active Herd file and is redrawn after each analysis, so it changes as
// you type.
import * as path from "node:path";
import * as vscode from "vscode";
import type { HerdClient } from "./client";
import type { PlacementResult } from "./protocol";
import { activeHerdDocument, herdRootOf } from "./workspace-root";

const REFRESH_DELAY_MS = 300;
// The page has inline styles and nothing else: no scripts, no requests.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:;";

export class PlacementPanel implements vscode.Disposable {
  private static current: PlacementPanel | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  /** Opens the panel (or brings it forward) for a Herd document. */
  static show(client: HerdClient, uri: vscode.Uri, extensionUri: vscode.Uri): void {
    if (PlacementPanel.current) {
      PlacementPanel.current.follow(uri);
      PlacementPanel.current.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel("herd.placement", "Placement", { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: false,
      enableFindWidget: true,
      localResourceRoots: [],
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, "media", "icon.png");
    PlacementPanel.current = new PlacementPanel(panel, client, uri);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly client: HerdClient,
    private uri: vscode.Uri,
  ) {
    this.subscriptions.push(
      panel.onDidDispose(() => this.dispose()),
      client.onStatus(() => this.scheduleRefresh()),
      client.onState((s) => s === "running" && this.scheduleRefresh()),
      vscode.window.onDidChangeActiveTextEditor(() => {
        const doc = activeHerdDocument();
        if (doc) this.follow(doc.uri);
      }),
    );
    this.follow(uri);
  }

  private follow(uri: vscode.Uri): void {
    const changed = herdRootOf(uri) !== herdRootOf(this.uri);
    this.uri = uri;
    this.panel.title = `Placement: ${path.basename(herdRootOf(uri))}`;
    if (changed || !this.panel.webview.html) void this.refresh();
  }

  private scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    const generation = ++this.generation;
    let result: PlacementResult | null | undefined;
    let failure: string | undefined;
    try {
      result = await this.client.placement(this.uri);
    } catch (e) {
      failure = (e as Error).message;
    }
    // A slower, older answer must not replace a newer one.
    if (generation !== this.generation || PlacementPanel.current !== this) return;
    this.panel.webview.html = pageFor(result, failure, path.basename(herdRootOf(this.uri)));
  }

  dispose(): void {
    if (PlacementPanel.current === this) PlacementPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.panel.dispose();
  }
}

/** The webview's page: the server's picture with a CSP, or why there is none. */
export function pageFor(result: PlacementResult | null | undefined, failure: string | undefined, name: string): string {
  if (result?.html) return withCsp(result.html);
  let title: string;
  let detail: string;
  if (failure) {
    title = "The placement could not be computed";
    detail = failure;
  } else if (result === undefined) {
    title = "Waiting for the Herd language server";
    detail = "The picture appears when the server has analysed the workspace.";
  } else if (result === null) {
    title = "No placement for this file";
    detail = "Open a .sys file of a workspace folder.";
  } else {
    title = result.status;
    detail = result.errors > 0 ? "Fix the errors to see placement." : "Nothing to place yet.";
  }
  return message(name, title, detail);
}

function withCsp(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${CSP}">`;
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (h) => h + meta) : meta + html;
}

function message(name: string, title: string, detail: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<style>body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:2em}h1{font-size:1.2em;font-weight:normal;opacity:.7}p.status{font-size:1.4em}</style>
</head><body><h1>${escape(name)}</h1><p class="status">${escape(title)}</p><p>${escape(detail)}</p></body></html>`;
}

function escape(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}
