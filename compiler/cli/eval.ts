// `herd eval [PATH] [--select a.b.c]`: the evaluated system as JSON, as
// `pkl eval`, `cue export` and `nickel export` print theirs: for scripts, for
// other tools, and to see what a template made. Nothing is placed (`herd plan`
// does that). Exit 0 with the JSON, 1 when the files have errors (nothing is
// printed but the errors), 2 for bad usage or a --select that finds nothing.
import { closest } from "../../language/diagnostics/suggest.js";
import type { Json } from "../../language/eval/value-json.js";
import { exportSystem } from "../../language/workspace/export.js";
import { analyzeFolder } from "../../language/workspace/workspace.js";
import { EXIT_OK, EXIT_USAGE } from "./check.js";
import type { CliIO } from "./io.js";
import { oneWorkspace, reportErrors } from "./one-workspace.js";

export interface EvalOptions {
  /** A path into the output, keys joined by `.`: `services.api.resources`. */
  select?: string;
  color?: boolean;
}

export function runEval(pathArg: string | undefined, opts: EvalOptions, io: CliIO): number {
  const root = oneWorkspace("eval", "evaluate", pathArg, io);
  if (root === undefined) return EXIT_USAGE;
  const a = analyzeFolder(root);
  if (a.hasErrors) return reportErrors(a, root, io, opts.color, "nothing evaluated");
  let out: Json = exportSystem(a);
  if (opts.select !== undefined && opts.select !== "") {
    const walked: string[] = [];
    for (const key of opts.select.split(".")) {
      const here = walked.length > 0 ? `\`${walked.join(".")}\`` : "the output";
      if (out === null || typeof out !== "object") {
        io.err(`herd eval: --select ${opts.select}: ${here} is ${JSON.stringify(out)}, which has no \`${key}\`\n`);
        return EXIT_USAGE;
      }
      const keys: string[] = Array.isArray(out) ? out.map((_, i) => String(i)) : Object.keys(out);
      if (!keys.includes(key)) {
        const meant = closest(key, keys);
        const list = keys.length <= 12 ? `; it has ${keys.map((k) => `\`${k}\``).join(", ")}` : "";
        io.err(`herd eval: --select ${opts.select}: ${here} has no \`${key}\`${meant ? `; did you mean \`${meant}\`?` : list}\n`);
        return EXIT_USAGE;
      }
      out = Array.isArray(out) ? out[Number(key)]! : out[key]!;
      walked.push(key);
    }
  }
  io.out(JSON.stringify(out, null, 2) + "\n");
  return EXIT_OK;
}
