// Property test of rename (lsp/ide/navigation.ts) on the example workspaces:
// any name renamed to any other (one the workspace already uses, a built-in,
// or a new one) is either refused, or the workspace checks as it did and
// renaming back gives the very same text. A rename that let a name be
// captured (`let base` renamed `port` inside a function with a parameter
// `port`) would change what the code means and fail the trip back.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryFileSystem } from "../../language/workspace/file-system.js";
import { prepareRename, rename } from "../../lsp/ide/navigation.js";
import { Project } from "../../lsp/ide/project.js";
import { applyEdits } from "../helpers/apply-edits.js";
import { sysFilesUnder } from "../helpers/sys-files.js";

interface Ws {
  files: Map<string, string>;
  /** Offsets of words in each file, where a rename may be asked. */
  words: { file: string; at: number }[];
}

const examples = new URL("../../examples/", import.meta.url).pathname;
const workspaces: Ws[] = ["shop", "homelab"].map((name) => {
  const root = path.join(examples, name);
  const files = new Map(sysFilesUnder(new URL(`../../examples/${name}/`, import.meta.url)).map((f) => [path.relative(root, f), readFileSync(f, "utf8")]));
  const words = [...files].flatMap(([file, text]) => [...text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)].map((m) => ({ file, at: m.index! + 1 })));
  return { files, words };
});

/** New names: the workspaces' own words (the likeliest to clash), built-ins, and new ones. */
const names = [...new Set(workspaces.flatMap((w) => [...w.files.values()].flatMap((t) => t.match(/\b[a-z][A-Za-z0-9]*\b/g) ?? [])))].sort();
const newName = fc.oneof(fc.constantFrom(...names), fc.constantFrom("len", "join", "index", "pkgs", "none", "p", "x"), fc.constantFrom("renamed-thing", "other", "zz9"));

/** The words of a workspace that can be renamed (most are keywords, fields or literals). */
function renameable(ws: Ws): { file: string; at: number }[] {
  const s = project(ws.files).snapshot();
  return ws.words.filter((w) => prepareRename(s, w.file, w.at).ok);
}

function project(files: Map<string, string>): Project {
  const p = new Project({ root: "/ws", fs: new MemoryFileSystem(Object.fromEntries([...files].map(([f, t]) => [`/ws/${f}`, t]))) });
  for (const [f, t] of files) p.open(f, t, 1);
  return p;
}

/** The texts after the edits (every file edited at most once per span, edits applied last first). */
function applied(files: Map<string, string>, edits: Map<string, { span: { start: number; end: number }; newText: string }[]>): Map<string, string> {
  const out = new Map(files);
  for (const [f, list] of edits) {
    out.set(f, applyEdits(out.get(f)!, list));
  }
  return out;
}

/** Where `at` is after the edits of its file (the start of the new text when an edit replaced it). */
function shifted(at: number, edits: readonly { span: { start: number; end: number }; newText: string }[]): number {
  let d = 0;
  for (const e of [...edits].sort((a, b) => a.span.start - b.span.start)) {
    if (e.span.end <= at) d += e.newText.length - (e.span.end - e.span.start);
    else return e.span.start <= at ? e.span.start + d : at + d;
  }
  return at + d;
}

const errorsOf = (p: Project) => p.snapshot().diagnostics().filter((d) => d.severity === "error").map((d) => `${d.code} ${d.file}`).sort();

describe("rename (fast-check)", () => {
  it("refuses a name a parameter, a comprehension's variable or a body's field already has where the renamed name is used", () => {
    const files = new Map([["main.sys", 'let base = 8080\nfn f(port: Int): Int = port + base\nlet xs = [for p in [1, 2]: p + base]\nservice s {\n  replicas = 1\n  resources = { cpu = 1, memory = 1GiB }\n  run = { kind = "systemd", exec = "/bin/x ${base}" }\n}\n']]);
    const s = project(files).snapshot();
    const at = files.get("main.sys")!.indexOf("base");
    for (const taken of ["port", "p", "replicas", "f"]) {
      const r = rename(s, "main.sys", at, taken);
      expect(r.ok, taken).toBe(false);
      if (!r.ok) expect(r.reason).toContain(`\`${taken}\` already means something where \`base\` is written`);
    }
    expect(rename(s, "main.sys", at, "offset").ok).toBe(true);
  });

  it("refuses a service name another file of the system declares, and allows a pool's name while nothing names the pool", () => {
    const run = 'run = { kind = "systemd", exec = "/bin/x" }';
    const files = new Map([
      ["a.sys", `service web { ${run} }\npool cache {\n  count = 1\n  machine = { provider = "hetzner", type = "cx22", location = "fsn1", resources = { cpu = 2, memory = 4GiB } }\n}\n`],
      ["b.sys", `service api { ${run} }\n`],
    ]);
    const s = project(files).snapshot();
    const at = files.get("a.sys")!.indexOf("web");
    const taken = rename(s, "a.sys", at, "api");
    expect(taken.ok).toBe(false);
    if (!taken.ok) expect(taken.reason).toBe("`api` is already a service (b.sys): service names are unique across the system");
    // `pool db` runs `service db`: a service may take its pool's name.
    expect(rename(s, "a.sys", at, "cache").ok).toBe(true);
  });

  it("keeps what the workspace means: checked alike, and renamed back to the same text", () => {
    const targets = workspaces.map(renameable);
    expect(targets.map((t) => t.length >= 10)).toEqual(workspaces.map(() => true));
    let runs = 0;
    let renamed = 0;
    fc.assert(
      fc.property(fc.nat({ max: workspaces.length - 1 }), fc.nat(), newName, (wi, pick, name) => {
        runs++;
        const ws = workspaces[wi]!;
        const { file, at } = targets[wi]![pick % targets[wi]!.length]!;
        const before = project(ws.files);
        const s = before.snapshot();
        const prep = prepareRename(s, file, at);
        if (!prep.ok || prep.name === name) return;
        const r = rename(s, file, at, name);
        if (!r.ok) return;
        const texts = applied(ws.files, r.edits);
        const after = project(texts);
        expect(errorsOf(after)).toEqual(errorsOf(before));
        const back = rename(after.snapshot(), file, shifted(at, r.edits.get(file) ?? []), prep.name);
        expect(back.ok).toBe(true);
        if (back.ok) expect(applied(texts, back.edits)).toEqual(ws.files);
        renamed++;
      }),
      { numRuns: 150 },
    );
    // Many new names are refused (they are taken): enough runs must get this far to mean something.
    expect(renamed).toBeGreaterThan(runs / 5);
  });
});
