// The TextMate grammar (vscode-extension/syntaxes/herd.tmLanguage.json),
// tokenized by vscode-textmate and vscode-oniguruma as VS Code does. Real
// example files, plus a fixture for the constructs the examples do not use,
// are checked against a table of expected scopes: each row names a line (by a
// piece of its text), a token on it and the scope that token must have.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { grammarFile, tokenize, tokenizeFile, type Token } from "./tokenize.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

type Row = [line: string, token: string, scope: string];

/** Expected scopes, per file. `token` is the token's whole text; the first match on the line counts. */
const expected: Record<string, Row[]> = {
  "examples/shop/shop.sys": [
    ["// shop.sys", "//", "comment.line.double-slash.herd"],
    ['import "std/hetzner"', "import", "keyword.declaration.import.herd"],
    ['import "std/hetzner"', "std/hetzner", "string.quoted.double.herd"],
    ['import "std/hetzner"', "as", "keyword.declaration.as.herd"],
    ['import "std/hetzner"', "hcloud", "entity.name.namespace.herd"],
    ['import "std/services"', "systemdService", "variable.other.import.herd"],
    ["/// Every machine", "///", "comment.line.documentation.herd"],
    ["/// Every machine", " Every machine gets this, whatever lands on it.", "comment.line.documentation.herd"],
    ["base {", "base", "keyword.declaration.base.herd"],
    ['timeZone = "UTC"', "timeZone", "variable.other.property.herd"],
    ['timeZone = "UTC"', "=", "keyword.operator.assignment.herd"],
    ["packages = [pkgs.htop", "pkgs", "support.variable.pkgs.herd"],
    ["packages = [pkgs.htop", "htop", "support.constant.package.herd"],
    ["ssh.authorizedKeys =", "authorizedKeys", "variable.other.property.herd"],
    ["pool web {", "pool", "keyword.declaration.pool.herd"],
    ["pool web {", "web", "entity.name.type.pool.herd"],
    ["count   = 4", "4", "constant.numeric.integer.herd"],
    ["machine = hcloud.server", "server", "entity.name.function.call.herd"],
    ["node backup-1 {", "node", "keyword.declaration.node.herd"],
    ["node backup-1 {", "backup-1", "entity.name.type.node.herd"],
    ["memory = 32GiB", "32", "constant.numeric.amount.herd"],
    ["memory = 32GiB", "GiB", "keyword.other.unit.bytes.herd"],
    ["memory = 32GiB", "TB", "keyword.other.unit.bytes.herd"],
    ["let apiPort", "let", "keyword.declaration.let.herd"],
    ["let apiPort", "apiPort", "variable.other.constant.herd"],
    ["let apiPort", "Port", "support.type.builtin.herd"],
    ["let apiPort", "8080", "constant.numeric.integer.herd"],
    ["service api {", "service", "keyword.declaration.service.herd"],
    ["service api {", "api", "entity.name.type.service.herd"],
    ["cpu = 500m", "m", "keyword.other.unit.cpu.herd"],
    ["cpu = 500m", "MiB", "keyword.other.unit.bytes.herd"],
    ["place {", "place", "keyword.control.placement.herd"],
    ['on tier == "frontend"', "on", "keyword.control.placement.herd"],
    ['on tier == "frontend"', "tier", "entity.other.attribute-name.label.herd"],
    ['on tier == "frontend"', "==", "keyword.operator.comparison.herd"],
    ["spread by zone", "spread", "keyword.control.placement.herd"],
    ["spread by zone", "by", "keyword.control.placement.herd"],
    ["spread by zone", "zone", "entity.other.attribute-name.label.herd"],
    ["max 1 per node", "max", "keyword.control.placement.herd"],
    ["max 1 per node", "per", "keyword.control.placement.herd"],
    ["max 1 per node", "node", "keyword.control.placement.herd"],
    ["run = systemdService {", "systemdService", "entity.name.function.call.herd"],
    ["exec  =", "${", "punctuation.section.interpolation.begin.herd"],
    ["exec  =", "shop-api", "meta.embedded.line.herd"],
    ["exec  =", "shop-api", "support.constant.package.herd"],
    ["exec  =", "/bin/shop-api --port ", "string.quoted.double.herd"],
    ["exec  =", "apiPort", "meta.interpolation.herd"],
    ["interval = 10s", "s", "keyword.other.unit.duration.herd"],
    ["avoid api", "avoid", "keyword.control.placement.herd"],
    ["avoid api", "api", "variable.other.service.herd"],
    ['secret("db-password")', "secret", "support.function.builtin.secret.herd"],
    ["survive 1 node failure", "survive", "keyword.control.placement.herd"],
    ["survive 1 node failure", "failure", "keyword.control.placement.herd"],
  ],
  "examples/fleet50/lib/templates.sys": [
    ["fn webApp(", "fn", "keyword.declaration.fn.herd"],
    ["fn webApp(", "webApp", "entity.name.function.herd"],
    ["  name: String,", "name", "variable.parameter.herd"],
    ["  name: String,", "String", "support.type.builtin.herd"],
    ["replicas: Int(1..100)", "..", "keyword.operator.range.herd"],
    ["env: {String: String} = {}", "env", "variable.parameter.herd"],
    ["): Service = {", "Service", "entity.name.type.herd"],
    ["spread by zone skew 2", "skew", "keyword.control.placement.herd"],
    ["on tier == tier", "tier", "entity.other.attribute-name.label.herd"],
    ["env       = env with", "with", "keyword.operator.with.herd"],
    ["maxUnavailable = max([1, replicas / 4])", "max", "support.function.builtin.herd"],
    ["maxUnavailable = max([1, replicas / 4])", "/", "keyword.operator.arithmetic.herd"],
  ],
  "examples/homelab/services.sys": [
    ["prefer gpu == \"amd\" weight 10", "prefer", "keyword.control.placement.herd"],
    ["prefer gpu == \"amd\" weight 10", "weight", "keyword.control.placement.herd"],
    ["near home-assistant", "near", "keyword.control.placement.herd"],
    ["near home-assistant", "home-assistant", "variable.other.service.herd"],
    ["on ssd && arch", "&&", "keyword.operator.logical.herd"],
    ["on ssd && arch", "ssd", "entity.other.attribute-name.label.herd"],
  ],
  "test/vscode/fixtures/constructs.sys": [
    ["/* A block comment", "/*", "comment.block.herd"],
    ["   spanning lines. */", "   spanning lines. ", "comment.block.herd"],
    ["//// four slashes", "// four slashes: an ordinary comment", "comment.line.double-slash.herd"],
    ["type Env", "type", "keyword.declaration.type.herd"],
    ["type Env", "Env", "entity.name.type.herd"],
    ["type Env", "|", "keyword.operator.union.herd"],
    ["type Name", "^[a-z][a-z0-9-]*$", "string.regexp.herd"],
    ["  cpu: Cpu = 1", "cpu", "variable.other.property.herd"],
    ["  cpu: Cpu = 1", "Cpu", "support.type.builtin.herd"],
    ["owner: String?", "?", "keyword.operator.optional.herd"],
    ["let pairs", "for", "keyword.control.loop.herd"],
    ["let pairs", "in", "keyword.control.loop.herd"],
    ["let pairs", "if", "keyword.control.conditional.herd"],
    ["let size", "then", "keyword.control.conditional.herd"],
    ["let size", "len", "support.function.builtin.herd"],
    ["let wait", "min", "keyword.other.unit.duration.herd"],
    ["let wait", "ms", "keyword.other.unit.duration.herd"],
    ["let half", "1.5", "constant.numeric.amount.herd"],
    ["let ratio", "0.25", "constant.numeric.float.herd"],
    ["let maybe", "none", "constant.language.none.herd"],
    ["let fallback", "??", "keyword.operator.nullish.herd"],
    ["let bad", "5mb", "invalid.illegal.numeric.herd"],
    ["let ok", "true", "constant.language.boolean.herd"],
    ["let ok", "||", "keyword.operator.logical.herd"],
    ["let ok", "<=", "keyword.operator.comparison.herd"],
    ["let force", "nix", "storage.type.string.nix.herd"],
    ["let force", "lib.mkForce ", "string.quoted.double.nix.herd"],
    ["let force", '\\"', "constant.character.escape.herd"],
    ["let force", "${x}", "string.quoted.double.nix.herd"],
    ["let expr", "nix", "storage.type.string.nix.herd"],
    ['  builtins.toJSON { a = "${x}"; }', '  builtins.toJSON { a = "${x}"; }', "string.quoted.triple.nix.herd"],
    ["let text", '"""', "string.quoted.triple.herd"],
    ["name ${zones[0]};", "zones", "meta.embedded.line.herd"],
    ["let escaped", "\\t", "constant.character.escape.herd"],
    ["let escaped", "\\u{1F600}", "constant.character.escape.herd"],
    ["let escaped", "{x} smile ", "string.quoted.double.herd"],
    ["let pkg", "python3Packages", "support.constant.package.herd"],
    ["let pkg", "requests", "support.constant.package.herd"],
    ["spread by zone skew 2", "skew", "keyword.control.placement.herd"],
    ["terraform {", "terraform", "keyword.declaration.terraform.herd"],
    ["ip_range = tf(", "tf", "support.function.builtin.herd"],
    ["survive 2 node failures", "failures", "keyword.control.placement.herd"],
  ],
};

