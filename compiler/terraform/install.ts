// The NixOS install of each provisioned machine: the nixos-anywhere
// all-in-one module boots the installer over SSH (kexec), partitions the
// disk with the configuration's disko script, installs the configuration's
// system and then keeps it up to date with nixos-rebuild. Both come from
// the flake Herd writes next to this folder.
import type { MachineModel } from "../../language/eval/model.js";
import { machineOwner, type Emitter } from "./context.js";
import type { JsonObject } from "./json.js";
import { attributeExpr } from "./machines.js";
import { tfLabel } from "./names.js";
import { joinTemplate } from "./template.js";
import { INSTALL_USER, NIXOS_ANYWHERE_MODULE } from "./versions.js";
import type { Value } from "../../language/eval/values.js";

export const ADDRESSES_FILE = "local_file.addresses";

/** A machine's name in a Nix attribute path (quoted unless it is a plain identifier). */
function nixAttr(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(name) ? name : JSON.stringify(name);
}

function field(v: Value | undefined, name: string): Value | undefined {
  return v?.t === "record" ? v.fields.get(name) : undefined;
}

/** `${path.module}/../nix#nixosConfigurations.web-1.config.system.build.toplevel`. */
export function flakeAttr(flakeDir: string, machine: string, output: "toplevel" | "diskoScript"): string {
  return "${path.module}/" + joinTemplate([{ text: `${flakeDir}#nixosConfigurations.${nixAttr(machine)}.config.system.build.${output}` }]);
}

export function installModuleName(m: MachineModel): string {
  return tfLabel(`install-${m.name}`);
}

export function emitInstall(cx: Emitter, m: MachineModel): void {
  const ipv4 = attributeExpr(m, "ipv4");
  const id = attributeExpr(m, "id");
  if (!ipv4 || !id) return;
  const body: JsonObject = {
    source: NIXOS_ANYWHERE_MODULE,
    nixos_system_attr: flakeAttr(cx.opts.flakeDir, m.name, "toplevel"),
    nixos_partitioner_attr: flakeAttr(cx.opts.flakeDir, m.name, "diskoScript"),
    target_host: "${" + ipv4 + "}",
    // A new instance (a new id) is installed afresh.
    instance_id: "${" + id + "}",
    // The configuration reads every machine's address from addresses.json.
    depends_on: [ADDRESSES_FILE],
  };
  const installUser = m.provider === "aws" ? INSTALL_USER.aws : INSTALL_USER.hetzner;
  if (installUser !== "root") body.install_user = installUser;
  const sshUser = field(m.settings, "sshUser");
  if (sshUser?.t === "string" && sshUser.v !== "root" && sshUser.v !== "") body.target_user = joinTemplate([{ text: sshUser.v }]);
  const port = field(field(cx.model.base, "ssh"), "port");
  if (port?.t === "int" && port.v !== 22) {
    // The stock image listens on 22; the installed NixOS on base.ssh.port.
    body.target_port = port.v;
    body.install_port = "22";
  }
  cx.declare(["module", installModuleName(m)], body, machineOwner(m, "the NixOS install"));
}
