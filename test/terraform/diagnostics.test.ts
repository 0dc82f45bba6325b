// The Terraform backend's diagnostics: unknown references (with "did you
// mean"), collisions with Herd's own names, values Terraform cannot hold,
// and provisioned machines without an SSH key. Each points at the
// `terraform` keyword (or the machine) and says what to do.
import { describe, expect, it } from "vitest";
import type { SystemModel } from "../../language/eval/model.js";
import { emitTerraform } from "../../compiler/terraform/index.js";
import { analyzeFiles, describeDiagnostics } from "../helpers/memory-workspace.js";
import type { Analysis } from "../../language/workspace/workspace.js";

const opts = { format: "json" as const, workspace: "test", flakeDir: "../nix" };

const fleet = `import "std/hetzner" as hcloud
import "std/services" { systemdService }

base { ssh.authorizedKeys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0 ops@example.org"] }

pool web {
  count   = 2
  machine = hcloud.server { type = "cx22" }
  labels  = { tier = "web" }
}

service api {
  replicas  = 1
  resources = { cpu = 100m, memory = 64MiB }
  run       = systemdService { exec = "api" }
}
`;

function analyse(terraform: string, base = fleet): Analysis {
  const a = analyzeFiles({ "main.sys": base + terraform }, { origins: true });
  expect(describeDiagnostics(a).filter((d) => d.startsWith("H0") && !d.startsWith("H05"))).toEqual([]);
  return a;
}

function emit(a: Analysis, model: SystemModel = a.model) {
  const out = emitTerraform(model, opts);
  return { ...out, lines: describeDiagnostics(a, out.diagnostics), doc: JSON.parse(out.files.get("main.tf.json")!) };
}

describe("H0701 unknown Terraform reference", () => {
  it("names what is declared and suggests the closest", () => {
    const a = analyse(`
terraform {
  resource.hcloud_network.private {
    name     = "private"
    ip_range = "10.0.0.0/16"
  }
  resource.hcloud_server_network.web-1 {
    server_id  = web-1.id
    network_id = tf("hcloud_netwrk.private.id")
  }
}
`);
    const out = emit(a);
    expect(out.lines).toEqual([
      'H0701 main.sys:25:18 `tf("hcloud_netwrk.private.id")` in `resource.hcloud_server_network.web-1.network_id` refers to resource `hcloud_netwrk.private`, which is not declared; did you mean `hcloud_network.private`?',
    ]);
    const d = out.diagnostics[0]!;
    expect(d.severity).toBe("error");
    expect(d.fix?.message).toBe(
      "declared resources: `hcloud_network.private`, `hcloud_server.web-1`, `hcloud_server.web-2`, `hcloud_server_network.web-1`, `hcloud_ssh_key.herd`, `local_file.addresses`",
    );
    // The span is the value at fault.
    expect(a.source("main.sys")!.text.slice(d.span.start, d.span.end)).toBe('tf("hcloud_netwrk.private.id")');
  });

  it("accepts references to Herd's own blocks and to the block's own", () => {
    const a = analyse(`
terraform {
  resource.hcloud_network.private { name = "private", ip_range = "10.0.0.0/16" }
  resource.hcloud_server_network.web-1 {
    server_id  = tf("hcloud_server.web-1.id")
    network_id = tf("hcloud_network.private.id")
    ip         = "\${web-2.ipv4}/32"
  }
  output.token_set { value = tf("var.hcloud_token"), sensitive = true }
  output.where { value = tf("path.module") }
}
`);
    const out = emit(a);
    expect(out.lines).toEqual([]);
    expect(out.doc.resource.hcloud_server_network["web-1"]).toEqual({
      server_id: "${hcloud_server.web-1.id}",
      network_id: "${hcloud_network.private.id}",
      ip: "${hcloud_server.web-2.ipv4_address}/32",
    });
  });

  it("checks variables, data sources, modules, depends_on and provider aliases", () => {
    const a = analyse(`
terraform {
  resource.hcloud_network.private {
    name       = tf("var.netname")
    ip_range   = tf("data.hcloud_network.x.ip_range")
    labels     = { m = tf("module.vpc.id") }
    depends_on = ["hcloud_netwrok.other"]
    provider   = "hcloud.eu"
  }
}
`);
    const out = emit(a);
    expect(out.lines.map((l) => l.replace(/^(H\d+) main.sys:\d+:\d+ /, "$1 ")).sort()).toEqual([
      "H0701 `tf(\"var.netname\")` in `resource.hcloud_network.private.name` refers to variable `var.netname`, which is not declared",
      "H0701 `tf(\"data.hcloud_network.x.ip_range\")` in `resource.hcloud_network.private.ip_range` refers to data source `data.hcloud_network.x`, which is not declared",
      "H0701 `tf(\"module.vpc.id\")` in `resource.hcloud_network.private.labels.m` refers to module `module.vpc`, which is not declared",
      "H0701 `hcloud_netwrok.other` in `resource.hcloud_network.private.depends_on[0]` refers to resource `hcloud_netwrok.other`, which is not declared",
      "H0701 `hcloud.eu` in `resource.hcloud_network.private.provider` refers to provider `hcloud.eu`, which is not declared",
    ].sort());
    expect(out.diagnostics.find((d) => d.message.includes("var.netname"))!.fix?.message).toBe("declared variables: `var.hcloud_token`");
  });
});

