// The language server, driven over stdio by a real client. Each case writes
// the text it asks about with a `$0` marker where the cursor is.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompletionItem, Hover, Location, TextEdit, WorkspaceEdit, CodeAction, InlayHint, SemanticTokens, FoldingRange, SelectionRange, SignatureHelp, DocumentSymbol, SymbolInformation, DocumentHighlight } from "vscode-languageserver-protocol";
import { TestClient, marked, positionAt, writeWorkspace } from "./client.js";
import { analyzeFolder } from "../../language/workspace/workspace.js";
import { checkPlacement, lockFromResult, serializeLock } from "../../compiler/placement/index.js";

const shop = readFileSync(new URL("../../examples/shop/shop.sys", import.meta.url), "utf8");
const lib = `import "std/services" { systemdService }

/// A queue worker: stateless, up to two per app machine.
fn worker(name: String, count: Int(1..20), memory: Bytes = 256MiB): Service = {
  replicas  = count
  resources = { cpu = 250m, memory = memory }
  run       = systemdService { exec = "\${pkgs.queue-worker}/bin/worker --queue \${name}" }
}

/// How much memory the cache gets.
let cacheSize = 2GiB
`;

let client: TestClient;

beforeAll(async () => {
  const root = writeWorkspace({ "shop.sys": shop, "lib/workers.sys": lib });
  client = await TestClient.start(root);
  await client.open("shop.sys", shop);
  await client.diagnosticsFor("shop.sys", () => true).catch(() => undefined);
});

afterAll(async () => {
  await client?.stop();
});

/** Opens `file` with the text (markers removed) and returns the cursor position. */
async function at(file: string, src: string) {
  const m = marked(src);
  await client.change(file, m.text).catch(async () => client.open(file, m.text));
  return { ...m, uri: client.uri(file) };
}

async function openAt(file: string, src: string) {
  const m = marked(src);
  await client.open(file, m.text);
  return { ...m, uri: client.uri(file) };
}

const labels = (items: CompletionItem[] | null) => (items ?? []).map((i) => i.label);

