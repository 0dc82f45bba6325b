// The Terraform document for fleets the examples do not cover: AWS in
// several regions, images and AMIs set by hand, a non-standard SSH port and
// user, labels Hetzner would refuse, amounts and literal `${` in a
// `terraform` block; checked like the examples (syntax, references, HCL).
import { parse } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import { emitTerraform, machineAttributeExpr } from "../../compiler/terraform/index.js";
import { hetznerLabels } from "../../compiler/terraform/names.js";
import { analyzeFiles, describeDiagnostics } from "../helpers/memory-workspace.js";
import { comparable, normaliseHcl, terraformFmtCheck, undeclaredReferences } from "./support.js";
import { validateTerraformJson } from "./tf-json-syntax.js";

const program = `import "std/hetzner" as hcloud
import "std/aws" as aws

base {
  ssh.authorizedKeys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0 ops@example.org", "ssh-ed25519 AAAAsecond two@example.org"]
  ssh.port           = 2222
  firewall.allowTcp  = [22, 80, 443]
  firewall.allowUdp  = [51820]
}

pool edge {
  count   = 2
  machine = hcloud.server { type = "cax11", location = ["fsn1", "hel1"][index], image = "debian-12" }
  labels  = { tier = "edge", "Team Name" = "Platform/Ops", "-odd-" = "ok!", "example.com/role" = "lb" }
}

node east-1 { machine = aws.instance { type = "t3.small", region = "us-east-1", zone = "b", diskSize = 20GiB } }
node west-1 { machine = aws.instance { type = "m7g.medium", region = "us-west-2" }, sshUser = "deploy" }
node west-2 { machine = aws.instance { type = "t3.micro", region = "us-west-2", ami = "ami-0123456789abcdef0" } }
node office { address = "198.51.100.7", resources = { cpu = 4, memory = 8GiB, disk = 500GB } }

terraform {
  resource.aws_eip.east-1 {
    provider = "aws.us_east_1"
    instance = east-1.id
    tags     = { note = "literal \\\${not.an.interpolation} and 100%{x}", office = "\${office.ipv4}" }
  }
  resource.hcloud_volume.logs {
    name      = "logs"
    size      = 50
    server_id = edge-1.id
    labels    = { size = toString(50GB) }
  }
  output.edge_ipv6 { value = edge-2.ipv6 }
  output.settings { value = { timeout = 90s, memory = 2GiB, cpu = 1500m, ratio = 0.5, on = true } }
}
`;

function build(format: "json" | "hcl" = "json") {
  const a = analyzeFiles({ "main.sys": program });
  expect(describeDiagnostics(a).filter((d) => /^H0[1-4]/.test(d))).toEqual([]);
  const out = emitTerraform(a.model, { format, workspace: "multi cloud", flakeDir: "../nix" });
  expect(describeDiagnostics(a, out.diagnostics)).toEqual([]);
  return { a, out, text: out.files.get(format === "json" ? "main.tf.json" : "main.tf")! };
}

