// The HCL printer: string escaping, interpolations, object keys, blocks and
// alignment, each checked against hcl2json (the structure comes back) and
// `terraform fmt -check` (nothing to reformat); template escaping in the
// JSON document checked against Terraform itself where it is installed.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import { printHcl, quoteTemplate, stringExpr } from "../../compiler/terraform/hcl.js";
import { printJson, type JsonObject } from "../../compiler/terraform/json.js";
import { escapeTemplateText, joinTemplate, splitTemplate } from "../../compiler/terraform/template.js";
import { comparable, normaliseHcl, terraformFmtCheck } from "./support.js";

async function roundTrip(doc: JsonObject): Promise<void> {
  const text = printHcl(doc);
  const back = await parse("main.tf", text);
  expect(comparable(normaliseHcl(back, doc))).toEqual(comparable(doc));
  const fmt = terraformFmtCheck(text);
  if (fmt) expect(fmt.output, text).toBe("");
  else console.log("terraform is not on PATH: skipping `terraform fmt -check`");
}

describe("HCL strings", () => {
  const cases: [string, string][] = [
    ["plain", '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["back\\slash", '"back\\\\slash"'],
    ["line\nbreak\ttab\rreturn", '"line\\nbreak\\ttab\\rreturn"'],
    ["bell\u0007 del\u007f", '"bell\\u0007 del\\u007f"'],
    ["unicode — ✓ ü", '"unicode — ✓ ü"'],
    ["$${literal} and %%{literal}", '"$${literal} and %%{literal}"'],
    ["a ${var.x} b", '"a ${var.x} b"'],
    ['a ${lookup(var.m, "k")} "q"', '"a ${lookup(var.m, "k")} \\"q\\""'],
    ["${var.x}${var.y}", '"${var.x}${var.y}"'],
    ["100% {braces} $5 ${var.x}", '"100% {braces} $5 ${var.x}"'],
  ];

  it.each(cases)("quotes %j", (src, hcl) => {
    expect(quoteTemplate(src)).toBe(hcl);
  });

  it("writes a lone interpolation as a bare expression, as terraform fmt does", () => {
    expect(stringExpr("${var.x}")).toBe("var.x");
    expect(stringExpr('${lookup(var.m, "k")}')).toBe('lookup(var.m, "k")');
    expect(stringExpr("${var.x}/32")).toBe('"${var.x}/32"');
    expect(stringExpr("$${var.x}")).toBe('"$${var.x}"');
  });

  it("parses back to the same template and needs no formatting", async () => {
    const attrs: JsonObject = {};
    cases.forEach(([src], i) => (attrs[`s${i}`] = src));
    await roundTrip({ resource: { null_resource: { x: { triggers: attrs } } } });
  });
});

describe("HCL object keys", () => {
  it("leaves identifiers bare and quotes the rest", async () => {
    const labels: JsonObject = { tier: "web", "herd-workspace": "shop", for: "x", true: "y", null: "z", "a b": "c", "kubernetes.io/role": "r", "9lives": "n", "$${x}": "lit" };
    const text = printHcl({ resource: { hcloud_server: { a: { labels } } } });
    expect(text).toContain("    tier ");
    expect(text).toContain("    herd-workspace ");
    for (const quoted of ['"for"', '"true"', '"null"', '"a b"', '"kubernetes.io/role"', '"9lives"', '"$${x}"']) expect(text).toContain(`    ${quoted} `);
    await roundTrip({ resource: { hcloud_server: { a: { labels } } } });
  });
});

describe("HCL blocks", () => {
  const doc: JsonObject = {
    "//": "Generated for a test",
    terraform: { required_version: ">= 1.5.0", required_providers: { aws: { source: "hashicorp/aws", version: "5.100.0" } }, backend: { s3: { bucket: "b", key: "k" } } },
    variable: { token: { type: "string", sensitive: true }, sizes: { type: "map(number)", default: { a: 1 } } },
    provider: { aws: [{ alias: "west", region: "us-west-2" }, { alias: "east", region: "us-east-1" }] },
    data: { aws_ami: { u: { provider: "aws.west", most_recent: true, owners: ["099720109477"], filter: [{ name: "name", values: ["ubuntu-*"] }, { name: "architecture", values: ["x86_64"] }] } } },
    resource: {
      aws_instance: {
        a: {
          provider: "aws.west",
          ami: "${data.aws_ami.u.id}",
          instance_type: "t3.micro",
          root_block_device: { volume_size: 10 },
          ebs_block_device: [{ device_name: "/dev/sdb", volume_size: 1 }, { device_name: "/dev/sdc", volume_size: 2 }],
          tags: { Name: "a" },
          lifecycle: { ignore_changes: ["ami", "tags"], create_before_destroy: true },
          depends_on: ["aws_key_pair.k"],
        },
      },
      aws_key_pair: { k: { key_name: "k", public_key: "ssh-ed25519 AAAA", lifecycle: { ignore_changes: "all" } } },
    },
    module: { m: { source: "./m", providers: { aws: "aws.west" }, list: [{ a: 1 }, { b: [1, 2] }], depends_on: ["aws_instance.a"] } },
    locals: { nested: { a: { b: { c: "${var.token}" } }, empty: {}, none: [], mixed: ["a", { b: 1 }] } },
    output: { o: { value: "${local.nested}", sensitive: true } },
  };

  it("prints Terraform's block types, nested blocks and meta-arguments", () => {
    const text = printHcl(doc);
    expect(text.startsWith("# Generated for a test\n")).toBe(true);
    expect(text).toContain('backend "s3" {');
    expect(text).toContain("  required_providers {\n    aws = {\n");
    expect(text).toContain("  type      = string\n");
    expect(text).toContain('provider "aws" {\n  alias  = "west"');
    expect(text).toContain('provider "aws" {\n  alias  = "east"');
    expect(text).toContain("  provider = aws.west\n\n  ami ");
    expect(text).toContain("  root_block_device {\n    volume_size = 10\n  }");
    expect(text.match(/ {2}ebs_block_device \{/g)?.length).toBe(2);
    expect(text).toContain("  filter {\n    name   = \"name\"");
    expect(text).toContain("  depends_on = [aws_key_pair.k]\n\n  lifecycle {\n    create_before_destroy = true\n    ignore_changes        = [ami, tags]\n  }\n}");
    expect(text).toContain("  providers = {\n    aws = aws.west\n  }");
    expect(text).toContain("  lifecycle {\n    ignore_changes = all\n  }");
  });

  it("parses back to the same structure and needs no formatting", async () => {
    await roundTrip(doc);
  });

  it("prints provisioners and dynamic blocks with their labels", () => {
    const text = printHcl({
      resource: {
        null_resource: {
          x: {
            provisioner: [{ "local-exec": { command: "echo ${self.id}" } }, { "remote-exec": { inline: ["true"], connection: { host: "${var.host}" } } }],
            dynamic: { ingress: { for_each: "${var.ports}", content: { from_port: "${ingress.value}" } } },
          },
        },
      },
    });
    expect(text).toBe(
      [
        'resource "null_resource" "x" {',
        '  dynamic "ingress" {',
        "    for_each = var.ports",
        "",
        "    content {",
        "      from_port = ingress.value",
        "    }",
        "  }",
        "",
        '  provisioner "local-exec" {',
        '    command = "echo ${self.id}"',
        "  }",
        "",
        '  provisioner "remote-exec" {',
        '    inline = ["true"]',
        "",
        "    connection {",
        "      host = var.host",
        "    }",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    const fmt = terraformFmtCheck(text);
    if (fmt) expect(fmt.output).toBe("");
  });

  it("aligns `=` across consecutive one-line attributes only", () => {
    const text = printHcl({ resource: { x_y: { z: { a: 1, long_name: 2, obj: { k: 1 }, b: 3 } } } });
    expect(text).toBe(
      [
        'resource "x_y" "z" {',
        "  a         = 1",
        "  b         = 3",
        "  long_name = 2",
        "  obj = {",
        "    k = 1",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
  });
});

describe("templates in the JSON document", () => {
  it("escapes literal `${` and `%{`", () => {
    expect(escapeTemplateText("a ${b} %{c} $d %e")).toBe("a $${b} %%{c} $d %e");
    expect(joinTemplate([{ text: "x${" }, { expr: "var.y" }, { text: "}" }])).toBe("x$${${var.y}}");
  });

  it("keeps a `$` before an interpolation literal", () => {
    expect(joinTemplate([{ text: "cost: $" }, { expr: "var.p" }])).toBe('cost: ${"$"}${var.p}');
    expect(joinTemplate([{ text: "$$" }, { expr: "var.p" }])).toBe('${"$$"}${var.p}');
    expect(joinTemplate([{ text: "$" }])).toBe("$");
  });

  it("splits templates into text and interpolations", () => {
    expect(splitTemplate('a$${b}${c("}")}%{ if x }y%{ endif }')).toEqual([
      { kind: "text", source: "a$${b}" },
      { kind: "interp", expr: 'c("}")', source: '${c("}")}' },
      { kind: "directive", source: "%{ if x }" },
      { kind: "text", source: "y" },
      { kind: "directive", source: "%{ endif }" },
    ]);
  });

  it("means to Terraform what it says", () => {
    const probe = spawnSync("terraform", ["version"], { encoding: "utf8" });
    if (probe.status !== 0) {
      console.log("terraform is not on PATH: skipping the `terraform console` check");
      return;
    }
    const texts = ["a ${b} %{c}", "cost: $", "$$", "$${x}", "100%"];
    const locals: JsonObject = { d: "D" };
    texts.forEach((t, i) => (locals[`v${i}`] = joinTemplate([{ text: t }, { expr: "local.d" }, { text: t }])));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herd-tf-"));
    try {
      fs.writeFileSync(path.join(dir, "main.tf.json"), printJson({ locals }));
      // The console answers the last line only: one expression for all, printed as an HCL string.
      const input = `jsonencode([${texts.map((_, i) => `local.v${i}`).join(", ")}])\n`;
      const r = spawnSync("terraform", ["console"], { cwd: dir, input, encoding: "utf8", env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" } });
      expect(r.status, r.stderr).toBe(0);
      const values = JSON.parse(JSON.parse(r.stdout.trim()) as string) as string[];
      expect(values).toEqual(texts.map((t) => `${t}D${t}`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
