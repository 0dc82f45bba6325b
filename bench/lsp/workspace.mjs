// Language-server benchmark: the content. Writes a Herd workspace with
// bench/frontend/generate.mjs (51 services and 2 pools per entry file, plus
// the module lib/templates.sys that every entry file imports) and, next to
// it, the same fleet as JSON: one document per entry file (that file's pools,
// machines expanded, and services, evaluated, pretty-printed) and one
// document with the whole fleet. Returns where everything is and its size.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { buildSystem, evaluate, generate } from "../frontend/generate.mjs";

/** Services and pools per entry file: 50 files make about 20,000 lines. */
export const SERVICES_PER_FILE = 51;
export const POOLS_PER_FILE = 2;

const countLines = (text) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);

/**
 * Generates the workspace into DIR/ws and the JSON into DIR/json. `files`
 * entry files; the leaf file (the one the benchmark types into) is the middle one.
 */
export function writeContent(dir, files) {
  const opts = { services: SERVICES_PER_FILE * files, pools: POOLS_PER_FILE * files, files, seed: 1 };
  const ws = path.join(dir, "ws");
  const manifest = generate({ ...opts, out: ws });
  // generate() writes system.nix and system.json (minified) next to the workspace: not used here.
  for (const f of ["system.nix", "system.json"]) rmSync(path.join(dir, f), { force: true });

  const sys = buildSystem(opts);
  const jsonDir = path.join(dir, "json");
  rmSync(jsonDir, { recursive: true, force: true });
  mkdirSync(jsonDir, { recursive: true });
  const perFile = new Map();
  for (const f of sys.files) {
    // evaluate() of a system made of this one file: its pools and services, and the policy.
    const text = JSON.stringify(evaluate({ files: [f] }), null, 2) + "\n";
    writeFileSync(path.join(jsonDir, `${f.name}.json`), text);
    perFile.set(f.name, text);
  }
  const whole = JSON.stringify(evaluate(sys), null, 2) + "\n";
  writeFileSync(path.join(jsonDir, "system.json"), whole);

  const sysFiles = [...readdirSync(ws).filter((n) => n.endsWith(".sys")).sort(), ...readdirSync(path.join(ws, "lib")).map((n) => `lib/${n}`)];
  const herdTexts = new Map(sysFiles.map((f) => [f, readFileSync(path.join(ws, f), "utf8")]));
  const leaf = sys.files[Math.floor(sys.files.length / 2)];
  const size = (texts) => ({ files: texts.length, lines: texts.reduce((n, t) => n + countLines(t), 0), bytes: texts.reduce((n, t) => n + Buffer.byteLength(t), 0) });
  return {
    ws,
    manifest,
    herdTexts,
    leafFile: `${leaf.name}.sys`,
    leafJson: `${leaf.name}.json`,
    leafIndex: leaf.k,
    importedFile: "lib/templates.sys",
    jsonDir,
    perFile,
    whole,
    sizes: {
      herd: size([...herdTexts.values()]),
      leafHerd: size([herdTexts.get(`${leaf.name}.sys`)]),
      jsonPerFile: size([...perFile.values()]),
      leafJson: size([perFile.get(leaf.name)]),
      jsonWhole: size([whole]),
    },
  };
}