describe("completion", () => {
  it("offers declaration keywords at the top level", async () => {
    const c = await openAt("scratch/t1.sys", "$0");
    const items = await client.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri: c.uri }, position: c.position });
    expect(labels(items)).toEqual(expect.arrayContaining(["service", "pool", "node", "let", "type", "fn", "import", "base", "policy"]));
  });

  it("offers in a pool's labels the keys and values the services' rules select on", async () => {
    const c = await openAt("scratch/t16.sys", "pool extra {\n  count  = 1\n  labels = { $0 }\n}\n");
    const keys = await client.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri: c.uri }, position: c.position });
    expect(labels(keys)).toEqual(expect.arrayContaining(["tier", "zone"]));
    expect(keys.find((i) => i.label === "zone")!.detail).toContain("spread by zone");
    const v = await openAt("scratch/t17.sys", 'pool extra {\n  count  = 1\n  labels = { tier = "$0" }\n}\n');
    expect(labels(await client.request("textDocument/completion", { textDocument: { uri: v.uri }, position: v.position }))).toEqual(expect.arrayContaining(["frontend", "data"]));
  });

  it("offers what a module declares inside its import list, minus the names listed", async () => {
    const c = await openAt("scratch/t13.sys", 'import "std/services" { http, sy$0 }\n');
    const names = labels(await client.request("textDocument/completion", { textDocument: { uri: c.uri }, position: c.position }));
    expect(names).toEqual(expect.arrayContaining(["systemdService", "postgres", "redis", "tcp"]));
    expect(names).not.toContain("http");
    expect(names).not.toContain("service");
  });

  it("offers types where a type is written: built-in, the prelude's, a namespace's, and the standard library's with their import", async () => {
    const c = await openAt("scratch/t14.sys", "type Size = \"s\" | \"m\"\nfn f(a: $0) = a\n");
    const items = await client.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri: c.uri }, position: c.position });
    expect(labels(items)).toEqual(expect.arrayContaining(["Int", "Bytes", "Port", "Resources", "Service", "Size", "Location", "Region"]));
    expect(labels(items)).not.toContain("len");
    const loc = items.find((i) => i.label === "Location")!;
    const fixed = applyEdits(c.text, [...loc.additionalTextEdits!, { range: (loc.textEdit as TextEdit).range, newText: "Location" }]);
    expect(fixed).toBe('import "std/hetzner" { Location }\n\ntype Size = "s" | "m"\nfn f(a: Location) = a\n');
    const d = await openAt("scratch/t15.sys", 'import "std/hetzner" as hcloud\nlet zone: hcloud.$0\n');
    expect(labels(await client.request("textDocument/completion", { textDocument: { uri: d.uri }, position: d.position })).sort()).toEqual(["Location", "ServerType"]);
  });

  it("offers the schema's fields, minus those already set, with types and docs", async () => {
    const c = await openAt("scratch/t2.sys", 'import "std/services" { systemdService }\nservice s {\n  replicas = 2\n  re$0\n}\n');
    const items = await client.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri: c.uri }, position: c.position });
    const names = labels(items);
    expect(names).toEqual(expect.arrayContaining(["resources", "run", "health", "rollout", "version", "place"]));
    expect(names).not.toContain("replicas");
    const run = items.find((i) => i.label === "run")!;
    expect(run.detail).toBe("Run (required)");
    const res = items.find((i) => i.label === "resources")!;
    expect(String((res.documentation as { value: string }).value)).toContain("What one replica needs");
  });

  it("offers the fields of a nested path and of a record-call's parameters", async () => {
    const c = await openAt("scratch/t3.sys", "base {\n  ssh.$0\n}\n");
    expect(labels(await client.request("textDocument/completion", { textDocument: { uri: c.uri }, position: c.position }))).toEqual(expect.arrayContaining(["authorizedKeys", "port", "permitRootLogin"]));
    const d = await openAt("scratch/t4.sys", 'import "std/hetzner" as hcloud\npool p {\n  count = 1\n  machine = hcloud.server { $0 }\n}\n');
    expect(labels(await client.request("textDocument/completion", { textDocument: { uri: d.uri }, position: d.position }))).toEqual(expect.arrayContaining(["type", "location", "image"]));
  });

  it("offers the values of a literal union inside a string", async () => {
    const c = await openAt("scratch/t5.sys", 'import "std/hetzner" as hcloud\npool p {\n  count = 1\n  machine = hcloud.server { type = "cx$0" }\n}\n');
    const items = await client.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri: c.uri }, position: c.position });
    expect(labels(items)).toEqual(expect.arrayContaining(["cx22", "cx32", "ccx23", "cax11"]));
    // Each machine type with what it offers, from its module's catalog.
    expect(items.find((i) => i.label === "cx32")!.detail).toBe("cpu 4, memory 8GiB, disk 80GB");
    // Right after `=`, before any quote: the same values, quoted, first.
    const d = await openAt("scratch/t5b.sys", 'import "std/services" { systemdService }\nservice s {\n  run = systemdService { exec = "x", restart = $0 }\n}\n');
    const quoted = await client.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri: d.uri }, position: d.position });
    expect(quoted.filter((i) => i.sortText === "0").map((i) => i.label)).toEqual(['"always"', '"on-failure"', '"no"']);
  });

  it("offers first the functions whose result fits the field, imported or not", async () => {
    const c = await openAt("scratch/t5c.sys", 'import "std/services" { systemdService, http }\nservice s {\n  run    = systemdService { exec = "x" }\n  health = $0\n}\n');
    const items = await client.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri: c.uri }, position: c.position });
    const first = items.filter((i) => i.sortText === "1");
    expect(first.map((i) => i.label).sort()).toEqual(["command", "http", "tcp"]);
    expect(first.find((i) => i.label === "tcp")!.detail).toBe("fn from std/services (adds the import)");
    expect(items.find((i) => i.label === "len")!.sortText).not.toBe("1");
  });

  it("offers label keys and values that machines have, and services after avoid", async () => {
    const src = shop.replace("    on tier == \"data\"\n", "    on tier == $0\n");
    const c = await at("shop.sys", src);
    expect(labels(await client.request("textDocument/completion", { textDocument: { uri: c.uri }, position: c.position }))).toEqual(['"data"', '"frontend"']);
    const k = await at("shop.sys", shop.replace('    on tier == "data"\n', "    on $0\n"));
    expect(labels(await client.request("textDocument/completion", { textDocument: { uri: k.uri }, position: k.position }))).toEqual(["tier", "zone"]);
    const s = await at("shop.sys", shop.replace("    avoid api", "    avoid $0"));
    expect(labels(await client.request("textDocument/completion", { textDocument: { uri: s.uri }, position: s.position }))).toEqual(["api"]);
    await client.change("shop.sys", shop);
  });

  it("offers std modules and workspace files in import paths", async () => {
    const c = await openAt("scratch/t6.sys", 'import "$0"\n');
    const names = labels(await client.request("textDocument/completion", { textDocument: { uri: c.uri }, position: c.position }));
    expect(names).toEqual(expect.arrayContaining(["std/hetzner", "std/aws", "std/services", "../lib/workers.sys", "../shop.sys"]));
    expect(names).not.toContain("std/prelude");
  });

  it("offers units after a number, fitting the expected type", async () => {
    const c = await openAt("scratch/t7.sys", "let r: Resources = { memory = 512$0 }\n");
    const names = labels(await client.request("textDocument/completion", { textDocument: { uri: c.uri }, position: c.position }));
    expect(names).toEqual(expect.arrayContaining(["MiB", "GiB", "GB"]));
    expect(names).not.toContain("s");
  });

  it("offers nixpkgs names after `pkgs.` and a namespace's values after a dot", async () => {
    const c = await openAt("scratch/t8.sys", "let p = pkgs.ht$0\n");
    expect(labels(await client.request("textDocument/completion", { textDocument: { uri: c.uri }, position: c.position }))).toContain("htop");
    const d = await openAt("scratch/t9.sys", 'import "std/hetzner" as hcloud\nlet s = hcloud.$0\n');
    // Values where a value is written: its types are offered where a type is.
    expect(labels(await client.request("textDocument/completion", { textDocument: { uri: d.uri }, position: d.position })).sort()).toEqual(["catalog", "server"]);
  });

  it("offers names in scope in an expression", async () => {
    const c = await openAt("scratch/t10.sys", 'import "../lib/workers.sys" { cacheSize }\nlet a = 1\nlet b = $0\n');
    expect(labels(await client.request("textDocument/completion", { textDocument: { uri: c.uri }, position: c.position }))).toEqual(expect.arrayContaining(["a", "cacheSize", "len", "secret", "if"]));
  });
});

