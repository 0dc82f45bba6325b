// Every machine's address, for people and for the Nix side: `locals.machines`
// maps each machine to { ipv4, id } (existing machines: their address and
// ""), the `machines` output shows it, and a `local_file` writes it as
// JSON next to the flake (`addresses.json`, read back with builtins.fromJSON).
import type { Emitter } from "./context.js";
import type { JsonObject } from "./json.js";
import { attributeExpr } from "./machines.js";
import { escapeTemplateText, joinTemplate } from "./template.js";

export function emitAddresses(cx: Emitter): void {
  const machines: JsonObject = {};
  for (const m of cx.model.machines) {
    const ipv4 = attributeExpr(m, "ipv4");
    const id = attributeExpr(m, "id");
    machines[escapeTemplateText(m.name)] =
      ipv4 && id ? { ipv4: "${" + ipv4 + "}", id: "${" + id + "}" } : { ipv4: escapeTemplateText(m.address ?? ""), id: "" };
  }
  const herd = { what: "part of the machine addresses (`locals.machines`, `output.machines`, addresses.json)" };
  cx.declare(["locals", "machines"], machines, herd);
  cx.declare(["output", "machines"], {
    description: "Every machine by name: its public IPv4 address and Terraform id (\"\" for existing machines)",
    value: "${local.machines}",
  }, herd);
  cx.providers.add("local");
  cx.declare(["resource", "local_file", "addresses"], {
    content: "${jsonencode(local.machines)}",
    filename: "${path.module}/" + joinTemplate([{ text: `${cx.opts.flakeDir}/addresses.json` }]),
    file_permission: "0644",
  }, herd);
}
