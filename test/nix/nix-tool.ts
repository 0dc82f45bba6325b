// Runs the real nix-instantiate (Debian's nix-bin, installed by scripts/setup.sh).
import { execFileSync, spawnSync } from "node:child_process";

export function nixAvailable(): boolean {
  return spawnSync("nix-instantiate", ["--version"], { encoding: "utf8" }).status === 0;
}

const env = { ...process.env, NIX_REMOTE: "", NIX_CONFIG: "experimental-features = nix-command" };
const sandboxArgs = ["--readonly-mode", "--option", "build-users-group", ""];

/** `nix-instantiate --parse FILE`: throws with Nix's message when the file does not parse. */
export function nixParse(file: string): void {
  const r = spawnSync("nix-instantiate", [...sandboxArgs, "--parse", file], { encoding: "utf8", env });
  if (r.status !== 0) throw new Error(`nix-instantiate --parse ${file} failed:\n${r.stderr}`);
}

/** Evaluates an expression strictly to JSON, in a folder. */
export function nixEvalJson(expr: string, cwd: string): unknown {
  try {
    const out = execFileSync("nix-instantiate", [...sandboxArgs, "--eval", "--strict", "--json", "-E", expr], { cwd, encoding: "utf8", env, stdio: ["ignore", "pipe", "pipe"] });
    return JSON.parse(out);
  } catch (e) {
    const err = e as { stderr?: string };
    throw new Error(`nix-instantiate --eval failed:\n${err.stderr ?? e}\nexpression:\n${expr}`);
  }
}

/** A stub `pkgs` with every package name the files use, each a store-path-like string. */
export function pkgsStub(texts: string[]): string {
  const names = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(/pkgs\.([A-Za-z_][A-Za-z0-9_'-]*(?:\.[A-Za-z_][A-Za-z0-9_'-]*)*)/g)) names.add(m[1]!);
  names.delete("writeShellScript");
  // Nested names (python3Packages.requests) become nested sets.
  const tree: Record<string, unknown> = {};
  for (const n of [...names].sort()) {
    const parts = n.split(".");
    let node = tree;
    for (let i = 0; i < parts.length - 1; i++) node = (node[parts[i]!] ??= {}) as Record<string, unknown>;
    const last = parts[parts.length - 1]!;
    if (!(last in node)) node[last] = `/nix/store/stub-${n}`;
  }
  const render = (o: unknown): string =>
    typeof o === "string" ? JSON.stringify(o) : "{ " + Object.entries(o as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)} = ${render(v)};`).join(" ") + " }";
  return `(${render(tree)} // { writeShellScript = name: text: "/nix/store/stub-" + name; })`;
}

export const libStub = "{ mkAfter = x: x; mkBefore = x: x; mkDefault = x: x; mkForce = x: x; mkIf = c: x: if c then x else { }; }";