describe("hover", () => {
  it("shows a constant's type, doc comment and value", async () => {
    const c = await openAt("scratch/h1.sys", 'import "../lib/workers.sys" { cacheSize }\nlet x = cache$0Size\n');
    const h = await client.request<Hover>("textDocument/hover", { textDocument: { uri: c.uri }, position: c.position });
    const text = (h.contents as { value: string }).value;
    expect(text).toContain("let cacheSize: Bytes");
    expect(text).toContain("How much memory the cache gets.");
    expect(text).toContain("Value: `2GiB`");
  });

  it("shows where a service's replicas are placed, and what runs on a machine", async () => {
    const c = await at("shop.sys", shop.replace("service api {", "service a$0pi {"));
    const h = await client.request<Hover>("textDocument/hover", { textDocument: { uri: c.uri }, position: c.position });
    const text = (h.contents as { value: string }).value;
    expect(text).toContain("3 replicas × cpu 500m, memory 512MiB · port 8080");
    expect(text).toMatch(/Placed: api#0 → `web-\d`, api#1 → `web-\d`, api#2 → `web-\d`/);
    const m = await at("shop.sys", shop.replace("node backup-1 {", "node back$0up-1 {"));
    const hm = await client.request<Hover>("textDocument/hover", { textDocument: { uri: m.uri }, position: m.position });
    expect((hm.contents as { value: string }).value).toMatch(/`backup-1` \(existing, 203\.0\.113\.7\): cpu 8, memory 32GiB — cpu \d+%, memory \d+% used; runs/);
  });

  it("keeps replicas where herd.lock has them, and reads the lock again when it changes", async () => {
    const c = await at("shop.sys", shop.replace("service api {", "service a$0pi {"));
    const placed = async () => {
      const h = await client.request<Hover>("textDocument/hover", { textDocument: { uri: c.uri }, position: c.position });
      return /Placed: (.*)/.exec((h.contents as { value: string }).value)?.[1];
    };
    // A lock as `herd build` writes it (a new file renamed over the old), with api's replicas where this test wants them.
    const a = analyzeFolder(client.root);
    const lock = lockFromResult(a.model, checkPlacement(a.model).result);
    const lockFile = path.join(client.root, "herd.lock");
    const write = async (machines: string[]) => {
      lock.services["api"]!.replicas = machines;
      writeFileSync(lockFile + ".tmp", serializeLock(lock));
      renameSync(lockFile + ".tmp", lockFile);
      await client.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: client.uri("herd.lock"), type: 2 }] });
    };
    try {
      await write(["web-4", "web-2", "web-1"]);
      expect(await placed()).toBe("api#0 → `web-4`, api#1 → `web-2`, api#2 → `web-1`");
      await write(["web-3", "web-1", "web-4"]);
      expect(await placed()).toBe("api#0 → `web-3`, api#1 → `web-1`, api#2 → `web-4`");
    } finally {
      rmSync(lockFile, { force: true });
      await client.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: client.uri("herd.lock"), type: 3 }] });
    }
  });

  it("shows a schema field's type and documentation", async () => {
    const c = await openAt("scratch/h2.sys", 'import "std/services" { systemdService }\nservice s {\n  rep$0licas = 2\n  run = systemdService { exec = "x" }\n}\n');
    const h = await client.request<Hover>("textDocument/hover", { textDocument: { uri: c.uri }, position: c.position });
    expect((h.contents as { value: string }).value).toContain("replicas: Int(0..100000) = 1");
    expect((h.contents as { value: string }).value).toContain("How many copies run");
  });

  it("explains a placement rule's keyword, a package and an amount's unit", async () => {
    const src = 'let p = pkgs.ht$1op\nlet g = 512MiB.g$2ib\nservice s {\n  place {\n    spr$3ead by zone\n  }\n}\npolicy {\n  surv$4ive 1 node failure\n}\n';
    const text = src.replace(/\$\d/g, "");
    await client.open("scratch/h4.sys", text);
    const hoverAt = async (marker: string) => {
      const before = src.slice(0, src.indexOf(marker)).replace(/\$\d/g, "");
      const h = await client.request<Hover>("textDocument/hover", { textDocument: { uri: client.uri("scratch/h4.sys") }, position: positionAt(text, before.length) });
      return (h?.contents as { value: string } | undefined)?.value ?? "";
    };
    expect(await hoverAt("$1")).toContain("pkgs.htop: Package");
    expect(await hoverAt("$2")).toContain("In whole GiB");
    expect(await hoverAt("$3")).toContain("`spread by LABEL [skew N]`");
    expect(await hoverAt("$4")).toContain("`survive N node failures`");
  });

  it("shows the named type of a literal value, with what its declaration and its module's catalog say", async () => {
    const c = await openAt("scratch/h5.sys", 'import "std/hetzner" as hcloud\npool p {\n  count   = 1\n  machine = hcloud.server { type = "cx$032" }\n}\n');
    const h = await client.request<Hover>("textDocument/hover", { textDocument: { uri: c.uri }, position: c.position });
    const text = (h.contents as { value: string }).value;
    expect(text).toContain('"cx32": ServerType');
    expect(text).toContain("A Hetzner Cloud server type");
    // What the type's module catalogs for the value.
    expect(text).toContain("`catalog`: cpu 4, memory 8GiB, disk 80GB");
  });

  it("shows what a module declares on its import's path", async () => {
    const c = await openAt("scratch/h3.sys", 'import "std/hetz$0ner" as hcloud\n');
    const h = await client.request<Hover>("textDocument/hover", { textDocument: { uri: c.uri }, position: c.position });
    const text = (h.contents as { value: string }).value;
    expect(text).toContain('module "std/hetzner"');
    expect(text).toContain("- fn `server`");
    expect(text).toContain("- type `Location`: A Hetzner Cloud location");
    expect(h.range).toEqual({ start: { line: 0, character: 7 }, end: { line: 0, character: 20 } });
  });
});

