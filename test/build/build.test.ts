// `herd build` end to end, in-process on copies of the examples: the whole
// out/ tree against golden files (UPDATE_EXPECT=1 rewrites them), identical
// bytes across runs, herd.lock, and the atomic swap — a failed build, or one
// that cannot write, leaves the previous out/ exactly as it was.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../compiler/cli/io.js";
import { run } from "../../compiler/cli/main.js";

const examplesDir = new URL("../../examples/", import.meta.url).pathname;
const goldenDir = new URL("./golden/", import.meta.url).pathname;
const update = !!process.env["UPDATE_EXPECT"];

function io(cwd: string): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", color: false, cwd, out: (t: string) => void (o.stdout += t), err: (t: string) => void (o.stderr += t), readStdin: async () => "" };
  return o;
}

/** A copy of an example under a fresh temporary folder, keeping its name (it appears in the output). */
function copyExample(name: string): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "herd-build-")), name);
  fs.cpSync(path.join(examplesDir, name), dir, { recursive: true, filter: (src) => path.basename(src) !== "out" });
  return dir;
}

/** Every file below a folder: relative path → text. */
function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p).split(path.sep).join("/"), fs.readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return out;
}

describe.each(["shop", "homelab", "fleet50"])("herd build %s", (name) => {
  it("writes the out/ tree of the golden files, with nothing to warn about", async () => {
    const dir = copyExample(name);
    const t = io(dir);
    expect(await run(["build"], t)).toBe(0);
    expect(t.stdout).toBe("");
    expect(t.stderr).toMatch(/^✓ built out: \d+ files, \d+ machines, \d+ replicas; herd\.lock updated\n$/);
    const got = readTree(path.join(dir, "out"));
    const golden = path.join(goldenDir, name);
    if (update) {
      fs.rmSync(golden, { recursive: true, force: true });
      for (const [f, text] of got) {
        fs.mkdirSync(path.dirname(path.join(golden, f)), { recursive: true });
        fs.writeFileSync(path.join(golden, f), text);
      }
    }
    const want = readTree(golden);
    expect([...got.keys()]).toEqual([...want.keys()]);
    for (const [f, text] of want) expect(got.get(f), f).toBe(text);
    for (const f of ["nix/flake.nix", "nix/hive.nix", "nix/fleet.nix", "terraform/main.tf.json", "placement.json", "system.json"]) expect(got.has(f), f).toBe(true);
    // The committed lock is the placement the build made.
    expect(fs.readFileSync(path.join(dir, "herd.lock"), "utf8")).toBe(fs.readFileSync(path.join(examplesDir, name, "herd.lock"), "utf8"));
  });

  it("writes identical bytes on every run, with or without a lock", async () => {
    const dir = copyExample(name);
    fs.rmSync(path.join(dir, "herd.lock"));
    expect(await run(["build", "-o", "first"], io(dir))).toBe(0);
    expect(await run(["build", "-o", "second"], io(dir))).toBe(0);
    expect(readTree(path.join(dir, "second"))).toEqual(readTree(path.join(dir, "first")));
  });
});

