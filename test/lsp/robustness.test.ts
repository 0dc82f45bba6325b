// Random edit sequences never crash or stall the server: after every edit,
// requests at random places are answered, and diagnostics for the last
// version arrive.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClient, positionAt, writeWorkspace } from "./client.js";

const shop = readFileSync(new URL("../../examples/shop/shop.sys", import.meta.url), "utf8");
const snippets = ["{", "}", "(", ")", "[", "]", '"', "${", "=", "==", ".", "place {", "on ", "service x ", "let ", "\n", " ", "512MiB", "pkgs.", "avoid ", "if ", "///", "//", "import \"", "fn f(", "-", "@", 'import "std/services" { ', ": ", "labels = { ", "systemdService", "hcloud.", "\nimport \"std/aws\"\n"];

let client: TestClient;

beforeAll(async () => {
  client = await TestClient.start(writeWorkspace({ "shop.sys": shop }));
  await client.open("shop.sys", shop);
});

afterAll(async () => {
  await client?.stop();
});

describe("language server robustness", () => {
  it("answers every request after random edits, and publishes the last version's diagnostics", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.constantFrom(...snippets), fc.nat()), { minLength: 1, maxLength: 12 }),
        async (edits) => {
          let text = shop;
          let version = 0;
          for (const [at, del, ins, probe] of edits) {
            const start = at % (text.length + 1);
            const end = Math.min(text.length, start + del);
            version = await client.edit("shop.sys", { start: positionAt(text, start), end: positionAt(text, end) }, ins);
            text = text.slice(0, start) + ins + text.slice(end);
            const pos = positionAt(text, probe % (text.length + 1));
            const uri = client.uri("shop.sys");
            const answers = await Promise.all([
              client.request("textDocument/completion", { textDocument: { uri }, position: pos }),
              client.request("textDocument/hover", { textDocument: { uri }, position: pos }),
              client.request("textDocument/definition", { textDocument: { uri }, position: pos }),
              client.request("textDocument/semanticTokens/full", { textDocument: { uri } }),
              client.request("textDocument/inlayHint", { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: positionAt(text, text.length) } }),
              client.request("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }),
              client.request("textDocument/selectionRange", { textDocument: { uri }, positions: [pos] }),
              client.request("textDocument/signatureHelp", { textDocument: { uri }, position: pos }),
              client.request("textDocument/codeAction", { textDocument: { uri }, range: { start: pos, end: pos }, context: { diagnostics: [] } }),
              client.request("textDocument/references", { textDocument: { uri }, position: pos, context: { includeDeclaration: true } }),
            ]);
            expect(answers).toHaveLength(10);
          }
          await client.diagnosticsFor("shop.sys", (_d, v) => v === version);
          expect(client.alive).toBe(true);
          // Handlers catch their own failures (and log them): there must be none.
          const failures = client.notifications.filter((n) => n.method === "window/logMessage" && /failed:/.test(JSON.stringify(n.params)));
          expect(failures.map((f) => JSON.stringify(f.params).slice(0, 400))).toEqual([]);
          // Back to the original for the next run.
          await client.change("shop.sys", shop);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("analyses a burst of keystrokes once, not once per keystroke", async () => {
    const statuses = () => client.notifications.filter((n) => n.method === "herd/status").length;
    const start = statuses();
    await client.change("shop.sys", shop);
    await client.diagnosticsFor("shop.sys");
    // The status line follows the diagnostics of the same analysis: count from after it.
    for (let waited = 0; statuses() === start && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    const before = statuses();
    // Five one-character insertions that reach the server together, as the
    // keystrokes an editor queued while the server was busy do.
    const at = shop.indexOf("ops@example.org");
    let text = shop;
    const changes = [];
    for (let i = 0; i < 5; i++) {
      const pos = positionAt(text, at + i);
      changes.push({ range: { start: pos, end: pos }, text: "x" });
      text = text.slice(0, at + i) + "x" + text.slice(at + i);
    }
    const version = client.burst("shop.sys", changes);
    await client.diagnosticsFor("shop.sys", (_d, v) => v === version);
    await new Promise((r) => setTimeout(r, 300));
    // One analysis (two if the server read them in two parts), each followed by one status.
    expect(statuses() - before).toBeGreaterThanOrEqual(1);
    expect(statuses() - before).toBeLessThanOrEqual(2);
    await client.change("shop.sys", shop);
  });
});
