// The `herd` command line, run in-process (and once as a real process):
// exit codes, output formats, formatting files in place.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node.js";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../compiler/cli/main.js";
import type { CliIO } from "../../compiler/cli/io.js";
import { herd, workspace } from "../helpers/run-cli.js";

const repo = new URL("../../", import.meta.url).pathname;

const good = 'node box {\n  address   = "10.0.0.1"\n  resources = { cpu = 2, memory = 4GiB }\n}\n';
const bad = "let p: Port = 70000\nlet q = unknownName\n";

describe("herd check", () => {
  it("exits 0 on a clean workspace and 1 with errors, rendering them like rustc", async () => {
    expect((await herd(["check", "."], workspace({ "main.sys": good }))).code).toBe(0);
    const r = await herd(["check"], workspace({ "main.sys": bad }));
    expect(r.code).toBe(1);
    expect(r.out).toContain("error[H0305]: 70000 is out of range: Port must be between 1 and 65535\n --> main.sys:1:15\n  |\n1 | let p: Port = 70000\n  |               ^^^^^");
    expect(r.err).toContain("2 errors, 0 warnings");
  });

  it("prints the help: exit 0 when asked for, 2 when no command is given", async () => {
    const dir = workspace({ "main.sys": good });
    const asked = await herd(["--help"], dir);
    expect([asked.code, asked.out.includes("Commands:")]).toEqual([0, true]);
    const bare = await herd([], dir);
    expect(bare.code).toBe(2);
    expect(bare.out + bare.err).toContain("Commands:");
  });

  it("exits 2 on usage errors and unreadable input", async () => {
    const dir = workspace({ "main.sys": good });
    expect((await herd(["check", "no-such-folder"], dir)).code).toBe(2);
    expect((await herd(["check", "--format", "yaml"], dir)).code).toBe(2);
    expect((await herd(["frobnicate"], dir)).code).toBe(2);
    const empty = workspace({ "README.md": "" });
    const r = await herd(["check", "."], empty);
    expect(r.code).toBe(2);
    expect(r.err).toContain("no .sys files");
  });

  it("prints JSON with 1-based positions", async () => {
    const r = await herd(["check", "--format", "json"], workspace({ "main.sys": bad }));
    const json = JSON.parse(r.out) as { diagnostics: Record<string, unknown>[] };
    expect(json.diagnostics[0]).toEqual({ file: "main.sys", line: 1, column: 15, endLine: 1, endColumn: 20, severity: "error", code: "H0305", message: "70000 is out of range: Port must be between 1 and 65535" });
    expect(json.diagnostics[1]).toMatchObject({ code: "H0201", line: 2, column: 9 });
  });

  it("prints SARIF 2.1.0 (with fixes) and GitHub annotations, and fixes' edits in JSON", async () => {
    const dir = workspace({ "main.sys": bad });
    const sarif = JSON.parse((await herd(["check", "-f", "sarif"], dir)).out);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: "H0305", level: "error", locations: [{ physicalLocation: { artifactLocation: { uri: "main.sys" }, region: { startLine: 1, startColumn: 15 } } }] });
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(["H0201", "H0305"]);
    // A fix's edits: in JSON located like the diagnostic, in SARIF as the result's `fixes`.
    const fixable = workspace({ "main.sys": "let apiPort = 8080\nlet p = apiPrt\n" });
    const json = JSON.parse((await herd(["check", "-f", "json"], fixable)).out);
    expect(json.diagnostics[0]).toMatchObject({ suggestion: "write `apiPort`", edits: [{ line: 2, column: 9, endLine: 2, endColumn: 15, newText: "apiPort" }] });
    const fixes = JSON.parse((await herd(["check", "-f", "sarif"], fixable)).out).runs[0].results[0].fixes;
    expect(fixes).toEqual([
      {
        description: { text: "write `apiPort`" },
        artifactChanges: [{ artifactLocation: { uri: "main.sys" }, replacements: [{ deletedRegion: { startLine: 2, startColumn: 9, endLine: 2, endColumn: 15 }, insertedContent: { text: "apiPort" } }] }],
      },
    ]);
    const gh = (await herd(["check", "-f", "github"], dir)).out.trim().split("\n");
    expect(gh[0]).toBe("::error file=main.sys,line=1,col=15,endLine=1,endColumn=20,title=H0305::70000 is out of range%3A Port must be between 1 and 65535".replace("%3A", ":"));
  });

  it("checks a file together with the workspace it belongs to", async () => {
    const dir = workspace({ "main.sys": 'import "./lib/x.sys" { y }\nlet z = y', "lib/x.sys": 'import "../main.sys" as m\nlet y = 1' });
    const r = await herd(["check", "lib/x.sys", "--format", "json"], dir);
    const files = (JSON.parse(r.out) as { diagnostics: { file: string; code: string }[] }).diagnostics.map((d) => `${d.code} ${d.file}`);
    expect(files).toEqual(["H0209 lib/x.sys", "H0204 main.sys"]);
  });

  it("does not make the temporary folder a workspace because a stray .sys file lies in it", async () => {
    const dir = workspace({ "stray.sys": bad, "proj/main.sys": good });
    const saved = process.env["TMPDIR"];
    process.env["TMPDIR"] = dir;
    try {
      // Outside the current folder, with no .git or herd.lock above: only the folders of unrelated files stop the climb.
      const r = await herd(["check", path.join(dir, "proj/main.sys"), "--format", "json"], repo);
      expect((JSON.parse(r.out) as { diagnostics: { file: string }[] }).diagnostics.map((d) => d.file)).not.toContain(path.join(dir, "stray.sys"));
      expect(r.code).toBe(0);
    } finally {
      if (saved === undefined) delete process.env["TMPDIR"];
      else process.env["TMPDIR"] = saved;
    }
  });

  it("prints the resolved system with --summary", async () => {
    const r = await herd(["check", "--summary", "examples/shop"], repo);
    expect(r.code).toBe(0);
    expect(r.out).toContain("examples/shop: 8 machines, 2 services, 5 replicas");
    expect(r.out).toMatch(/pool web\s+4 × hetzner cx32 \(fsn1\)\s+cpu 4, mem 8GiB, disk 80GB/);
    expect(r.out).toMatch(/api\s+3 × \(cpu 500m, mem 512MiB\)\s+on tier == "frontend" · spread by zone · max 1 per node · port 8080/);
  });

  it("never shows a stack trace for bad input", async () => {
    const r = await herd(["check"], workspace({ "main.sys": "\u0000}{ service service service = = = \"${" }));
    expect(r.code).toBe(1);
    expect(r.out + r.err).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  });
});

