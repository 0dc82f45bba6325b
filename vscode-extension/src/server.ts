// The entry of the bundled language server (dist/server.js): the extension's
// client starts it with VS Code's own Node over stdio. The stdlib/ folder next
// to dist/ is found by language/workspace/stdlib.ts, walking up from here.
import { runStdioServer } from "../../lsp/server/stdio.js";

runStdioServer();