describe("navigation", () => {
  it("goes to a definition across imports and into the standard library", async () => {
    const c = await openAt("scratch/n1.sys", 'import "../lib/workers.sys" { worker }\nservice mail = wor$0ker("mail", 2)\n');
    const defs = await client.request<Location[]>("textDocument/definition", { textDocument: { uri: c.uri }, position: c.position });
    expect(defs).toHaveLength(1);
    expect(defs[0]!.uri).toBe(client.uri("lib/workers.sys"));
    expect(defs[0]!.range.start).toEqual(positionAt(lib, lib.indexOf("worker(")));
    const s = await openAt("scratch/n2.sys", 'import "std/services" { system$0dService }\nservice s {\n  run = systemdService { exec = "x" }\n}\n');
    const std = await client.request<Location[]>("textDocument/definition", { textDocument: { uri: s.uri }, position: s.position });
    expect(std[0]!.uri).toMatch(/stdlib\/services\.sys$/);
    // On an import's path: the file it imports.
    const p = await openAt("scratch/n4.sys", 'import "../lib/wor$0kers.sys" { worker }\nimport "std/hetzner" as hcloud\n');
    const file = await client.request<Location[]>("textDocument/definition", { textDocument: { uri: p.uri }, position: p.position });
    expect(file.map((l) => [l.uri, l.range.start])).toEqual([[client.uri("lib/workers.sys"), { line: 0, character: 0 }]]);
    const stdFile = await client.request<Location[]>("textDocument/definition", { textDocument: { uri: p.uri }, position: { line: 1, character: 12 } });
    expect(stdFile[0]!.uri).toMatch(/stdlib\/hetzner\.sys$/);
  });

  it("goes to the declaration of the type of a field, a constant and a function's result", async () => {
    const src = 'import "std/hetzner" as hcloud\nimport "std/services" { systemdService }\nlet m$1 = hcloud.server { type = "cx22" }\nlet checks$2 = [systemdService { exec = "x" }]\nservice s {\n  ru$3n = systemdService { exec = "x" }\n}\n';
    const text = src.replace(/\$\d/g, "");
    await client.open("scratch/n5.sys", text);
    const typeAt = async (marker: string) => {
      const before = src.slice(0, src.indexOf(marker)).replace(/\$\d/g, "");
      const locs = await client.request<Location[]>("textDocument/typeDefinition", { textDocument: { uri: client.uri("scratch/n5.sys") }, position: positionAt(text, before.length - 1) });
      return locs.map((l) => `${l.uri.replace(/^.*\/stdlib\//, "std/")}:${readFileSync(new URL(l.uri), "utf8").split("\n")[l.range.start.line]!.trim().split(" ").slice(0, 2).join(" ")}`);
    };
    expect(client.capabilities.typeDefinitionProvider).toBe(true);
    expect(await typeAt("$1")).toEqual(["std/prelude.sys:type Machine"]);
    expect(await typeAt("$2")).toEqual(["std/prelude.sys:type Run"]);
    expect(await typeAt("$3")).toEqual(["std/prelude.sys:type Run"]);
  });

  it("goes from a label in a rule to where pools and nodes set it, and finds every rule that names it", async () => {
    const c = await at("shop.sys", shop.replace('    on tier == "data"\n', '    on ti$0er == "data"\n'));
    const defs = await client.request<Location[]>("textDocument/definition", { textDocument: { uri: c.uri }, position: c.position });
    const lines = defs.map((d) => c.text.split("\n")[d.range.start.line]!.trim());
    expect(defs.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) expect(l).toMatch(/^labels\s*=\s*\{.*\btier\s*=/);
    // References: where it is set, and every rule that names it; highlights in the file alike.
    const refs = await client.request<Location[]>("textDocument/references", { textDocument: { uri: c.uri }, position: c.position, context: { includeDeclaration: true } });
    const ruleLines = refs.map((r) => c.text.split("\n")[r.range.start.line]!.trim()).filter((l) => !l.startsWith("labels"));
    expect(ruleLines.length).toBeGreaterThanOrEqual(2);
    for (const l of ruleLines) expect(l).toMatch(/\btier\b/);
    expect(refs).toHaveLength(defs.length + ruleLines.length);
    const marks = await client.request<DocumentHighlight[]>("textDocument/documentHighlight", { textDocument: { uri: c.uri }, position: c.position });
    expect(marks).toHaveLength(refs.length);
    await client.change("shop.sys", shop);
  });

  it("finds references across files and highlights them in one", async () => {
    const c = await openAt("scratch/n3.sys", 'import "../lib/workers.sys" { worker }\nservice a = worker("a", 1)\nservice b = wor$0ker("b", 2)\n');
    const refs = await client.request<Location[]>("textDocument/references", { textDocument: { uri: c.uri }, position: c.position, context: { includeDeclaration: true } });
    const files = refs.map((r) => r.uri.split("/").slice(-2).join("/"));
    expect(files.filter((f) => f === "lib/workers.sys")).toHaveLength(1);
    expect(files.filter((f) => f === "scratch/n3.sys")).toHaveLength(3);
    const hl = await client.request<DocumentHighlight[]>("textDocument/documentHighlight", { textDocument: { uri: c.uri }, position: c.position });
    expect(hl).toHaveLength(3);
  });

  it("renames across the workspace, and refuses where unsafe", async () => {
    const c = await openAt("scratch/n4.sys", 'import "../lib/workers.sys" { worker }\nservice a = wor$0ker("a", 1)\n');
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri: c.uri }, position: c.position, newName: "queueWorker" });
    const changed = Object.keys(edit.changes!).map((u) => u.split("/").pop());
    expect(changed).toEqual(expect.arrayContaining(["n4.sys", "workers.sys", "n3.sys"]));
    expect(Object.values(edit.changes!).flat().every((e: TextEdit) => e.newText === "queueWorker")).toBe(true);
    const m = await at("shop.sys", shop.replace("node backup-1 {", "node back$0up-1 {"));
    await expect(client.request("textDocument/prepareRename", { textDocument: { uri: m.uri }, position: m.position })).rejects.toThrow(/changes its identity/);
    const s = await openAt("scratch/n5.sys", 'import "std/services" { systemdService }\nservice s {\n  run = system$0dService { exec = "x" }\n}\n');
    await expect(client.request("textDocument/prepareRename", { textDocument: { uri: s.uri }, position: s.position })).rejects.toThrow(/standard library/);
    await client.change("shop.sys", shop);
  });

  it("lists a file's outline and the workspace's symbols", async () => {
    const symbols = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: client.uri("shop.sys") } });
    expect(symbols.map((s) => s.name)).toEqual(['"std/hetzner"', '"std/services"', "base", "web", "db", "backup-1", "apiPort", "api", "db", "policy"]);
    expect(symbols.find((s) => s.name === "api")!.children!.map((c) => c.name)).toEqual(["version", "replicas", "resources", "place", "run", "health", "rollout"]);
    const ws = await client.request<SymbolInformation[]>("workspace/symbol", { query: "wrk" });
    expect(ws.map((s) => s.name)).toEqual(["worker"]);
  });
});

