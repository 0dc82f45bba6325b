// The `herd` executable (bundled to dist/herd.mjs): the CLI of compiler/cli,
// plus `herd lsp`, which lives here because the language server sits above
// the compiler in the layering.
import { Option, type Command } from "commander";
import { main } from "../../compiler/cli/main.js";

function lspCommand(program: Command): void {
  program
    .command("lsp")
    .description("run the language server (for editors)")
    .addOption(new Option("--stdio", "talk over standard input and output (the only transport)").default(true))
    .action(async () => {
      // Loaded only for `herd lsp`: the other commands start without the server and its protocol libraries.
      const { runStdioServer } = await import("./stdio.js");
      runStdioServer();
      // The server runs until the client closes the connection.
      return new Promise<void>(() => undefined);
    });
}

void main([lspCommand]);