describe("H0702 Terraform name collision", () => {
  it("reports a resource Herd writes for a machine, pointing at the machine", () => {
    const a = analyse(`
terraform {
  resource.hcloud_server.web-1 { name = "mine", server_type = "cx22", image = "debian-12" }
}
`);
    const out = emit(a);
    expect(out.lines).toEqual([
      "H0702 main.sys:18:1 `hcloud_server.web-1` is declared twice: Herd writes it as the server of machine `web-1` (pool `web`), and a `terraform` block declares it again",
    ]);
    const d = out.diagnostics[0]!;
    expect(d.fix?.message).toBe("rename yours: Herd's own blocks keep their names");
    expect(d.related?.[0]?.message).toBe("Herd declares it for the server of machine `web-1` (pool `web`)");
    expect(a.source("main.sys")!.text.slice(d.related![0]!.span.start, d.related![0]!.span.end)).toBe("web");
    // Herd's own resource is kept.
    expect(out.doc.resource.hcloud_server["web-1"].name).toBe("web-1");
  });

  it("reports variables, outputs, locals, providers and pinned providers", () => {
    const a = analyse(`
terraform {
  variable.hcloud_token { type = "string" }
  output.machines { value = "x" }
  locals.machines = {}
  provider.hcloud = [{ token = "x" }, { alias = "other", token = "y" }]
  terraform.required_providers.hcloud { source = "hetznercloud/hcloud", version = "1.0.0" }
  terraform.required_providers.random { source = "hashicorp/random", version = "3.6.3" }
}
`);
    const out = emit(a);
    expect(out.lines.map((l) => l.replace(/^(H\d+) main.sys:\d+:\d+ /, "$1 ").replace(/: Herd writes.*/, ""))).toEqual([
      "H0702 `var.hcloud_token` is declared twice",
      "H0702 `output.machines` is declared twice",
      "H0702 `local.machines` is declared twice",
      "H0702 `provider.hcloud` is declared twice",
      "H0702 `terraform.required_providers.hcloud` is declared twice",
    ].sort());
    // What does not collide is merged.
    expect(out.doc.terraform.required_providers.random).toEqual({ source: "hashicorp/random", version: "3.6.3" });
    expect(out.doc.provider.hcloud).toEqual([{ token: "${var.hcloud_token}" }, { alias: "other", token: "y" }]);
  });
});

describe("H0703 value not allowed in Terraform", () => {
  it("reports a placement result", () => {
    const a = analyse(`
terraform {
  resource.hcloud_rdns.api { ip_address = "\${api.endpoints[0]}", dns_ptr = "api.example.com" }
}
`);
    const out = emit(a);
    expect(out.lines).toEqual([
      "H0703 main.sys:19:43 `resource.hcloud_rdns.api.ip_address`: `api.endpoints[0]` is a placement result: it is written into the NixOS configurations, not into Terraform",
    ]);
    expect(out.diagnostics[0]!.fix?.message).toBe("name a machine's attribute directly, such as `web-1.ipv4`");
    expect(out.doc.resource.hcloud_rdns.api.ip_address).toBe(null);
  });

  it("reports a package path", () => {
    const a = analyse(`
terraform {
  resource.local_file.x { content = "\${pkgs.hello}/bin/hello", filename = "x" }
}
`);
    expect(emit(a).lines).toEqual([
      "H0703 main.sys:19:37 `resource.local_file.x.content`: `pkgs.hello` is a Nix package: only Nix knows its store path, Terraform cannot use it",
    ]);
  });

  it("refuses a secret even when the checker let one through", () => {
    const a = analyse(`
terraform {
  resource.local_file.x { content = "placeholder", filename = "x" }
}
`);
    // A hand-made model: the checker forbids secrets in `terraform` blocks.
    const value = a.model.terraform!.value;
    const x = (value as any).fields.get("resource").fields.get("local_file").fields.get("x") as { fields: ReadonlyMap<string, unknown> };
    x.fields = new Map([...x.fields, ["content", { t: "secret", name: "db-password" }]]);
    const out = emit(a);
    expect(out.lines).toEqual([
      "H0703 main.sys:19:25 `resource.local_file.x.content`: `secret(\"db-password\")` would be stored in plain text in Terraform's state",
    ]);
    expect(out.files.get("main.tf.json")).not.toContain("db-password");
  });
});

describe("H0704 no SSH key for provisioned machines", () => {
  it("is reported at the first provisioned machine", () => {
    const a = analyse("", fleet.replace(/base \{[^\n]*\}\n/, ""));
    const out = emit(a);
    expect(out.lines).toEqual([
      "H0704 main.sys:5:6 machine `web-1` is created by Terraform and nixos-anywhere installs NixOS on it over SSH, but `base.ssh.authorizedKeys` is empty",
    ]);
  });

  it("is not reported when every machine exists already", () => {
    const a = analyzeFiles({ "main.sys": `node nas { address = "10.0.0.2", resources = { cpu = 2, memory = 4GiB, disk = 1TB } }\n` });
    expect(emit(a).lines).toEqual([]);
  });
});
