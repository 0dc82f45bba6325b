// `herd lsp --stdio`: the language server over standard input and output.
import { createConnection, ProposedFeatures } from "vscode-languageserver/node.js";
import { startServer } from "./server.js";

export function runStdioServer(): void {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  startServer(connection, { log: (m) => connection.console.log(m) });
}
