// The Herd extension in a real VS Code: code-server (from npm, installed by
// scripts/setup-e2e.sh into .cache/vscode-e2e/) serving VS Code to headless
// Chromium (Debian's), driven by playwright-core. The test packages the .vsix
// with the project's script, installs it, opens a copy of examples/shop and
// checks what a user sees: highlighting, the fleet in the status bar, a hover
// with a type, inlay hints and their setting, the placement webview following
// edits, completion of schema fields, a mistake in the Problems panel, "Herd:
// Build", herd.server.path, and the server coming back after it dies.
// Screenshots go to test/artifacts/vscode-*.png. About 30 s once installed.
import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { chromiumPath, ensureInstalled, installExtension, newRun, processesMentioning, repo, startCodeServer, writeSettings, type CodeServer, type Run } from "../vscode/e2e/code-server.js";
import { Workbench } from "../vscode/e2e/workbench.js";
import { zipEntries } from "../vscode/zip-entries.js";

const artifacts = path.join(repo, "test/artifacts");
const skip = process.env["HERD_SKIP_VSCODE_E2E"] === "1";
if (skip) console.warn("vscode e2e: skipped (HERD_SKIP_VSCODE_E2E=1)");

// The user settings of the run.
const settings = {
  "workbench.startupEditor": "none",
  "workbench.colorTheme": "Default Dark Modern",
  "workbench.editor.enablePreview": false,
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "git.enabled": false,
  "chat.commandCenter.enabled": false,
  "editor.minimap.enabled": false,
  "editor.hover.delay": 150,
  // Typing in the test must put exactly the typed text in the file, and
  // suggestions appear only when the test asks for them.
  "editor.autoClosingBrackets": "never",
  "editor.autoClosingQuotes": "never",
  "editor.autoIndent": "none",
  "editor.quickSuggestions": { other: "off", comments: "off", strings: "off" },
  "editor.suggestOnTriggerCharacters": false,
  "editor.acceptSuggestionOnEnter": "off",
  "editor.parameterHints.enabled": false,
};