describe("editing help", () => {
  it("formats a document and a range with the same formatter as herd fmt", async () => {
    const c = await openAt("scratch/f1.sys", "let x=1\nlet   y = [1,2]$0\n");
    const edits = await client.request<TextEdit[]>("textDocument/formatting", { textDocument: { uri: c.uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(applyEdits(c.text, edits)).toBe("let x = 1\nlet y = [1, 2]\n");
    const range = await client.request<TextEdit[]>("textDocument/rangeFormatting", { textDocument: { uri: c.uri }, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } }, options: { tabSize: 2, insertSpaces: true } });
    expect(applyEdits(c.text, range)).toBe("let x=1\nlet y = [1, 2]\n");
  });

  it("offers quick fixes from diagnostics: did you mean, add the unit, add the missing field", async () => {
    const c = await openAt("scratch/f2.sys", "let apiPort = 8080\nlet p = apiPrt$0\nlet r: Resources = { memory = 512 }\n");
    await client.diagnosticsFor("scratch/f2.sys", (d) => d.length >= 2);
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: c.uri }, range: { start: { line: 0, character: 0 }, end: { line: 2, character: 40 } }, context: { diagnostics: [] } });
    expect(actions.map((a) => a.title)).toEqual(["Write `apiPort`", "Write `512MiB`"]);
    const fixed = applyEdits(c.text, Object.values(actions[0]!.edit!.changes!)[0]!);
    expect(fixed).toContain("let p = apiPort");
  });

  it("organizes imports: unused names out, lists sorted, the standard library first", async () => {
    const src = 'import "../lib/workers.sys" { worker, cacheSize }\nimport "std/services" { tcp, http, redis }\nimport "std/aws" as aws\n\nlet h = http { port = 80 }\nlet t = tcp { port = 81 }\nlet c = cacheSize$0\n';
    const c = await openAt("scratch/f8.sys", src);
    await client.diagnosticsFor("scratch/f8.sys", (d) => d.some((x) => x.code === "H0209"));
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: c.uri }, range: { start: c.position, end: c.position }, context: { diagnostics: [], only: ["source.organizeImports"] } });
    expect(actions.map((a) => [a.title, a.kind])).toEqual([["Organize imports", "source.organizeImports"]]);
    const organized = applyEdits(c.text, Object.values(actions[0]!.edit!.changes!)[0]!);
    expect(organized.split("\n").slice(0, 3)).toEqual(['import "std/services" { http, tcp }', 'import "../lib/workers.sys" { cacheSize }', ""]);
    // Organized already: nothing to offer.
    await client.change("scratch/f8.sys", organized);
    await client.diagnosticsFor("scratch/f8.sys", (d) => d.every((x) => x.code !== "H0209"));
    const again = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: c.uri }, range: { start: c.position, end: c.position }, context: { diagnostics: [], only: ["source.organizeImports"] } });
    expect(again).toEqual([]);
  });

  it("offers to import a name the standard library declares", async () => {
    const c = await openAt("scratch/f4.sys", 'import "std/services" { http }\nlet h = http { port = 80 }\nlet r = systemd$0Service { exec = "/bin/x" }\n');
    await client.diagnosticsFor("scratch/f4.sys", (d) => d.some((x) => x.code === "H0201"));
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: c.uri }, range: { start: c.position, end: c.position }, context: { diagnostics: [] } });
    expect(actions.map((a) => a.title)).toEqual(["Import `systemdService` from `std/services`"]);
    const fixed = applyEdits(c.text, Object.values(actions[0]!.edit!.changes!)[0]!);
    expect(fixed.split("\n")[0]).toBe('import "std/services" { http, systemdService }');
    await client.change("scratch/f4.sys", fixed);
    await client.diagnosticsFor("scratch/f4.sys", (d) => d.every((x) => x.code !== "H0201"));
  });

  it("completes a name the standard library declares, adding its import", async () => {
    const c = await openAt("scratch/f5.sys", 'import "std/hetzner" as hcloud\n\nlet m = hcloud.server { type = "cx22" }\nlet r = systemd$0\n');
    const items = await client.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri: c.uri }, position: c.position });
    const item = items.find((i) => i.label === "systemdService")!;
    expect(item.detail).toBe("fn from std/services (adds the import)");
    expect(item.documentation).toBeTruthy();
    const fixed = applyEdits(c.text, [...item.additionalTextEdits!, { range: (item.textEdit as TextEdit).range, newText: "systemdService { exec = \"/bin/x\" }" }]);
    expect(fixed.split("\n").slice(0, 2)).toEqual(['import "std/hetzner" as hcloud', 'import "std/services" { systemdService }']);
    // Already in scope (the prelude, this file): no second item; imported under a name: written as its member.
    expect(items.filter((i) => i.label === "server")).toEqual([expect.objectContaining({ detail: "fn from std/hetzner", textEdit: expect.objectContaining({ newText: "hcloud.server" }) })]);
    await client.change("scratch/f5.sys", fixed);
    await client.diagnosticsFor("scratch/f5.sys", (d) => d.every((x) => x.severity !== 1));
  });

  it("expands a selection from the word to the field, the block, the declaration and the file", async () => {
    const src = 'import "std/services" { systemdService }\nservice s {\n  replicas = 2\n  run = systemdService { exec = "/bin/x$0" }\n}\n';
    const c = await openAt("scratch/f7.sys", src);
    const [sel] = await client.request<SelectionRange[]>("textDocument/selectionRange", { textDocument: { uri: c.uri }, positions: [c.position] });
    const texts: string[] = [];
    const offset = (p: { line: number; character: number }) => c.text.split("\n").slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    for (let r: SelectionRange | undefined = sel; r; r = r.parent) texts.push(c.text.slice(offset(r.range.start), offset(r.range.end)));
    const body = '{\n  replicas = 2\n  run = systemdService { exec = "/bin/x" }\n}';
    expect(texts).toEqual(["/bin/x", '"/bin/x"', 'exec = "/bin/x"', '{ exec = "/bin/x" }', 'systemdService { exec = "/bin/x" }', 'run = systemdService { exec = "/bin/x" }', body, `service s ${body}`, c.text]);
  });

  it("completes a name a workspace module declares, adding its import", async () => {
    const c = await openAt("scratch/f9.sys", "let size = cache$0\n");
    const items = await client.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri: c.uri }, position: c.position });
    const item = items.find((i) => i.label === "cacheSize")!;
    expect(item.detail).toBe("let from ../lib/workers.sys (adds the import)");
    expect(item.documentation).toBeTruthy();
    const fixed = applyEdits(c.text, [...item.additionalTextEdits!, { range: (item.textEdit as TextEdit).range, newText: "cacheSize" }]);
    expect(fixed).toBe('import "../lib/workers.sys" { cacheSize }\n\nlet size = cacheSize\n');
  });

  it("helps with signatures, folding, semantic tokens and inlay hints", async () => {
    const c = await openAt("scratch/f3.sys", 'import "../lib/workers.sys" { worker }\nservice s = worker("s", $0)\nlet n = 3\n');
    const sig = await client.request<SignatureHelp>("textDocument/signatureHelp", { textDocument: { uri: c.uri }, position: c.position });
    expect(sig.signatures[0]!.label).toBe("worker(name: String, count: Int(1..20), memory: Bytes = 256MiB): Service");
    expect(sig.activeParameter).toBe(1);
    // Defaults as written, a long one shortened; the hover on the function says the same.
    const g = await openAt("scratch/f6.sys", 'fn g(a: Int = 1, b: String = "a default far too long to show"): Int = a\nlet x = $0g(2)\n');
    const gHover = await client.request<Hover>("textDocument/hover", { textDocument: { uri: g.uri }, position: g.position });
    expect((gHover.contents as { value: string }).value).toContain('fn g(a: Int = 1, b: String = …): Int');
    const folds = await client.request<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri: client.uri("shop.sys") } });
    expect(folds.length).toBeGreaterThan(6);
    const tokens = await client.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: client.uri("shop.sys") } });
    expect(tokens.data.length % 5).toBe(0);
    expect(tokens.data.length).toBeGreaterThan(100);
    const hints = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri: client.uri("shop.sys") }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } });
    const labelsOf = hints.map((h) => String(h.label));
    expect(labelsOf.some((l) => /^→ web-\d, web-\d, web-\d$/.test(l))).toBe(true);
    const lets = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri: c.uri }, range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } } });
    expect(lets.map((h) => String(h.label))).toContain(": Int");
  });
});