/** Scopes that never appear on a token of the named kind (the interpolation of nix strings is Nix's). */
const absent: [file: string, line: string, token: string, scope: string][] = [
  ["test/vscode/fixtures/constructs.sys", "let force", "${x}", "meta.interpolation.herd"],
  ["test/vscode/fixtures/constructs.sys", "let escaped", "{x} smile ", "meta.interpolation.herd"],
  ["test/vscode/fixtures/constructs.sys", "//// four slashes", "// four slashes: an ordinary comment", "comment.line.documentation.herd"],
  ["examples/shop/shop.sys", "/// Every machine", "///", "comment.line.double-slash.herd"],
  ["examples/shop/shop.sys", "// shop.sys", "//", "comment.line.documentation.herd"],
  ["examples/fleet50/lib/templates.sys", "on tier == tier", "on", "variable.other.herd"],
];

const cache = new Map<string, Promise<{ lines: string[]; tokens: Token[] }>>();
function load(file: string) {
  if (!cache.has(file)) {
    const text = fs.readFileSync(path.join(repo, file), "utf8");
    cache.set(file, tokenize(text).then((tokens) => ({ lines: text.split("\n"), tokens })));
  }
  return cache.get(file)!;
}

async function tokenAt(file: string, line: string, token: string): Promise<Token> {
  const { lines, tokens } = await load(file);
  const n = lines.findIndex((l) => l.includes(line)) + 1;
  if (n === 0) throw new Error(`${file}: no line containing ${JSON.stringify(line)}`);
  const t = tokens.find((x) => x.line === n && x.text === token);
  if (!t) throw new Error(`${file}:${n}: no token ${JSON.stringify(token)}; tokens: ${JSON.stringify(tokens.filter((x) => x.line === n).map((x) => x.text))}`);
  return t;
}