/** Waits until `ok()` holds, checking every 20 ms, for at most `ms`. */
async function until(ok: () => boolean, what: string, ms = 10_000): Promise<void> {
  for (const start = Date.now(); !ok(); await new Promise((r) => setTimeout(r, 20))) if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
}

describe("herd check --watch", () => {
  it("checks again when a file changes or appears, in the same process, until stopped", async () => {
    const dir = workspace({ "main.sys": good });
    let out = "";
    let err = "";
    const stop = new AbortController();
    const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t), color: false, cwd: dir, readStdin: async () => "", stop: stop.signal };
    const running = run(["check", "--watch"], io);
    const checks = () => err.split("\n").filter((l) => l.includes("watching for changes"));
    await until(() => checks().length === 1, "the first check");
    expect(checks()[0]).toMatch(/^✓ \.: 0 errors, 0 warnings \(checked in [\d.]+ ms\); watching for changes$/);
    // An editor's save: a new file renamed over the old one.
    writeFileSync(path.join(dir, "main.sys.tmp"), good + "let p: Port = 70000\n");
    renameSync(path.join(dir, "main.sys.tmp"), path.join(dir, "main.sys"));
    await until(() => checks().length === 2, "the check after the edit");
    expect(checks()[1]).toMatch(/^✗ \.: 1 error, 0 warnings/);
    expect(err).toContain("main.sys changed");
    expect(out).toContain("error[H0305]: 70000 is out of range");
    // A folder made later, and a file in it.
    mkdirSync(path.join(dir, "lib"));
    writeFileSync(path.join(dir, "lib", "more.sys"), 'let q = unknownName\n');
    await until(() => out.includes("H0201"), "the new file's error");
    writeFileSync(path.join(dir, "main.sys"), good);
    rmSync(path.join(dir, "lib"), { recursive: true });
    await until(() => /✓ \.: 0 errors, 0 warnings \([^)]*\); watching for changes\n$/.test(err), "the check after the fixes");
    stop.abort();
    expect(await running).toBe(0);
  });

  it("writes text only", async () => {
    const r = await herd(["check", "--watch", "--format", "json"], workspace({ "main.sys": good }));
    expect([r.code, r.err]).toEqual([2, "herd check: --watch writes text; --format json is for one check\n"]);
  });
});