describe("diagnostics as you type", () => {
  it("publishes errors after an edit, clears them after the fix, and re-checks importers", async () => {
    await client.open("scratch/d1.sys", 'import "../lib/workers.sys" { worker }\nservice q = worker("q", 2)\n');
    // Not imported by an entry file: a note says so (H0506), and nothing is wrong.
    await client.diagnosticsFor("scratch/d1.sys", (d) => d.length > 0 && d.every((x) => x.severity !== 1));
    await client.change("scratch/d1.sys", 'import "../lib/workers.sys" { worker }\nservice q = worker("q", 25)\n');
    const d = await client.diagnosticsFor("scratch/d1.sys", (ds) => ds.some((x) => x.code === "H0305"));
    expect(d.find((x) => x.code === "H0305")!.range.start).toEqual({ line: 1, character: 24 });
    await client.change("scratch/d1.sys", 'import "../lib/workers.sys" { worker }\nservice q = worker("q", 3)\n');
    await client.diagnosticsFor("scratch/d1.sys", (ds) => ds.every((x) => x.code !== "H0305"));
    // An edit in the imported file re-checks this one.
    await client.open("lib/workers.sys", lib.replace("count: Int(1..20)", "count: Int(1..2)"));
    await client.diagnosticsFor("scratch/d1.sys", (ds) => ds.some((x) => x.code === "H0305"));
    await client.change("lib/workers.sys", lib);
    await client.diagnosticsFor("scratch/d1.sys", (ds) => ds.every((x) => x.code !== "H0305"));
  });

  it("reports placement problems on the service", async () => {
    await client.change("shop.sys", shop.replace("replicas  = 3", "replicas  = 9"));
    const d = await client.diagnosticsFor("shop.sys", (ds) => ds.some((x) => String(x.code).startsWith("H06")));
    const p = d.find((x) => String(x.code).startsWith("H06"))!;
    expect(p.message).toMatch(/api/);
    await client.change("shop.sys", shop);
  });

  it("reports a misspelt label value once, with its fix as the quick fix", async () => {
    await client.change("shop.sys", shop.replace('on tier == "frontend"', 'on tier == "fronted"'));
    const d = await client.diagnosticsFor("shop.sys", (ds) => ds.some((x) => x.code === "H0601" && x.message.includes("fronted")));
    expect(d.map((x) => x.code)).toEqual(["H0601"]);
    const uri = client.uri("shop.sys");
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: d[0]!.range, context: { diagnostics: d } });
    expect(actions.map((a) => a.title)).toContain('Write "frontend"');
    await client.change("shop.sys", shop);
  });

  it("answers pull diagnostics for a client that asks", async () => {
    const root = writeWorkspace({ "a.sys": "let x = nope\n" });
    const pull = await TestClient.start(root, { pull: true });
    try {
      await pull.open("a.sys", "let x = nope\n");
      const r = await pull.request<{ kind: string; items: { code: string }[] }>("textDocument/diagnostic", { textDocument: { uri: pull.uri("a.sys") } });
      expect(r.kind).toBe("full");
      expect(r.items.map((i) => i.code)).toEqual(["H0201"]);
    } finally {
      await pull.stop();
    }
  });
});

