// Which Herd workspace a file belongs to, decided as the language server
// decides it (lsp/server/server.ts `projectFor`): the innermost VS Code
// workspace folder holding the file, else the file's own folder.
import * as path from "node:path";
import * as vscode from "vscode";

export function herdRootOf(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder ? folder.uri.fsPath : path.dirname(uri.fsPath);
}

/** The active editor's document if it is a Herd file on disk. */
export function activeHerdDocument(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && doc.languageId === "herd" && doc.uri.scheme === "file" ? doc : undefined;
}
