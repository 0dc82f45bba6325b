// The .vsix a user installs: built by the one packaging script, holding the
// bundled client, server and CLI, the stdlib and the declarative parts, and
// nothing else: no node_modules/, no source maps, no sources.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node.js";
import { pathToFileURL } from "node:url";
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unzip, zipEntries } from "./zip-entries.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("the packaged extension", () => {
  let dir: string;
  let vsix: string;
  let entries: string[];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "herd-vsix-"));
    vsix = path.join(dir, "herd.vsix");
    execFileSync(process.execPath, [path.join(repo, "vscode-extension/scripts/package.mjs"), "--out", vsix], { cwd: repo, stdio: "pipe" });
    entries = zipEntries(vsix);
  }, 120_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("holds the bundles, the stdlib and the declarative parts", () => {
    const files = entries.filter((e) => e.startsWith("extension/")).map((e) => e.slice("extension/".length)).sort();
    const stdlib = fs.readdirSync(path.join(repo, "stdlib")).filter((f) => f.endsWith(".sys")).map((f) => `stdlib/${f}`);
    expect(files).toEqual(
      [
        "LICENSE.txt",
        "dist/extension.js",
        "dist/herd.js",
        "dist/server.js",
        "language-configuration.json",
        "media/icon.png",
        "package.json",
        "readme.md",
        "snippets/herd.json",
        "syntaxes/herd.tmLanguage.json",
        ...stdlib,
      ].sort(),
    );
  });

  it("contains no dependencies and no source maps", () => {
    expect(entries.filter((e) => e.includes("node_modules/"))).toEqual([]);
    expect(entries.filter((e) => e.endsWith(".map"))).toEqual([]);
    expect(entries.filter((e) => /\.(ts|mts)$/.test(e))).toEqual([]);
  });

  it("runs, once unpacked: the bundled CLI finds the bundled stdlib", () => {
    // Unpacked away from the repository, so only the packaged stdlib/ can be found.
    const unpacked = path.join(dir, "unpacked");
    unzip(vsix, unpacked);
    const env = { ...process.env };
    delete env["HERD_STDLIB"];
    const herd = path.join(unpacked, "extension/dist/herd.js");
    const out = execFileSync(process.execPath, [herd, "check", path.join(repo, "examples/shop"), "--format", "json"], { cwd: dir, encoding: "utf8", env });
    expect(JSON.parse(out)).toEqual({ diagnostics: [] });
  });

  it("runs, once unpacked: the bundled server answers over stdio with status and placement", async () => {
    const unpacked = path.join(dir, "unpacked");
    if (!fs.existsSync(unpacked)) unzip(vsix, unpacked);
    const shop = path.join(dir, "shop");
    fs.cpSync(path.join(repo, "examples/shop"), shop, { recursive: true });
    const proc = spawn(process.execPath, [path.join(unpacked, "extension/dist/server.js"), "--stdio"], { cwd: dir, stdio: ["pipe", "pipe", "inherit"] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const status = new Promise<{ status: string; root: string }>((resolve) => conn.onNotification("herd/status", resolve));
    conn.listen();
    try {
      const uri = pathToFileURL(path.join(shop, "shop.sys")).href;
      // As the extension starts it: a pull-capable client asking for pushed diagnostics.
      await conn.sendRequest("initialize", {
        processId: process.pid,
        rootUri: pathToFileURL(shop).href,
        workspaceFolders: [{ uri: pathToFileURL(shop).href, name: "shop" }],
        capabilities: { textDocument: { diagnostic: { dynamicRegistration: true } } },
        initializationOptions: { pushDiagnostics: true },
      });
      await conn.sendNotification("initialized", {});
      await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "herd", version: 1, text: fs.readFileSync(path.join(shop, "shop.sys"), "utf8") } });
      await expect(status).resolves.toEqual({ status: "8 machines · 5 replicas · 0 unplaced", root: shop });
      const view = await conn.sendRequest<{ status: string; html?: string; errors: number }>("herd/placement", { uri });
      expect(view.errors).toBe(0);
      expect(view.html).toContain('data-machine="web-1"');
      await conn.sendRequest("shutdown");
      await conn.sendNotification("exit");
    } finally {
      conn.dispose();
      proc.kill();
    }
  }, 30_000);
});
