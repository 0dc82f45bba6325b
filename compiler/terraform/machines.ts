// Each provisioned machine's Terraform resource, and how Terraform names
// its attributes: `web-1.ipv4` is `hcloud_server.web-1.ipv4_address` on
// Hetzner and `aws_instance.web-1.public_ip` on AWS.
import type { MachineModel, SystemModel } from "../../language/eval/model.js";
import type { MachineAttr } from "../../language/eval/values.js";
import { tfLabel } from "./names.js";

const RESOURCE_TYPE: Record<string, string> = { hetzner: "hcloud_server", aws: "aws_instance" };

const ATTRIBUTE: Record<string, Record<MachineAttr, string>> = {
  hetzner: { ipv4: "ipv4_address", ipv6: "ipv6_address", id: "id" },
  aws: { ipv4: "public_ip", ipv6: "ipv6_addresses[0]", id: "id" },
};

/** The resource Herd writes for a provisioned machine (`hcloud_server`, `web-1`); none for existing ones. */
export function machineResource(m: MachineModel): { type: string; name: string } | undefined {
  if (m.kind !== "provisioned") return undefined;
  const type = RESOURCE_TYPE[m.provider ?? ""];
  return type ? { type, name: tfLabel(m.name) } : undefined;
}

/** `hcloud_server.web-1.ipv4_address` for a machine's attribute, with the machine in hand. */
export function attributeExpr(m: MachineModel, attr: MachineAttr): string | undefined {
  const r = machineResource(m);
  const a = ATTRIBUTE[m.provider ?? ""]?.[attr];
  return r && a ? `${r.type}.${r.name}.${a}` : undefined;
}

/**
 * The Terraform expression (without `${ }`) for an attribute of a
 * provisioned machine: `machineAttributeExpr(model, "web-1", "ipv4")` is
 * `hcloud_server.web-1.ipv4_address`. Undefined for an existing machine
 * (Terraform does not manage it) or a name that is no machine.
 */
export function machineAttributeExpr(model: SystemModel, machineName: string, attr: MachineAttr): string | undefined {
  const m = model.machines.find((x) => x.name === machineName);
  return m ? attributeExpr(m, attr) : undefined;
}
