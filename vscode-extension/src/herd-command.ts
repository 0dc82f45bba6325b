// How to run `herd`: the CLI bundled with the extension (dist/herd.js, run by
// VS Code's own Node), or the executable the user configured in
// `herd.server.path`. The language server and "Herd: Build" use the same one.
import * as path from "node:path";
import * as vscode from "vscode";

export interface HerdCommand {
  /** The program to start. */
  command: string;
  /** Arguments before the `herd` subcommand (the script, when run by Node). */
  args: string[];
  /** Environment additions. */
  env: Record<string, string>;
  /** For the log: where the command comes from. */
  origin: string;
}

const scriptExtensions = new Set([".js", ".mjs", ".cjs"]);

/** A JavaScript file run by the Node inside VS Code (Electron acting as Node). */
export function nodeScript(script: string, origin: string): HerdCommand {
  return { command: process.execPath, args: [script], env: { ELECTRON_RUN_AS_NODE: "1" }, origin };
}

/** The configured override, if any and if the workspace is trusted to run it. */
export function configuredHerd(): HerdCommand | undefined {
  const configured = vscode.workspace.getConfiguration("herd").get<string>("server.path")?.trim();
  if (!configured || !vscode.workspace.isTrusted) return undefined;
  const resolved = configured.startsWith("~") ? path.join(process.env["HOME"] ?? "", configured.slice(1)) : configured;
  if (scriptExtensions.has(path.extname(resolved))) return nodeScript(resolved, `herd.server.path (${resolved})`);
  return { command: resolved, args: [], env: {}, origin: `herd.server.path (${resolved})` };
}

/** The bundled CLI. */
export function bundledHerd(context: vscode.ExtensionContext): HerdCommand {
  return nodeScript(context.asAbsolutePath(path.join("dist", "herd.js")), "the bundled herd");
}
