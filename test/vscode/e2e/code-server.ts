// A real VS Code for the end-to-end test: code-server (installed by
// scripts/setup-e2e.sh into .cache/vscode-e2e/) with the Herd extension
// installed from its .vsix, serving a folder to headless Chromium. Every run
// gets fresh user data, extensions and browser profile under one folder.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const e2eRoot = process.env["HERD_E2E_ROOT"] ?? path.join(repo, ".cache/vscode-e2e");
const codeServerBin = path.join(e2eRoot, "cs/node_modules/.bin/code-server");
export const chromiumPath = process.env["CHROMIUM"] ?? "/usr/bin/chromium";

/**
 * Installs code-server and Chromium when missing, and checks them when not:
 * scripts/setup-e2e.sh takes about a minute cold and a second after.
 */
export async function ensureInstalled(): Promise<void> {
  // Asynchronously: a cold install takes longer than the test runner lets a
  // worker go without answering (scripts/test.sh runs it before the tests).
  const child = spawn("bash", [path.join(repo, "scripts/setup-e2e.sh")], { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const timer = setTimeout(() => child.kill(), 15 * 60_000);
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  if (status !== 0 || !fs.existsSync(codeServerBin)) {
    throw new Error(`scripts/setup-e2e.sh failed (exit ${status}); the end-to-end test needs code-server and Chromium (HERD_SKIP_VSCODE_E2E=1 skips it).\n${out}`);
  }
}

export interface Run {
  dir: string;
  userData: string;
  extensions: string;
  workspace: string;
  profile: string;
  env: NodeJS.ProcessEnv;
}

/** A fresh folder for one run; older runs are removed (all but the last two). */
export function newRun(): Run {
  const runs = path.join(e2eRoot, "runs");
  fs.mkdirSync(runs, { recursive: true });
  const old = fs.readdirSync(runs).sort();
  for (const d of old.slice(0, Math.max(0, old.length - 2))) fs.rmSync(path.join(runs, d), { recursive: true, force: true });
  const dir = fs.mkdtempSync(path.join(runs, `run-${Date.now()}-`));
  const run: Run = {
    dir,
    userData: path.join(dir, "user-data"),
    extensions: path.join(dir, "extensions"),
    workspace: path.join(dir, "workspace"),
    profile: path.join(dir, "chromium-profile"),
    env: {
      ...process.env,
      // code-server writes config and logs under XDG folders: keep them in the run.
      XDG_CONFIG_HOME: path.join(dir, "xdg/config"),
      XDG_DATA_HOME: path.join(dir, "xdg/data"),
      XDG_CACHE_HOME: path.join(dir, "xdg/cache"),
      // The machines are offline: never ask the marketplace.
      EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: "http://127.0.0.1:9/gallery", itemUrl: "http://127.0.0.1:9/item", resourceUrlTemplate: "http://127.0.0.1:9/{publisher}/{name}/{version}/{path}" }),
    },
  };
  for (const d of [run.userData, run.extensions, run.workspace, run.profile, path.join(run.userData, "User")]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(dir, "code-server.yaml"), "auth: none\ncert: false\n");
  return run;
}

const common = (run: Run) => ["--user-data-dir", run.userData, "--extensions-dir", run.extensions, "--config", path.join(run.dir, "code-server.yaml")];

export function writeSettings(run: Run, settings: Record<string, unknown>): void {
  fs.writeFileSync(path.join(run.userData, "User/settings.json"), JSON.stringify(settings, null, 2));
}

export function installExtension(run: Run, vsix: string): string {
  const out = execFileSync(codeServerBin, [...common(run), "--install-extension", vsix], { env: run.env, encoding: "utf8", timeout: 120_000 });
  if (!/successfully installed/i.test(out)) throw new Error(`code-server --install-extension did not succeed:\n${out}`);
  return out;
}

export interface CodeServer {
  url: string;
  log: string;
  stop(): Promise<void>;
}

export async function startCodeServer(run: Run): Promise<CodeServer> {
  const port = await freePort();
  const log = path.join(run.dir, "code-server.log");
  const fd = fs.openSync(log, "w");
  const proc: ChildProcess = spawn(
    codeServerBin,
    [...common(run), "--bind-addr", `127.0.0.1:${port}`, "--auth", "none", "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override", "--ignore-last-opened", "--log", "info"],
    // Its own process group, so that stopping it also stops the extension host and the language server.
    { env: run.env, stdio: ["ignore", fd, fd], detached: true },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`code-server exited with ${proc.exitCode}; see ${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url} within 60 s; see ${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    log,
    async stop() {
      if (proc.exitCode !== null || proc.pid === undefined) return;
      const exited = new Promise((r) => proc.once("exit", r));
      try {
        process.kill(-proc.pid, "SIGTERM");
      } catch {
        return;
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      try {
        process.kill(-proc.pid, "SIGKILL");
      } catch {
        // already gone
      }
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (a && typeof a === "object" ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}

/** Processes whose command line mentions `needle` (to find the language server this run started). */
export function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmd.includes(needle)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}
