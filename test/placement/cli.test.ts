// `herd plan` and the placement part of `herd check`, run in-process.
import { describe, expect, it, beforeEach } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run } from "../../compiler/cli/main.js";
import type { CliIO } from "../../compiler/cli/io.js";

const shop = fs.readFileSync(new URL("../../examples/shop/shop.sys", import.meta.url), "utf8");

function io(cwd: string): CliIO & { stdout: string; stderr: string } {
  const o = {
    stdout: "",
    stderr: "",
    color: false,
    cwd,
    out: (t: string) => void (o.stdout += t),
    err: (t: string) => void (o.stderr += t),
    readStdin: async () => "",
  };
  return o;
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "herd-plan-"));
  fs.writeFileSync(path.join(dir, "shop.sys"), shop);
});

describe("herd plan", () => {
  it("prints a table per machine and exits 0", async () => {
    const o = io(dir);
    expect(await run(["plan"], o)).toBe(0);
    expect(o.stdout).toMatch(/^\.: 8 machines, 5 of 5 replicas placed, peak utilisation 50%/);
    expect(o.stdout).toMatch(/web-1 +web +tier=frontend zone=fsn1 +█░+ +13% +500m\/4 .* api#0/);
  });

  it("writes JSON in the documented shape", async () => {
    const o = io(dir);
    expect(await run(["plan", ".", "--format", "json"], o)).toBe(0);
    const j = JSON.parse(o.stdout);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(["machines", "assignments", "unplaced", "moves"]));
    expect(j.machines[0]).toMatchObject({ name: "web-1", pool: "web", labels: { tier: "frontend", zone: "fsn1" }, capacity: { cpu: 4000, memory: 8 * 2 ** 30 }, used: { cpu: 500 } });
    expect(j.assignments).toHaveLength(5);
    expect(j.assignments[0]).toEqual({ service: "api", replica: 0, machine: "web-1" });
    expect(j.unplaced).toEqual([]);
  });

  it("writes the lock atomically, then is sticky and shows the diff against it", async () => {
    const o = io(dir);
    expect(await run(["plan", "--write-lock"], o)).toBe(0);
    const lockText = fs.readFileSync(path.join(dir, "herd.lock"), "utf8");
    const lock = JSON.parse(lockText);
    expect(lock.version).toBe(1);
    expect(lock.services.api.replicas).toEqual(["web-1", "web-2", "web-3"]);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    // Same input, same bytes.
    expect(await run(["plan", "--write-lock"], io(dir))).toBe(0);
    expect(fs.readFileSync(path.join(dir, "herd.lock"), "utf8")).toBe(lockText);

    // Grow api: the three existing replicas stay.
    fs.writeFileSync(path.join(dir, "shop.sys"), shop.replace("replicas  = 3", "replicas  = 4"));
    const o2 = io(dir);
    expect(await run(["plan"], o2)).toBe(0);
    expect(o2.stdout).toContain("against herd.lock: 0 moved, 1 added, 0 removed\n  + api#3 → web-4");
  });

  it("--fail shows what would move", async () => {
    const o = io(dir);
    expect(await run(["plan", ".", "--fail", "backup-1", "--format", "json"], o)).toBe(0);
    const j = JSON.parse(o.stdout);
    expect(j.failed).toEqual(["backup-1"]);
    expect(j.moves).toEqual([{ service: "db", replica: 0, kind: "moved", from: "backup-1", to: expect.stringMatching(/^db-/) }]);
    const t = io(dir);
    expect(await run(["plan", ".", "--fail", "backup-1,web-1"], t)).toBe(0);
    expect(t.stdout).toContain("if backup-1, web-1 fail: 2 replicas move");
    // The path may also come after the machines.
    const u = io(path.dirname(dir));
    expect(await run(["plan", "--fail", "backup-1", "web-1", path.basename(dir)], u)).toBe(0);
    expect(u.stdout).toContain("if backup-1, web-1 fail: 2 replicas move");
  });

  it("--explain shows why each replica went where it did", async () => {
    const o = io(dir);
    expect(await run(["plan", "--explain", "db"], o)).toBe(0);
    expect(o.stdout).toContain('db: 2 replicas · on tier == "data" · spread by zone · avoid api · port 5432');
    expect(o.stdout).toMatch(/#0 → backup-1 +\(best score when placed; utilisation there 25%; 3 of 8 machines fit\)/);
    expect(o.stdout).toContain("4 have tier=frontend, not data");
  });

  it("--html writes a self-contained page", async () => {
    const o = io(dir);
    expect(await run(["plan", "--html", "fleet.html"], o)).toBe(0);
    const html = fs.readFileSync(path.join(dir, "fleet.html"), "utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).not.toMatch(/(src|href)=|https?:|@import|<script/);
    expect(html.match(/class="machine"/g)).toHaveLength(8);
    expect(html.match(/class="replica"/g)).toHaveLength(5);
    await run(["plan", "--html", "again.html"], io(dir));
    expect(fs.readFileSync(path.join(dir, "again.html"), "utf8")).toBe(html);
  });

  it("exits 2 on bad usage and unreadable input", async () => {
    const o = io(dir);
    expect(await run(["plan", "--fail", "web-9"], o)).toBe(2);
    expect(o.stderr).toContain("no machine is called `web-9` (did you mean `web-1`?)");
    expect(await run(["plan", "--explain", "dbb"], io(dir))).toBe(2);
    expect(await run(["plan", "--fail", "web-1", "--write-lock"], io(dir))).toBe(2);
    expect(await run(["plan", "--format", "yaml"], io(dir))).toBe(2);
    expect(await run(["plan", "--lock", "missing.lock"], io(dir))).toBe(2);
    fs.writeFileSync(path.join(dir, "herd.lock"), "{ nope");
    const bad = io(dir);
    expect(await run(["plan"], bad)).toBe(2);
    expect(bad.stderr).toContain("herd.lock is not a valid lock file");
    expect(await run(["plan", path.join(dir, "nowhere")], io(dir))).toBe(2);
  });

  it("exits 1 when replicas cannot be placed, and check reports H0601 and H0602", async () => {
    fs.writeFileSync(path.join(dir, "shop.sys"), shop.replace("replicas  = 2", "replicas  = 5"));
    const o = io(dir);
    expect(await run(["plan"], o)).toBe(1);
    expect(o.stdout).toContain("✗ db #4: 0 of 8 machines fit");
    const c = io(dir);
    expect(await run(["check", dir, "--format", "json"], c)).toBe(1);
    const j = JSON.parse(c.stdout);
    expect(j.diagnostics.map((d: { code: string }) => d.code)).toEqual(["H0601"]);
    expect(j.diagnostics[0].message).toMatch(/^1 of the 5 replicas of `db` cannot be placed: 0 of 8 machines fit: /);

    fs.writeFileSync(path.join(dir, "shop.sys"), shop.replace("replicas  = 2", "replicas  = 4"));
    const s = io(dir);
    expect(await run(["check", dir], s)).toBe(1);
    expect(s.stdout).toContain("H0602");
    expect(s.stdout).toContain("does not survive 1 node failure");
  });

  it("reports a misspelt label value in an `on` rule once: the error that fails the check, with the spelling as its fix", async () => {
    fs.writeFileSync(path.join(dir, "shop.sys"), shop.replace('on tier == "frontend"', 'on tier == "fronted"'));
    const c = io(dir);
    expect(await run(["check", dir, "--format", "json"], c)).toBe(1);
    const j = JSON.parse(c.stdout);
    // Not also the H0503 warning that names the same slip.
    expect(j.diagnostics.map((d: { code: string }) => d.code)).toEqual(["H0601"]);
    expect(j.diagnostics[0]).toMatchObject({ severity: "error", suggestion: 'write "frontend"', edits: [{ newText: '"frontend"' }] });
    // A misspelt label key, the same.
    fs.writeFileSync(path.join(dir, "shop.sys"), shop.replace('on tier == "frontend"', 'on tierr == "frontend"'));
    const k = io(dir);
    expect(await run(["check", dir, "--format", "json"], k)).toBe(1);
    expect(JSON.parse(k.stdout).diagnostics.map((d: { code: string; suggestion?: string }) => [d.code, d.suggestion])).toEqual([["H0601", "write `tier`"]]);
    // A rule that still matches machines keeps its H0503 (a warning): nothing to fold it into.
    fs.writeFileSync(path.join(dir, "shop.sys"), shop.replace('on tier == "frontend"', 'on tier in ["frontend", "fronted"]'));
    const w = io(dir);
    expect(await run(["check", dir, "--format", "json"], w)).toBe(0);
    expect(JSON.parse(w.stdout).diagnostics.map((d: { code: string }) => d.code)).toEqual(["H0503"]);
  });
});