describe("the TextMate grammar", () => {
  for (const [file, rows] of Object.entries(expected)) {
    it(`scopes every construct in ${file}`, async () => {
      const wrong: string[] = [];
      for (const [line, token, scope] of rows) {
        const t = await tokenAt(file, line, token);
        if (!t.scopes.includes(scope)) wrong.push(`${JSON.stringify(token)} in ${JSON.stringify(line)}: expected ${scope}, got ${t.scopes.join(" ")}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it("keeps Herd scopes out of what is not Herd", async () => {
    for (const [file, line, token, scope] of absent) {
      expect((await tokenAt(file, line, token)).scopes, `${token} in ${line}`).not.toContain(scope);
    }
  });

  const sources = [
    ...["shop", "homelab", "fleet50"].flatMap((e) => listSys(path.join(repo, "examples", e))),
    ...listSys(path.join(repo, "stdlib")),
  ].map((f) => path.relative(repo, f));

  it.each(sources)("tokenizes %s completely: every token scoped, nothing invalid, every region closed", async (file) => {
    const text = fs.readFileSync(path.join(repo, file), "utf8");
    const { tokens, depth } = await tokenizeFile(text);
    const unscoped = tokens.filter((t) => t.text.trim() && t.scopes.length < 2).map((t) => `${t.line}: ${t.text}`);
    const invalid = tokens.filter((t) => t.scopes.some((s) => s.startsWith("invalid"))).map((t) => `${t.line}: ${t.text}`);
    expect(unscoped).toEqual([]);
    expect(invalid).toEqual([]);
    // At the end of the file no string, block or comment is left open.
    expect(depth).toBe(1);
  });

  it("is generated from vscode-extension/scripts/grammar.mjs and current", async () => {
    const generator = (await import(pathToFileURL(path.join(repo, "vscode-extension/scripts/grammar.mjs")).href)) as { grammarJson(): string };
    expect(fs.readFileSync(grammarFile, "utf8")).toBe(generator.grammarJson());
  });
});

function listSys(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listSys(path.join(dir, e.name)) : e.name.endsWith(".sys") ? [path.join(dir, e.name)] : []));
}
