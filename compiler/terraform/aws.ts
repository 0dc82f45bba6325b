// Amazon EC2: one provider per region (aliased when there are several), and
// per region an SSH key pair (the base's first key), a security group (SSH
// and the ports `base.firewall` opens, from anywhere; everything between the
// fleet's own machines), the Ubuntu 24.04 image lookup each architecture
// needs; then one `aws_instance` per machine.
import type { MachineModel, SystemModel } from "../../language/eval/model.js";
import type { Value } from "../../language/eval/values.js";
import { machineOwner, type Emitter, type Owner } from "./context.js";
import type { JsonObject } from "./json.js";
import { machineResource } from "./machines.js";
import { regionAlias, tfLabel } from "./names.js";
import { settingsString } from "./hetzner.js";
import { escapeTemplateText, joinTemplate } from "./template.js";
import { awsArch, CANONICAL_AWS_OWNER, ubuntuAmiName } from "./versions.js";

const text = (s: string) => joinTemplate([{ text: s }]);

function field(v: Value | undefined, name: string): Value | undefined {
  return v?.t === "record" ? v.fields.get(name) : undefined;
}

function ints(v: Value | undefined): number[] {
  return v?.t === "list" ? v.items.flatMap((x) => (x.t === "int" ? [x.v] : [])) : [];
}

/** The ports the security groups open to everyone: SSH (22 for the installer, and base.ssh.port) and base.firewall's. */
export function publicPorts(model: SystemModel): { tcp: number[]; udp: number[] } {
  const ssh = field(model.base, "ssh");
  const firewall = field(model.base, "firewall");
  const port = field(ssh, "port");
  const tcp = new Set<number>([22, ...(port?.t === "int" ? [port.v] : []), ...ints(field(firewall, "allowTcp"))]);
  const udp = new Set<number>(ints(field(firewall, "allowUdp")));
  return { tcp: [...tcp].sort((a, b) => a - b), udp: [...udp].sort((a, b) => a - b) };
}

/** AWS tag text: letters, digits, spaces and `+ - = . _ : / @`, at most `max` characters. */
function tagText(s: string, max: number): string {
  return s.replace(/[^\p{L}\p{N}\p{Zs}+\-=._:/@]/gu, "_").slice(0, max);
}

function tags(cx: Emitter, name: string, m?: MachineModel): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(m?.labels ?? {}).sort()) {
    const key = tagText(k, 128);
    if (key === "" || key.toLowerCase().startsWith("aws:") || key in out) continue;
    out[escapeTemplateText(key)] = text(tagText(m!.labels[k]!, 256));
  }
  out.Name = text(tagText(name, 256));
  out["herd-workspace"] = text(tagText(cx.opts.workspace, 256));
  return out;
}

function zoneOf(m: MachineModel): string | undefined {
  const z = field(m.machine, "zone");
  return z?.t === "string" && z.v !== "" ? z.v : undefined;
}

export function emitAws(cx: Emitter, machines: MachineModel[], sshKey: string | undefined): void {
  if (machines.length === 0) return;
  cx.providers.add("aws");
  const regions = [...new Set(machines.map((m) => m.location ?? ""))].sort();
  const several = regions.length > 1;
  const ports = publicPorts(cx.model);
  const ws = cx.opts.workspace;

  for (const region of regions) {
    const inRegion = machines.filter((m) => (m.location ?? "") === region);
    const owner: Owner = { what: `part of the AWS setup for ${region}` };
    /** A per-region name: `herd`, or `herd-eu-central-1` when there are several regions. */
    const named = (base: string) => tfLabel(several ? `${base}-${region}` : base);
    const withProvider = (body: JsonObject): JsonObject => (several ? { provider: `aws.${regionAlias(region)}`, ...body } : body);
    cx.provider("aws", several ? { alias: regionAlias(region), region: text(region) } : { region: text(region) }, owner);

    const keyPair = named("herd");
    if (sshKey !== undefined) {
      cx.declare(["resource", "aws_key_pair", keyPair], withProvider({ key_name: text(`herd-${ws}`), public_key: sshKey, tags: tags(cx, `herd-${ws}`) }), owner);
    }

    const group = named("herd");
    const groupId = "${aws_security_group." + group + ".id}";
    cx.declare(["resource", "aws_security_group", group], withProvider({
      name: text(`herd-${ws}`),
      description: text(`Herd ${ws}: SSH and the ports base.firewall opens, from anywhere; all traffic between the fleet's machines`),
      tags: tags(cx, `herd-${ws}`),
    }), owner);
    const rule = (kind: "ingress" | "egress", name: string, body: JsonObject) =>
      cx.declare(["resource", `aws_vpc_security_group_${kind}_rule`, named(`herd-${name}`)], withProvider({ security_group_id: groupId, ...body }), owner);
    for (const [protocol, list] of [["tcp", ports.tcp], ["udp", ports.udp]] as const) {
      for (const port of list) {
        const base = { ip_protocol: protocol, from_port: port, to_port: port };
        rule("ingress", `${protocol}-${port}`, { ...base, cidr_ipv4: "0.0.0.0/0" });
        rule("ingress", `${protocol}-${port}-ipv6`, { ...base, cidr_ipv6: "::/0" });
      }
    }
    rule("ingress", "fleet", { ip_protocol: "-1", referenced_security_group_id: groupId });
    rule("egress", "all", { ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" });
    rule("egress", "all-ipv6", { ip_protocol: "-1", cidr_ipv6: "::/0" });

    const archs = [...new Set(inRegion.filter((m) => !settingsString(m, "ami")).map((m) => awsArch(m.system)))].sort();
    const amiName = (arch: "x86_64" | "arm64") => named(`ubuntu-24-04-${arch}`);
    for (const arch of archs) {
      cx.declare(["data", "aws_ami", amiName(arch)], withProvider({
        most_recent: true,
        owners: [CANONICAL_AWS_OWNER],
        filter: [
          { name: "name", values: [text(ubuntuAmiName(arch))] },
          { name: "architecture", values: [arch] },
        ],
      }), owner);
    }

    for (const m of inRegion) {
      const r = machineResource(m)!;
      const ami = settingsString(m, "ami");
      const zone = zoneOf(m);
      const body: JsonObject = withProvider({
        ami: ami !== undefined ? text(ami) : "${data.aws_ami." + amiName(awsArch(m.system)) + ".id}",
        instance_type: text(m.machineType ?? ""),
        vpc_security_group_ids: [groupId],
        root_block_device: { volume_size: Math.max(1, Math.ceil(m.resources.disk / 1e9)), volume_type: "gp3" },
        tags: tags(cx, m.name, m),
        // The image only boots the installer: a newer Ubuntu image must not replace a running machine.
        lifecycle: { ignore_changes: ["ami"] },
      });
      if (zone !== undefined) body.availability_zone = text(zone);
      if (sshKey !== undefined) body.key_name = "${aws_key_pair." + keyPair + ".key_name}";
      cx.declare(["resource", r.type, r.name], body, machineOwner(m, "the instance"));
    }
  }
}
