// The Herd extension: starts the language server, and adds the commands
// (Show Placement, Build, Restart Language Server) and the status bar item.
// Everything else — highlighting, snippets, brackets — is declared in
// package.json; the language features come from the server.
import * as vscode from "vscode";
import { BuildCommand } from "./build-command";
import { HerdClient } from "./client";
import { PlacementPanel } from "./placement-panel";
import { StatusBar } from "./status-bar";
import { activeHerdDocument } from "./workspace-root";

let client: HerdClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Herd Language Server");
  client = new HerdClient(context, output);
  const herd = client;
  const build = new BuildCommand(context, output);
  context.subscriptions.push(
    output,
    build,
    new StatusBar(herd),
    vscode.commands.registerCommand("herd.showPlacement", () => {
      const doc = activeHerdDocument() ?? vscode.workspace.textDocuments.find((d) => d.languageId === "herd" && d.uri.scheme === "file");
      if (!doc) {
        void vscode.window.showInformationMessage("Herd: open a .sys file to see its placement.");
        return;
      }
      PlacementPanel.show(herd, doc.uri, context.extensionUri);
    }),
    vscode.commands.registerCommand("herd.build", () => build.run()),
    vscode.commands.registerCommand("herd.restartServer", () => herd.restart()),
    vscode.commands.registerCommand("herd.showOutput", () => output.show(true)),
  );
  await herd.start();
}

export async function deactivate(): Promise<void> {
  await client?.dispose();
  client = undefined;
}
