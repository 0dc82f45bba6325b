// The front-end benchmarks' workspace (generate.mjs) in DIR/ws with its Nix
// and JSON forms: made again only when DIR/manifest.json says it was made
// with other parameters, or when asked.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { GENERATOR_VERSION, generate } from "./generate.mjs";

/** The manifest of DIR's workspace, generated first when missing, stale or `regenerate`. */
export function ensureWorkspace(opts, dir, regenerate) {
  const ws = path.join(dir, "ws");
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
  } catch {
    manifest = undefined;
  }
  const same = manifest && manifest.generator === GENERATOR_VERSION && manifest.services === opts.services && manifest.pools === opts.pools && manifest.seed === opts.seed && manifest.ws === ws && (manifest.files === opts.files || manifest.files === Math.min(opts.files, opts.pools, opts.services)) && existsSync(path.join(dir, "system.nix")) && existsSync(path.join(dir, "system.json"));
  if (regenerate || !same) {
    process.stdout.write(`generating ${opts.services} services and ${opts.pools} pools in ${ws} … `);
    manifest = generate({ ...opts, out: ws });
    console.log("done");
  } else console.log(`reusing ${ws} (same parameters; --regenerate to write it again)`);
  return manifest;
}