describe("herd build: atomic output", () => {
  it("leaves the previous out/ untouched when the system has errors", async () => {
    const dir = copyExample("shop");
    expect(await run(["build"], io(dir))).toBe(0);
    const before = readTree(path.join(dir, "out"));
    const lock = fs.readFileSync(path.join(dir, "herd.lock"), "utf8");
    const file = path.join(dir, "shop.sys");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("replicas  = 3", 'replicas  = "three"'));
    const t = io(dir);
    expect(await run(["build"], t)).toBe(1);
    expect(t.stdout).toContain("error[H0301]");
    expect(t.stderr).toContain("nothing written");
    expect(readTree(path.join(dir, "out"))).toEqual(before);
    expect(fs.readFileSync(path.join(dir, "herd.lock"), "utf8")).toBe(lock);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(".out"))).toEqual([]);
  });

  it("leaves the previous out/ untouched when a replica cannot be placed", async () => {
    const dir = copyExample("shop");
    expect(await run(["build"], io(dir))).toBe(0);
    const before = readTree(path.join(dir, "out"));
    const file = path.join(dir, "shop.sys");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("replicas  = 3", "replicas  = 30"));
    const t = io(dir);
    expect(await run(["build"], t)).toBe(1);
    expect(t.stdout).toContain("error[H0601]");
    expect(readTree(path.join(dir, "out"))).toEqual(before);
  });

  it("replaces the tree as a whole: files of removed machines go, Terraform's addresses.json stays", async () => {
    const dir = copyExample("shop");
    const file = path.join(dir, "shop.sys");
    const text = fs.readFileSync(file, "utf8");
    expect(text).toMatch(/count *= 4/);
    fs.writeFileSync(file, text.replace(/count( *)= 4/, "count$1= 5"));
    expect(await run(["build"], io(dir))).toBe(0);
    expect(fs.existsSync(path.join(dir, "out/nix/machines/web-5.nix"))).toBe(true);
    fs.writeFileSync(path.join(dir, "out/nix/addresses.json"), '{"web-1":{"ipv4":"192.0.2.1","id":"1"}}\n');
    fs.writeFileSync(file, text);
    expect(await run(["build"], io(dir))).toBe(0);
    expect(fs.existsSync(path.join(dir, "out/nix/machines/web-5.nix"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "out/nix/machines/web-4.nix"))).toBe(true);
    expect(fs.readFileSync(path.join(dir, "out/nix/addresses.json"), "utf8")).toContain("192.0.2.1");
  });

  it("says plainly when it cannot write, and keeps what was there", async () => {
    if (process.getuid?.() === 0) {
      // Root writes through permissions: make the output folder's parent a file instead.
      const dir = copyExample("shop");
      fs.writeFileSync(path.join(dir, "blocked"), "");
      const t = io(dir);
      expect(await run(["build", "-o", "blocked/out"], t)).toBe(2);
      expect(t.stderr).toMatch(/^herd: cannot write blocked.*the previous output is unchanged\n$/);
      expect(fs.readFileSync(path.join(dir, "blocked"), "utf8")).toBe("");
      return;
    }
    const dir = copyExample("shop");
    fs.mkdirSync(path.join(dir, "ro"));
    fs.chmodSync(path.join(dir, "ro"), 0o555);
    const t = io(dir);
    expect(await run(["build", "-o", "ro/out"], t)).toBe(2);
    expect(t.stderr).toMatch(/^herd: cannot write .*permission denied; the previous output is unchanged\n$/);
  });

  it("writes HCL instead of JSON with --terraform-format hcl", async () => {
    const dir = copyExample("shop");
    expect(await run(["build", "--terraform-format", "hcl"], io(dir))).toBe(0);
    expect(fs.readdirSync(path.join(dir, "out/terraform"))).toEqual(["main.tf"]);
    expect(fs.readFileSync(path.join(dir, "out/terraform/main.tf"), "utf8")).toMatch(/resource "hcloud_server" "web-1" \{/);
  });
});

describe("herd build: stickiness through herd.lock", () => {
  it("adding a machine moves no replica", async () => {
    const dir = copyExample("fleet50");
    const before = JSON.parse(fs.readFileSync(path.join(dir, "herd.lock"), "utf8"));
    const file = path.join(dir, "machines.sys");
    const text = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, text + '\nnode spare-1 {\n  address   = "198.51.100.99"\n  resources = { cpu = 64, memory = 256GiB, disk = 4TB }\n  labels    = { tier = "build", zone = "office", provider = "own" }\n  nixos     = { fileSystems."/" = { device = "/dev/sda1", fsType = "ext4" } }\n}\n');
    const t = io(dir);
    expect(await run(["build"], t)).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "herd.lock"), "utf8"))).toEqual(before);
    expect(fs.existsSync(path.join(dir, "out/nix/machines/spare-1.nix"))).toBe(true);
  });
});