describe("a fleet on Hetzner and in two AWS regions", () => {
  const { a, text } = build();
  const doc = JSON.parse(text);

  it("is valid, with every reference declared", async () => {
    expect(validateTerraformJson(doc)).toEqual([]);
    expect(await undeclaredReferences(doc)).toEqual([]);
  });

  it("configures one aliased AWS provider per region, used by every regional block", () => {
    expect(doc.provider.aws).toEqual([
      { alias: "us_east_1", region: "us-east-1" },
      { alias: "us_west_2", region: "us-west-2" },
    ]);
    expect(doc.resource.aws_instance["east-1"].provider).toBe("aws.us_east_1");
    expect(doc.resource.aws_instance["west-1"].provider).toBe("aws.us_west_2");
    for (const [type, byName] of Object.entries(doc.resource as Record<string, Record<string, { provider?: string }>>)) {
      if (!type.startsWith("aws_")) continue;
      for (const [name, body] of Object.entries(byName)) expect(body.provider, `${type}.${name}`).toMatch(/^aws\.us_(east_1|west_2)$/);
    }
    expect(Object.keys(doc.resource.aws_key_pair)).toEqual(["herd-us-east-1", "herd-us-west-2"]);
  });

  it("looks up Ubuntu 24.04 per region and architecture, unless the AMI is given", () => {
    expect(Object.keys(doc.data.aws_ami).sort()).toEqual(["ubuntu-24-04-arm64-us-west-2", "ubuntu-24-04-x86_64-us-east-1"]);
    expect(doc.data.aws_ami["ubuntu-24-04-arm64-us-west-2"]).toEqual({
      provider: "aws.us_west_2",
      most_recent: true,
      owners: ["099720109477"],
      filter: [
        { name: "name", values: ["ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-*"] },
        { name: "architecture", values: ["arm64"] },
      ],
    });
    expect(doc.resource.aws_instance["west-1"].ami).toBe("${data.aws_ami.ubuntu-24-04-arm64-us-west-2.id}");
    expect(doc.resource.aws_instance["west-2"].ami).toBe("ami-0123456789abcdef0");
  });

  it("writes the instance as the brief says", () => {
    expect(doc.resource.aws_instance["east-1"]).toEqual({
      provider: "aws.us_east_1",
      ami: "${data.aws_ami.ubuntu-24-04-x86_64-us-east-1.id}",
      instance_type: "t3.small",
      availability_zone: "us-east-1b",
      key_name: "${aws_key_pair.herd-us-east-1.key_name}",
      vpc_security_group_ids: ["${aws_security_group.herd-us-east-1.id}"],
      // 20GiB is 21.5GB: volume sizes are whole, rounded up.
      root_block_device: { volume_size: 22, volume_type: "gp3" },
      tags: { Name: "east-1", "herd-workspace": "multi cloud" },
      lifecycle: { ignore_changes: ["ami"] },
    });
  });

  it("opens SSH (both ports) and base.firewall's ports in the security groups", () => {
    const rules = Object.keys(doc.resource.aws_vpc_security_group_ingress_rule).filter((n) => n.endsWith("us-east-1") || n.includes("us-east-1"));
    expect(rules.sort()).toEqual(
      [
        "fleet", "tcp-22", "tcp-22-ipv6", "tcp-80", "tcp-80-ipv6", "tcp-443", "tcp-443-ipv6", "tcp-2222", "tcp-2222-ipv6", "udp-51820", "udp-51820-ipv6",
      ].map((r) => `herd-${r}-us-east-1`).sort(),
    );
  });

  it("writes Hetzner servers with the image and labels cleaned to Hetzner's rules", () => {
    expect(doc.resource.hcloud_server["edge-2"]).toEqual({
      name: "edge-2",
      server_type: "cax11",
      image: "debian-12",
      location: "hel1",
      ssh_keys: ["${hcloud_ssh_key.herd.id}"],
      labels: { tier: "edge", "Team-Name": "Platform-Ops", odd: "ok", "example.com/role": "lb", "herd-workspace": "multi-cloud" },
      lifecycle: { ignore_changes: ["image", "ssh_keys"] },
    });
    expect(doc.resource.hcloud_ssh_key.herd.public_key).toBe("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0 ops@example.org");
  });

  it("installs NixOS with the right users and ports", () => {
    expect(doc.module["install-west-1"]).toEqual({
      source: "github.com/nix-community/nixos-anywhere//terraform/all-in-one",
      nixos_system_attr: "${path.module}/../nix#nixosConfigurations.west-1.config.system.build.toplevel",
      nixos_partitioner_attr: "${path.module}/../nix#nixosConfigurations.west-1.config.system.build.diskoScript",
      target_host: "${aws_instance.west-1.public_ip}",
      instance_id: "${aws_instance.west-1.id}",
      install_user: "ubuntu",
      target_user: "deploy",
      target_port: 2222,
      install_port: "22",
      depends_on: ["local_file.addresses"],
    });
    expect(doc.module["install-edge-1"].install_user).toBeUndefined();
    expect(doc.module["install-office"]).toBeUndefined();
  });

  it("renders the terraform block: machine attributes, literal text, amounts in base units", () => {
    expect(doc.resource.aws_eip["east-1"]).toEqual({
      provider: "aws.us_east_1",
      instance: "${aws_instance.east-1.id}",
      tags: { note: "literal $${not.an.interpolation} and 100%%{x}", office: "198.51.100.7" },
    });
    expect(doc.resource.hcloud_volume.logs.labels.size).toBe("50GB");
    expect(doc.output.edge_ipv6.value).toBe("${hcloud_server.edge-2.ipv6_address}");
    expect(doc.output.settings.value).toEqual({ timeout: 90000, memory: 2147483648, cpu: 1500, ratio: 0.5, on: true });
    expect(Object.keys(doc.output).sort()).toEqual(["edge_ipv6", "machines", "settings"]);
  });

  it("gives the machines' attributes as Terraform expressions", () => {
    expect(machineAttributeExpr(a.model, "edge-1", "ipv4")).toBe("hcloud_server.edge-1.ipv4_address");
    expect(machineAttributeExpr(a.model, "edge-1", "ipv6")).toBe("hcloud_server.edge-1.ipv6_address");
    expect(machineAttributeExpr(a.model, "west-1", "ipv4")).toBe("aws_instance.west-1.public_ip");
    expect(machineAttributeExpr(a.model, "west-1", "ipv6")).toBe("aws_instance.west-1.ipv6_addresses[0]");
    expect(machineAttributeExpr(a.model, "west-1", "id")).toBe("aws_instance.west-1.id");
    expect(machineAttributeExpr(a.model, "office", "ipv4")).toBeUndefined();
    expect(machineAttributeExpr(a.model, "nobody", "id")).toBeUndefined();
  });

  it("prints HCL that parses back to the same structure and needs no formatting", async () => {
    const hcl = build("hcl").text;
    expect(comparable(normaliseHcl(await parse("main.tf", hcl), doc))).toEqual(comparable(doc));
    const fmt = terraformFmtCheck(hcl);
    if (fmt) expect(fmt.output).toBe("");
    else console.log("terraform is not on PATH: skipping `terraform fmt -check`");
  });

  it("is byte-identical across runs", () => {
    expect(build().text).toBe(text);
    expect(build("hcl").text).toBe(build("hcl").text);
  });
});

describe("Hetzner labels", () => {
  it("keeps valid labels and cleans the rest", () => {
    expect(hetznerLabels({ ok: "fine", "a b": "c d", "x/y/z": "v", "hetzner.cloud/x": "y", "!!!": "gone", long: "v".repeat(70), empty: "" })).toEqual({
      ok: "fine",
      "a-b": "c-d",
      "x-y-z": "v",
      "hetzner.cloud-x": "y",
      long: "v".repeat(63),
      empty: "",
    });
  });
});