describe("herd eval", () => {
  const fleet = `import "std/hetzner" as hcloud
import "std/services" { systemdService }

let port = 8080
let timeout = 90s

pool web {
  count   = 2
  machine = hcloud.server { type = "cx22", location = "hel1" }
  labels  = { zone = "z\${index}" }
}

service api {
  replicas  = 2
  resources = { cpu = 500m, memory = 512MiB }
  run       = systemdService { exec = "\${pkgs.hello}/bin/hello --port \${port}", secretEnv = { TOKEN = secret("api-token") } }
  place { spread by zone }
}
`;

  it("prints the evaluated system as JSON, amounts in base units, the same bytes every run", async () => {
    const dir = workspace({ "main.sys": fleet });
    const r = await herd(["eval"], dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(["machines", "pools", "services", "base", "policy", "lets"]);
    expect(Object.keys(json.machines)).toEqual(["web-1", "web-2"]);
    expect(json.machines["web-2"]).toMatchObject({ pool: "web", index: 1, kind: "provisioned", provider: "hetzner", machineType: "cx22", location: "hel1", labels: { zone: "z1" }, resources: { cpu: 2000, memory: 4 * 1024 ** 3 } });
    expect(json.pools).toEqual({ web: { count: 2, machines: ["web-1", "web-2"] } });
    expect(json.services.api).toMatchObject({ replicas: 2, resources: { cpu: 500, memory: 512 * 1024 ** 2, disk: 0 }, place: { spread: [{ label: "zone", skew: 1 }] } });
    // Text only Nix knows is a template, as written; a secret is its name.
    expect(json.services.api.run).toMatchObject({ exec: { template: "${pkgs.hello}/bin/hello --port 8080" }, secretEnv: { TOKEN: { secret: "api-token" } } });
    expect(json.lets).toEqual({ main: { port: 8080, timeout: 90_000 } });
    expect((await herd(["eval"], dir)).out).toBe(r.out);
    // `terraform` blocks, when there are any, merged; what only Terraform knows as written.
    const tf = await herd(["eval", "-s", "terraform"], workspace({ "main.sys": `${fleet}\nterraform {\n  resource.hcloud_network.private { name = "private", ip_range = "10.0.0.0/16" }\n  output.web { value = web-1.ipv4 }\n}\n` }));
    expect(JSON.parse(tf.out)).toEqual({ resource: { hcloud_network: { private: { name: "private", ip_range: "10.0.0.0/16" } } }, output: { web: { value: { template: "${web-1.ipv4}" } } } });
  });

  it("prints a part with --select, and says what there is when the part is not there", async () => {
    const dir = workspace({ "main.sys": fleet });
    const r = await herd(["eval", "--select", "services.api.resources"], dir);
    expect([r.code, JSON.parse(r.out)]).toEqual([0, { cpu: 500, memory: 512 * 1024 ** 2, disk: 0 }]);
    expect(JSON.parse((await herd(["eval", "-s", "services.api.place.spread.0.label"], dir)).out)).toBe("zone");
    const typo = await herd(["eval", "-s", "services.apii"], dir);
    expect([typo.code, typo.out, typo.err]).toEqual([2, "", "herd eval: --select services.apii: `services` has no `apii`; did you mean `api`?\n"]);
    const leaf = await herd(["eval", "-s", "lets.main.port.x"], dir);
    expect(leaf.err).toBe("herd eval: --select lets.main.port.x: `lets.main.port` is 8080, which has no `x`\n");
  });

  it("prints only the errors, and exits 1, when the files have errors", async () => {
    const r = await herd(["eval"], workspace({ "main.sys": "let x: Int = \"three\"\n" }));
    expect([r.code, r.out]).toEqual([1, ""]);
    expect(r.err).toContain("error[H0301]");
    expect(r.err).toContain("nothing evaluated");
  });
});

describe("herd fmt", () => {
  it("rewrites files, and --check names what would change", async () => {
    const dir = workspace({ "a.sys": "let x=1\n", "b.sys": "let y = 2\n" });
    const check = await herd(["fmt", "--check", "."], dir);
    expect(check.code).toBe(1);
    expect(check.out).toBe("would reformat a.sys\n");
    expect(readFileSync(path.join(dir, "a.sys"), "utf8")).toBe("let x=1\n");
    const write = await herd(["fmt", "."], dir);
    expect(write.code).toBe(0);
    expect(readFileSync(path.join(dir, "a.sys"), "utf8")).toBe("let x = 1\n");
    expect((await herd(["fmt", "--check"], dir)).code).toBe(0);
  });

  it("prints what would change as a diff that git applies, changing nothing itself", async () => {
    const dir = workspace({ "a.sys": "let x=1\nlet y = [1,2]\n", "lib/b.sys": "let z = 3\n", "lib/c.sys": 'let r = {a=1}\n' });
    const r = await herd(["fmt", "--diff"], dir);
    expect(r.code).toBe(1);
    expect(r.out).toBe("--- a/a.sys\n+++ b/a.sys\n@@ -1,2 +1,2 @@\n-let x=1\n-let y = [1,2]\n+let x = 1\n+let y = [1, 2]\n--- a/lib/c.sys\n+++ b/lib/c.sys\n@@ -1 +1 @@\n-let r = {a=1}\n+let r = { a = 1 }\n");
    expect(readFileSync(path.join(dir, "a.sys"), "utf8")).toBe("let x=1\nlet y = [1,2]\n");
    // The diff is one git applies: then the files are formatted.
    execFileSync("git", ["apply", "-p1"], { cwd: dir, input: r.out });
    const after = await herd(["fmt", "--diff"], dir);
    expect([after.code, after.out]).toEqual([0, ""]);
  });

  it("leaves files with syntax errors alone and exits 1", async () => {
    const dir = workspace({ "a.sys": "let x = \n" });
    const r = await herd(["fmt", "a.sys"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("has syntax errors");
    expect(readFileSync(path.join(dir, "a.sys"), "utf8")).toBe("let x = \n");
  });

  it("formats a linked file where it is, keeping the link and the file's mode", async () => {
    const dir = workspace({ "shared/base.sys": "let x=1\n" });
    mkdirSync(path.join(dir, "fleet"));
    symlinkSync("../shared/base.sys", path.join(dir, "fleet/base.sys"));
    chmodSync(path.join(dir, "shared/base.sys"), 0o640);
    expect((await herd(["fmt", "fleet/base.sys"], dir)).code).toBe(0);
    expect(lstatSync(path.join(dir, "fleet/base.sys")).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(dir, "shared/base.sys"), "utf8")).toBe("let x = 1\n");
    expect(statSync(path.join(dir, "shared/base.sys")).mode & 0o777).toBe(0o640);
    // A linked file is part of its workspace like any other: checked, and formatted with its folder.
    writeFileSync(path.join(dir, "shared/base.sys"), bad.replace("let q", "let   q"));
    const checked = await herd(["check", "fleet", "--format", "json"], dir);
    expect(checked.code).toBe(1);
    expect((JSON.parse(checked.out) as { diagnostics: { file: string; code: string }[] }).diagnostics.map((d) => `${d.code} ${d.file}`)).toContain("H0305 fleet/base.sys");
    expect((await herd(["fmt", "--check", "fleet"], dir)).out).toBe("would reformat fleet/base.sys\n");
  });

  it("reports a file that is not UTF-8 where its first such byte is, and leaves it unformatted", async () => {
    const dir = workspace({});
    const latin1 = Buffer.concat([Buffer.from('let  greeting = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]);
    writeFileSync(path.join(dir, "a.sys"), latin1);
    const checked = await herd(["check", ".", "--format", "json"], dir);
    expect(checked.code).toBe(1);
    expect((JSON.parse(checked.out) as { diagnostics: { code: string; line: number; column: number }[] }).diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(["H0107 1:21"]);
    const formatted = await herd(["fmt", "a.sys"], dir);
    expect(formatted.code).toBe(1);
    expect(formatted.err).toContain("not formatted: a.sys is not UTF-8 (line 1, column 21)");
    expect(readFileSync(path.join(dir, "a.sys")).equals(latin1)).toBe(true);
  });

  it("formats standard input with `-`", async () => {
    const r = await herd(["fmt", "-"], workspace({}), "let   x =   [1,2]");
    expect(r.out).toBe("let x = [1, 2]\n");
  });
});

describe("the installed command", () => {
  beforeAll(() => {
    if (!existsSync(path.join(repo, "dist/herd.mjs"))) execFileSync("node", ["scripts/build.mjs"], { cwd: repo });
  });

  it("runs as a process through bin/herd.js with the documented exit codes", () => {
    const ok = spawnSync("node", [path.join(repo, "bin/herd.js"), "check", "examples/shop"], { cwd: repo, encoding: "utf8" });
    expect(ok.status).toBe(0);
    const dir = workspace({ "main.sys": bad });
    const failing = spawnSync("node", [path.join(repo, "bin/herd.js"), "check", dir], { encoding: "utf8" });
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain("error[H0305]");
    const version = spawnSync("node", [path.join(repo, "bin/herd.js"), "--version"], { encoding: "utf8" });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(repo, "package.json"), "utf8")).version);
  });

  it("stops `herd check --watch` on Ctrl-C (SIGINT) with exit code 0", async () => {
    const proc = spawn("node", [path.join(repo, "bin/herd.js"), "check", "--watch", workspace({ "main.sys": good })], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    proc.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    await until(() => err.includes("watching for changes"), "the first check");
    const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
    proc.kill("SIGINT");
    expect(await exited).toBe(0);
  });

  it("runs batch commands with the batch Node flags, which its first line repeats", async () => {
    const { nodeFlags } = await import("../../bin/node-flags.mjs");
    const shebang = readFileSync(path.join(repo, "bin/herd.js"), "utf8").split("\n")[0]!;
    expect(shebang).toBe(`#!/usr/bin/env -S node ${nodeFlags.batch.join(" ")}`);
    expect(nodeFlags.server).not.toEqual(nodeFlags.batch);
  });

  it("serves `herd lsp --stdio` from a child with the server's flags, and stops it when stopped", async () => {
    const proc = spawn("node", [path.join(repo, "bin/herd.js"), "lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.listen();
    const init = (await conn.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(path.join(repo, "examples/shop")).toString(), capabilities: {} })) as { serverInfo?: { name: string } };
    expect(init.serverInfo?.name).toBe("herd-language-server");
    const children = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(proc.pid)], { encoding: "utf8" }).trim();
    expect(children).toMatch(/--max-semi-space-size=16 .*dist\/herd\.mjs lsp --stdio/);
    const exited = new Promise<void>((resolve) => proc.on("exit", () => resolve()));
    proc.kill("SIGTERM");
    await exited;
    conn.dispose();
    await new Promise((r) => setTimeout(r, 200));
    const childPid = Number(children.split(/\s+/)[0]);
    expect(() => process.kill(childPid, 0)).toThrow(); // gone too
  });
});
