// Hetzner Cloud: the API token as a sensitive variable, the provider, one
// SSH key (the base's first), and one `hcloud_server` per machine.
import type { MachineModel } from "../../language/eval/model.js";
import { machineOwner, type Emitter } from "./context.js";
import type { JsonObject } from "./json.js";
import { machineResource } from "./machines.js";
import { hetznerLabels, hetznerLabelValue } from "./names.js";
import { escapeTemplateText, joinTemplate } from "./template.js";

export const HCLOUD_SSH_KEY = "hcloud_ssh_key.herd";

/** A non-empty entry of the Machine record's `settings` (`image`, `ami`). */
export function settingsString(m: MachineModel, key: string): string | undefined {
  const mv = m.machine;
  if (mv?.t !== "record") return undefined;
  const settings = mv.fields.get("settings");
  const entries = settings?.t === "map" ? settings.entries : settings?.t === "record" ? settings.fields : undefined;
  const v = entries?.get(key);
  return v?.t === "string" && v.v !== "" ? v.v : undefined;
}

/** Labels: the machine's own, cleaned to Hetzner's rules, and the workspace. */
function labels(cx: Emitter, m?: MachineModel): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(hetznerLabels(m?.labels ?? {}))) out[escapeTemplateText(k)] = escapeTemplateText(v);
  out["herd-workspace"] = escapeTemplateText(hetznerLabelValue(cx.opts.workspace));
  return out;
}

export function emitHetzner(cx: Emitter, machines: MachineModel[], sshKey: string | undefined): void {
  if (machines.length === 0) return;
  cx.providers.add("hcloud");
  const herd = { what: "part of the Hetzner Cloud setup" };
  cx.declare(["variable", "hcloud_token"], {
    description: "The Hetzner Cloud API token (Security → API tokens in the project); set TF_VAR_hcloud_token",
    type: "string",
    sensitive: true,
  }, herd);
  cx.provider("hcloud", { token: "${var.hcloud_token}" }, herd);
  if (sshKey !== undefined) {
    cx.declare(["resource", "hcloud_ssh_key", "herd"], {
      name: joinTemplate([{ text: `herd-${cx.opts.workspace}` }]),
      public_key: sshKey,
      labels: labels(cx),
    }, { what: "the SSH key (the base's first) of the Hetzner machines" });
  }
  for (const m of machines) {
    const r = machineResource(m)!;
    const body: JsonObject = {
      name: joinTemplate([{ text: m.name }]),
      server_type: joinTemplate([{ text: m.machineType ?? "" }]),
      image: joinTemplate([{ text: settingsString(m, "image") ?? "ubuntu-24.04" }]),
      location: joinTemplate([{ text: m.location ?? "" }]),
      labels: labels(cx, m),
      // The image only boots the installer and NixOS manages the keys
      // afterwards: changing either must not replace a running server.
      lifecycle: { ignore_changes: ["image", "ssh_keys"] },
    };
    if (sshKey !== undefined) body.ssh_keys = ["${" + HCLOUD_SSH_KEY + ".id}"];
    cx.declare(["resource", r.type, r.name], body, machineOwner(m, "the server"));
  }
}