describe("quick fixes that edit another file", () => {
  it("offers, in a file nobody imports, the import that adds it to the system, as an edit of the entry file", async () => {
    const more = 'import "std/services" { systemdService }\n\nservice lost {\n  replicas = 1\n  resources = { cpu = 1, memory = 1GiB }\n  run = systemdService { exec = "x" }\n}\n';
    const root = writeWorkspace({ "main.sys": "let x = 1\n", "sub/more.sys": more });
    const c = await TestClient.start(root);
    try {
      await c.open("sub/more.sys", more);
      const d = await c.diagnosticsFor("sub/more.sys", (ds) => ds.some((x) => x.code === "H0506"));
      const h = d.find((x) => x.code === "H0506")!;
      const actions = await c.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: c.uri("sub/more.sys") }, range: h.range, context: { diagnostics: [h] } });
      const fix = actions.find((a) => a.title === "Import it from main.sys")!;
      expect(Object.keys(fix.edit!.changes!)).toEqual([c.uri("main.sys")]);
      expect(applyEdits("let x = 1\n", fix.edit!.changes![c.uri("main.sys")]!)).toBe('import "./sub/more.sys"\n\nlet x = 1\n');
    } finally {
      await c.stop();
    }
  });
});

describe("files moved and changed outside the editor", () => {
  it("asks the client to watch .sys files and herd.lock, and rewrites imports when files and folders move", async () => {
    const files = {
      "main.sys": 'import "./lib/tpl" { size }\nlet total = size * 2\n',
      "lib/tpl.sys": 'import "./site.sys" { base }\nlet size = base + 1\n',
      "lib/site.sys": "let base = 1\n",
    };
    const root = writeWorkspace(files);
    const c = await TestClient.start(root, { watchOnRequest: true });
    try {
      expect(c.capabilities.workspace?.fileOperations?.willRename?.filters?.map((f) => f.pattern.glob)).toEqual(["**/*.sys", "**/*"]);
      await c.open("main.sys", files["main.sys"]);
      await c.diagnosticsFor("main.sys", (d) => d.length === 0);
      const registration = c.requests.find((r) => r.method === "client/registerCapability")?.params as { registrations: { method: string; registerOptions: { watchers: { globPattern: string }[] } }[] } | undefined;
      expect(registration?.registrations.map((r) => [r.method, r.registerOptions.watchers.map((w) => w.globPattern)])).toEqual([["workspace/didChangeWatchedFiles", ["**/*.sys", "**/herd.lock"]]]);

      const willRename = (moves: [string, string][]) => c.request<WorkspaceEdit | null>("workspace/willRenameFiles", { files: moves.map(([a, b]) => ({ oldUri: c.uri(a), newUri: c.uri(b) })) });
      const specs = (edit: WorkspaceEdit | null) => Object.fromEntries(Object.entries(edit?.changes ?? {}).map(([uri, es]) => [path.relative(root, new URL(uri).pathname), es.map((e) => e.newText)]));
      // A file moved to another folder: its importer follows it, and its own import starts from the new folder (the extension kept as written).
      expect(specs(await willRename([["lib/tpl.sys", "parts/web.sys"]]))).toEqual({ "main.sys": ["./parts/web"], "lib/tpl.sys": ["../lib/site.sys"] });
      // A folder: imports between files inside it stay as they are.
      expect(specs(await willRename([["lib", "common"]]))).toEqual({ "main.sys": ["./common/tpl"] });
      // Out of the workspace: nothing an import could follow.
      expect(specs(await willRename([["lib/tpl.sys", "../elsewhere.sys"]]))).toEqual({});

      // Applied and moved as an editor would: the workspace still checks clean.
      const edit = await willRename([["lib/tpl.sys", "parts/web.sys"]]);
      for (const [uri, es] of Object.entries(edit?.changes ?? {})) {
        const file = path.relative(root, new URL(uri).pathname);
        writeFileSync(path.join(root, file), applyEdits(readFileSync(path.join(root, file), "utf8"), es));
      }
      mkdirSync(path.join(root, "parts"));
      renameSync(path.join(root, "lib/tpl.sys"), path.join(root, "parts/web.sys"));
      const main = readFileSync(path.join(root, "main.sys"), "utf8");
      expect(main).toContain('import "./parts/web" { size }');
      await c.change("main.sys", main);
      await c.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: c.uri("lib/tpl.sys"), type: 3 }, { uri: c.uri("parts/web.sys"), type: 1 }] });
      await c.diagnosticsFor("main.sys", (d, v) => v === 2 && d.length === 0);
      const hover = await c.request<Hover>("textDocument/hover", { textDocument: { uri: c.uri("main.sys") }, position: positionAt(main, main.indexOf("size *")) });
      expect((hover.contents as { value: string }).value).toContain("size: Int");
    } finally {
      await c.stop();
    }
  });
});

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split("\n");
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
