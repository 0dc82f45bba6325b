// How the benchmark runs `nix-instantiate` (Debian's nix-bin) in this kind of
// sandbox: as root without a Nix daemon and without the `nixbld` group.
//   --readonly-mode                  pure evaluation: never write to the store or its database
//   --option build-users-group ""    no build users (silences "group 'nixbld' does not exist")
//   NIX_REMOTE=""                    talk to the local store, not a daemon
// Evaluation reads no store paths, so none of this changes the work measured.
import { execFileSync } from "node:child_process";

/** The command, or undefined when nix-instantiate is not on PATH or does not work. */
export function nixCommand() {
  const cmd = { bin: "nix-instantiate", args: ["--readonly-mode", "--option", "build-users-group", ""], env: { NIX_REMOTE: "" } };
  try {
    const out = execFileSync(cmd.bin, [...cmd.args, "--eval", "-E", "1 + 1"], { env: { ...process.env, ...cmd.env }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (out.trim() !== "2") return undefined;
    cmd.version = execFileSync(cmd.bin, ["--version"], { encoding: "utf8" }).trim();
    return cmd;
  } catch {
    return undefined;
  }
}

export const NIX_MISSING = "nix-instantiate is not on PATH: the Nix peer is skipped. Install it with `apt-get install -y nix-bin` (Debian's package) and run again.";