const t0 = Date.now();
const log = (m: string) => console.log(`[vscode e2e +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

describe.skipIf(skip)("the Herd extension in VS Code", () => {
  let run: Run;
  let vsix: string;
  let server: CodeServer | undefined;
  let context: BrowserContext | undefined;
  let wb: Workbench;
  let shop: string;

  /** Runs a step; on failure saves a screenshot and points at the logs. */
  async function step(name: string, body: () => Promise<void>): Promise<void> {
    const started = Date.now();
    try {
      await body();
      log(`${name}: ok in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (e) {
      const shot = path.join(artifacts, `vscode-failed-${name.replace(/\W+/g, "-")}.png`);
      await wb?.page.screenshot({ path: shot }).catch(() => undefined);
      throw new Error(`${name}: ${(e as Error).message}\n  screenshot: ${shot}\n  logs: ${run.dir} (code-server.log, browser-console.log)`);
    }
  }

  /** The 1-based line of the file on disk (as copied) holding `text`. */
  const lineOf = (text: string) => {
    const i = fs.readFileSync(path.join(shop, "shop.sys"), "utf8").split("\n").findIndex((l) => l.includes(text));
    if (i < 0) throw new Error(`no line with ${JSON.stringify(text)} in shop.sys`);
    return i + 1;
  };
  /** Workspace settings (VS Code notices when the folder's files change; it does not watch user settings here). */
  const setWorkspaceSettings = (values: Record<string, unknown>) => {
    const file = path.join(shop, ".vscode/settings.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(values));
  };
  const screenshot = (name: string) => wb.page.screenshot({ path: path.join(artifacts, `vscode-${name}.png`) });

  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    await ensureInstalled();
    log("code-server and Chromium present");
    run = newRun();

    vsix = path.join(run.dir, "herd.vsix");
    execFileSync(process.execPath, [path.join(repo, "vscode-extension/scripts/package.mjs"), "--out", vsix], { cwd: repo, stdio: "pipe" });
    log(`packaged ${vsix}`);

    shop = path.join(run.workspace, "shop");
    fs.cpSync(path.join(repo, "examples/shop"), shop, { recursive: true });
    writeSettings(run, settings);
    installExtension(run, vsix);
    log("extension installed");
    server = await startCodeServer(run);
    log(`code-server on ${server.url}`);

    const { chromium } = await import("playwright-core");
    context = await chromium.launchPersistentContext(run.profile, {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1500, height: 950 },
      // Without these Chromium's connections hang on the closed network.
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const consoleLog = fs.createWriteStream(path.join(run.dir, "browser-console.log"));
    page.on("console", (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on("pageerror", (e) => consoleLog.write(`[pageerror] ${e.message}\n`));
    wb = new Workbench(page);
    await wb.open(server.url, shop);
    await wb.openFile("shop.sys");
    log("shop.sys open");
  }, 300_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await server?.stop();
    log("done");
  });

  it("installs from one .vsix without dependencies or source maps", () => {
    const entries = zipEntries(vsix);
    expect(entries).toContain("extension/dist/server.js");
    expect(entries.filter((e) => e.includes("node_modules/") || e.endsWith(".map"))).toEqual([]);
    expect(fs.readdirSync(run.extensions).some((d) => d.startsWith("herd-lang.herd-"))).toBe(true);
  });

  it("highlights the file", () =>
    step("highlighting", async () => {
      await wb.until("the language mode Herd in the status bar", async () => /Herd/.test((await wb.page.locator('[id="status.editor.mode"]').textContent()) ?? ""));
      // Keywords, strings, numbers with units and comments each get their own colour.
      const colours = await wb.until("distinct colours for keyword, string, amount and comment", async () => {
        const tokens = await wb.tokens();
        const colour = (p: (t: string) => boolean) => tokens.find((t) => p(t.text.trim()))?.color;
        const c = {
          keyword: colour((t) => t === "service"),
          string: colour((t) => t === '"UTC"' || t === "UTC"),
          amount: colour((t) => t === "512" || t === "512MiB"),
          comment: colour((t) => t.startsWith("// only machines") || t.startsWith("only machines")),
          name: colour((t) => t === "timeZone"),
        };
        return Object.values(c).every(Boolean) && new Set(Object.values(c)).size === 5 ? c : undefined;
      });
      log(`colours ${JSON.stringify(colours)}`);
      await screenshot("highlighting");
    }));

  it("shows the fleet in the status bar", () =>
    step("status bar", async () => {
      await wb.statusBarItem(/8 machines · 5 replicas · 0 unplaced/).first().waitFor({ timeout: 60_000 });
    }));

  it("shows a name's type on hover", () =>
    step("hover", async () => {
      // `apiPort` where it is used: `ports = [apiPort]`.
      await wb.goTo(lineOf("ports = [apiPort]"));
      const text = await wb.hover("apiPort", "ports = [apiPort]", /Port/);
      log(`hover: ${JSON.stringify(text)}`);
      expect(text).toMatch(/apiPort/);
      await wb.page.waitForTimeout(300); // let the hover finish fading in
      await screenshot("hover");
      await wb.page.mouse.move(2, 2);
    }));

  it("shows inlay hints, and hides them when herd.inlayHints.enabled is off", () =>
    step("inlay hints", async () => {
      const hinted = async () => (await wb.editor().locator(".view-line", { hasText: "service api" }).first().innerText()).replace(/\u00a0/g, " ").includes("web-1");
      await wb.until("the placement inlay hint on `service api`", hinted);
      setWorkspaceSettings({ "herd.inlayHints.enabled": false });
      await wb.until("the inlay hint to go away", async () => !(await hinted()));
      setWorkspaceSettings({});
      await wb.until("the inlay hint to come back", hinted);
    }));

  it("opens the placement webview with the machines", () =>
    step("placement", async () => {
      await wb.runCommand("Herd: Show Placement");
      const view = wb.webview();
      await view.locator('.machine[data-machine="web-1"]').waitFor({ timeout: 30_000 });
      for (const m of ["web-4", "db-1", "db-3", "backup-1"]) await view.locator(`.machine[data-machine="${m}"]`).waitFor({ timeout: 5000 });
      expect(await view.locator(".machine").count()).toBe(8);
      expect(await view.locator(".replica").count()).toBe(5);
      await screenshot("placement");
    }));

  it("redraws the placement as the file changes", () =>
    step("placement follows edits", async () => {
      // pool web: `count   = 4` → 5.
      await wb.goTo(lineOf("count   = 4"), 100);
      await wb.page.keyboard.press("Backspace");
      await wb.page.keyboard.type("5");
      await wb.webview().locator('.machine[data-machine="web-5"]').waitFor({ timeout: 30_000 });
      await wb.statusBarItem(/9 machines · 5 replicas · 0 unplaced/).first().waitFor({ timeout: 30_000 });
    }));

  it("completes the schema's fields in a service body", () =>
    step("completion", async () => {
      await wb.focusEditor();
      await wb.page.keyboard.press("Control+End");
      await wb.page.keyboard.type("\nservice cache {\n  \n}");
      await wb.page.keyboard.press("ArrowUp");
      await wb.page.keyboard.press("End");
      const labels = await wb.suggestions("replicas");
      log(`suggestions: ${labels.join(", ")}`);
      expect(labels).toEqual(expect.arrayContaining(["replicas", "resources", "run"]));
      await screenshot("completion");
      await wb.page.keyboard.press("Escape");
    }));

  it("reports a mistake in the Problems panel", () =>
    step("problems", async () => {
      await wb.page.keyboard.type('replicas = "three"');
      await wb.showProblems();
      const rows = await wb.until("the type error in the Problems panel", async () => {
        const r = await wb.problems();
        return r.some((p) => /expected Int.*found String/.test(p)) ? r : undefined;
      });
      log(`problems: ${JSON.stringify(rows)}`);
      // The placement waits for a valid system.
      await wb.webview().getByText(/fix the errors to see placement/i).waitFor({ timeout: 30_000 });
      await screenshot("problems");
    }));

  it('"Herd: Build" reports the build in the Problems panel, or why it cannot run', () =>
    step("build", async () => {
      // `herd build` lands with the compiler backends; until then the CLI says
      // "unknown command" and the extension must say so.
      const cli = path.join(run.extensions, fs.readdirSync(run.extensions).find((d) => d.startsWith("herd-lang.herd-"))!, "dist/herd.js");
      const hasBuild = /^\s+build\b/m.test(spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" }).stdout);
      await wb.runCommand("Herd: Build");
      if (hasBuild) {
        await wb.showProblems();
        const rows = await wb.until("a `herd build` entry in the Problems panel", async () => {
          const r = await wb.problems();
          return r.some((p) => /herd build/.test(p) && /found String/.test(p)) ? r : undefined;
        });
        log(`build problems: ${JSON.stringify(rows)}`);
      } else {
        const toast = await wb.until("a notification saying the build could not run", async () => (await wb.notifications()).find((n) => /Build could not run: .*unknown command 'build'/.test(n)));
        log(`build: ${toast}`);
      }
      await screenshot("build");
    }));

  it("uses herd.server.path for the server and for Build, whose report lands in the Problems panel", () =>
    step("server path", async () => {
      // A `herd` whose `build` reports like `check --format json` (the same
      // report format `herd build` prints), so that the Problems path is
      // tested whether or not the bundled CLI has `build` yet.
      const cli = path.join(run.extensions, fs.readdirSync(run.extensions).find((d) => d.startsWith("herd-lang.herd-"))!, "dist/herd.js");
      const wrapper = path.join(run.dir, "herd-wrapper.cjs");
      const calls = path.join(run.dir, "herd-wrapper.log");
      fs.writeFileSync(
        wrapper,
        [
          `const args = process.argv.slice(2);`,
          `require("fs").appendFileSync(${JSON.stringify(calls)}, args.join(" ") + "\\n");`,
          `if (args[0] === "build") args[0] = "check";`,
          `process.argv = [process.argv[0], ${JSON.stringify(cli)}, ...args];`,
          `require(${JSON.stringify(cli)});`,
        ].join("\n"),
      );
      setWorkspaceSettings({ "herd.server.path": wrapper });
      await wb.until("the language server started from herd.server.path", async () => processesMentioning(wrapper).length === 1);
      await wb.statusBarItem(/machines · \d+ errors?/).first().waitFor({ timeout: 30_000 });
      await wb.runCommand("Herd: Build");
      await wb.until("Build to run the configured herd", async () => fs.existsSync(calls) && fs.readFileSync(calls, "utf8").includes(`build ${shop} --format json`));
      await wb.showProblems();
      const rows = await wb.until("`herd build` entries in the Problems panel", async () => {
        const r = await wb.problems();
        return r.some((p) => /herd build/.test(p) && /expected Int.*found String/.test(p)) ? r : undefined;
      });
      log(`build problems: ${JSON.stringify(rows)}`);
      await wb.until("the build failure notification", async () => (await wb.notifications()).find((n) => /Build failed with 2 errors/.test(n)));
      await screenshot("build-problems");
      setWorkspaceSettings({});
      await wb.until("the bundled language server again", async () => processesMentioning(wrapper).length === 0);
    }));

  it("restarts the language server when it dies", () =>
    step("server restart", async () => {
      const bundled = path.join(run.extensions, fs.readdirSync(run.extensions).find((d) => d.startsWith("herd-lang.herd-"))!, "dist/server.js");
      // The test before switched herd.server.path back off: the bundled server may still be starting.
      const before = await wb.until("the bundled language server", async () => {
        const now = processesMentioning(bundled);
        return now.length === 1 ? now : undefined;
      });
      process.kill(before[0]!, "SIGKILL");
      log(`killed the language server (pid ${before[0]})`);
      const after = await wb.until("a new language server process", async () => {
        const now = processesMentioning(bundled).filter((p) => !before.includes(p));
        return now.length === 1 ? now : undefined;
      });
      log(`new language server pid ${after[0]}`);
      // It analyses the open file again: the status comes back, hovers work.
      await wb.statusBarItem(/machines · \d+ errors?/).first().waitFor({ timeout: 30_000 });
      await wb.page.keyboard.press("Escape");
      await wb.goTo(lineOf("ports = [apiPort]"));
      await wb.hover("apiPort", "ports = [apiPort]", /Port/);
    }));
});
