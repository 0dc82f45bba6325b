// The `herd` command line. Every command returns an exit code: 0 success,
// 1 problems found (errors, unformatted files), 2 bad usage or unreadable
// input. Users never see a stack trace (set HERD_DEBUG=1 to get one).
import { Command, CommanderError, Option } from "commander";
import { runCheck, EXIT_USAGE, type ReportFormat } from "./check.js";
import { runBuild } from "./build.js";
import { runEval } from "./eval.js";
import { runExplain } from "./explain.js";
import { runFmt } from "./fmt.js";
import { processIO, type CliIO } from "./io.js";
import { runPlan } from "./plan.js";
import { runCheckWatch } from "./watch.js";
import { InputError } from "./workspaces.js";

declare const HERD_VERSION: string | undefined;
export const version = typeof HERD_VERSION === "string" ? HERD_VERSION : "0.0.0-dev";

/** Commands that outer layers add to the same program (the language server's `lsp`). */
export type CommandExtension = (program: Command, setCode: (code: number) => void) => void;

export async function run(argv: string[], io: CliIO, extensions: CommandExtension[] = []): Promise<number> {
  let code = 0;
  const program = new Command("herd")
    .description("Herd: one typed language for a fleet of machines, compiled to NixOS and Terraform")
    .version(version, "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError("(run `herd --help` for usage)");

  program
    .command("check")
    .description("check .sys files: syntax, names, types, values; exit 1 when there are errors")
    .argument("[paths...]", "workspace folders or .sys files (default: the current folder)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json", "sarif", "github"]).default("text"))
    .option("--summary", "print the resolved system after a clean check")
    .option("-w, --watch", "check again whenever a .sys file changes, until stopped (text output)")
    .addOption(new Option("--color <when>", "colour the text output").choices(["auto", "always", "never"]).default("auto"))
    .action(async (paths: string[], opts: { format: ReportFormat; summary?: boolean; watch?: boolean; color: string }) => {
      const color = opts.color === "always" ? true : opts.color === "never" ? false : io.color;
      if (!opts.watch) {
        code = runCheck(paths, { format: opts.format, summary: !!opts.summary, color }, io, version);
        return;
      }
      if (opts.format !== "text") {
        io.err(`herd check: --watch writes text; --format ${opts.format} is for one check\n`);
        code = EXIT_USAGE;
        return;
      }
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        code = await runCheckWatch(paths, { summary: !!opts.summary, color }, io, io.stop ?? stop.signal);
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    });

  program
    .command("fmt")
    .description("format .sys files in the canonical layout (`-` formats standard input)")
    .argument("[paths...]", "files or folders (default: the current folder)")
    .option("--check", "change nothing; list files that would change and exit 1 if any")
    .option("--diff", "change nothing; print what would change as a unified diff and exit 1 if anything would")
    .action(async (paths: string[], opts: { check?: boolean; diff?: boolean }) => {
      code = await runFmt(paths, opts.diff ? "diff" : opts.check ? "check" : "write", io);
    });

  program
    .command("eval")
    .description("print the evaluated system (machines, pools, services, base, policy, lets) as JSON")
    .argument("[path]", "the workspace folder (default: the current folder)")
    .option("-s, --select <path>", "print only this part, keys joined by `.` (services.api.resources)")
    .addOption(new Option("--color <when>", "colour the errors").choices(["auto", "always", "never"]).default("auto"))
    .action((p: string | undefined, opts: { select?: string; color: string }) => {
      const color = opts.color === "always" ? true : opts.color === "never" ? false : io.color;
      code = runEval(p, { ...(opts.select !== undefined ? { select: opts.select } : {}), color }, io);
    });

  program
    .command("plan")
    .description("decide which machine runs each replica; show it, what changed against herd.lock, and why")
    .argument("[path]", "the workspace folder (default: the current folder)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("--fail <machines...>", "show what would move if these machines died (names, or comma-separated)")
    .option("--lock <file>", "the previous placement (default: herd.lock in the workspace)")
    .option("--write-lock", "write the placement to the lock file")
    .option("--explain <service>", "show why each replica of SERVICE went where it did")
    .option("--html <file>", "write a self-contained page with a picture of the fleet")
    .addOption(new Option("--color <when>", "colour the text output").choices(["auto", "always", "never"]).default("auto"))
    .action((p: string | undefined, opts: { format: "text" | "json"; fail?: string[]; lock?: string; writeLock?: boolean; explain?: string; html?: string; color: string }) => {
      const color = opts.color === "always" ? true : opts.color === "never" ? false : io.color;
      code = runPlan(p, { ...opts, color }, io);
    });

  program
    .command("build")
    .description("check, place, and write out/ (NixOS flake, Colmena hive, Terraform) and herd.lock")
    .argument("[path]", "the workspace folder (default: the current folder)")
    .option("-o, --out <dir>", "the output folder (default: <workspace>/out)")
    .addOption(new Option("--terraform-format <format>", "Terraform in JSON (main.tf.json) or HCL (main.tf)").choices(["json", "hcl"]).default("json"))
    .addOption(new Option("-f, --format <format>", "how to report diagnostics").choices(["text", "json"]).default("text"))
    .addOption(new Option("--color <when>", "colour the text output").choices(["auto", "always", "never"]).default("auto"))
    .action((pathArg: string | undefined, opts: { out?: string; terraformFormat: "json" | "hcl"; format: "text" | "json"; color: string }) => {
      const color = opts.color === "always" ? true : opts.color === "never" ? false : io.color;
      code = runBuild(pathArg, { ...(opts.out ? { out: opts.out } : {}), terraformFormat: opts.terraformFormat, format: opts.format, color }, io);
    });

  program
    .command("explain")
    .description("say what a diagnostic code means, show an example, and how to fix it; without CODE, list every code")
    .argument("[code]", "a code such as H0301 (or h0301, 0301, 301)")
    .addOption(new Option("--color <when>", "colour the text").choices(["auto", "always", "never"]).default("auto"))
    .action((c: string | undefined, opts: { color: string }) => {
      const color = opts.color === "always" ? true : opts.color === "never" ? false : io.color;
      code = runExplain(c, { color }, io);
    });

  for (const extend of extensions) extend(program, (c) => (code = c));

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version") return 0;
      // `herd` with no command: the help, and the exit code of a usage error (asked for, `--help` exits 0).
      if (e.code === "commander.help") return EXIT_USAGE;
      return EXIT_USAGE;
    }
    if (e instanceof InputError) {
      io.err(`herd: ${e.message}\n`);
      return EXIT_USAGE;
    }
    const err = e as Error;
    io.err(`herd: internal error: ${err.message}\nThis is a bug in Herd; please report it with the input that caused it.\n`);
    if (process.env["HERD_DEBUG"]) io.err((err.stack ?? "") + "\n");
    return EXIT_USAGE;
  }
  return code;
}

export async function main(extensions: CommandExtension[] = []): Promise<void> {
  const code = await run(process.argv.slice(2), processIO(), extensions);
  process.exitCode = code;
}
