// The extension's declarative parts: the manifest agrees with the code (every
// contributed command is registered, every setting is read), the files it
// names exist, the snippets and the language configuration do what a user
// expects of `.sys` files (names with dashes are one word, `///` continues).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyzeFolder } from "../../language/workspace/workspace.js";

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../vscode-extension");
const read = (f: string) => fs.readFileSync(path.join(ext, f), "utf8");
const json = <T>(f: string) => JSON.parse(read(f)) as T;

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  main: string;
  icon: string;
  engines: { vscode: string };
  activationEvents: string[];
  contributes: {
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    snippets: { language: string; path: string }[];
    configuration: { properties: Record<string, unknown> };
    commands: { command: string; title: string; category: string }[];
  };
}

const manifest = json<Manifest>("package.json");
const sources = fs.readdirSync(path.join(ext, "src")).map((f) => read(path.join("src", f))).join("\n");

describe("the extension manifest", () => {
  it("declares the herd language for .sys files, with grammar, snippets and configuration", () => {
    expect(manifest.name).toBe("herd");
    expect(manifest.main).toBe("./dist/extension.js");
    expect(manifest.engines.vscode).toBe("^1.82.0");
    expect(manifest.activationEvents).toContain("onLanguage:herd");
    const [lang] = manifest.contributes.languages;
    expect(lang).toMatchObject({ id: "herd", extensions: [".sys"] });
    expect(manifest.contributes.grammars).toEqual([expect.objectContaining({ language: "herd", scopeName: "source.herd" })]);
    expect(manifest.contributes.snippets).toEqual([expect.objectContaining({ language: "herd" })]);
    for (const f of [manifest.icon, lang!.configuration, manifest.contributes.grammars[0]!.path, manifest.contributes.snippets[0]!.path, "LICENSE", "README.md"]) {
      expect(fs.existsSync(path.join(ext, f)), f).toBe(true);
    }
  });

  it("registers every contributed command, and contributes every registered one", () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const registered = [...sources.matchAll(/registerCommand\("([^"]+)"/g)].map((m) => m[1]).sort();
    expect(registered).toEqual(contributed);
    expect(manifest.contributes.commands.map((c) => `${c.category}: ${c.title}`)).toEqual(expect.arrayContaining(["Herd: Show Placement", "Herd: Build", "Herd: Restart Language Server"]));
  });

  it("has the settings the code reads", () => {
    const settings = Object.keys(manifest.contributes.configuration.properties).sort();
    expect(settings).toEqual(["herd.inlayHints.enabled", "herd.server.path", "herd.trace.server"]);
    // herd.trace.server is read by vscode-languageclient from the client id "herd".
    expect(sources).toContain('const CLIENT_ID = "herd"');
    expect(sources).toContain('"server.path"');
    expect(sources).toContain('"herd.inlayHints"');
  });
});

describe("the snippets", () => {
  const snippets = json<Record<string, { prefix: string; body: string[]; description: string }>>("snippets/herd.json");

  it("cover service, pool, node and place", () => {
    const prefixes = Object.values(snippets).map((s) => s.prefix);
    expect(prefixes).toEqual(expect.arrayContaining(["service", "pool", "node", "place"]));
    for (const s of Object.values(snippets)) expect(s.description.length).toBeGreaterThan(10);
  });

  it("expand to Herd that checks without errors", () => {
    // Each snippet with its default placeholders, in a workspace of its own
    // with the imports the snippets assume.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herd-snippets-"));
    try {
      const body = ["service", "pool", "node", "base", "policy", "fn"].map((k) => expand(snippets[k]!.body.join("\n"))).join("\n\n");
      fs.writeFileSync(path.join(dir, "snippets.sys"), `import "std/hetzner" as hcloud\nimport "std/services" { systemdService }\n\n${body}\n`);
      const analysis = analyzeFolder(dir);
      expect(analysis.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`), body).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the language configuration", () => {
  const config = json<{
    comments: { lineComment: string; blockComment: [string, string] };
    wordPattern: string;
    indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
    onEnterRules: { beforeText: string; action: { appendText?: string } }[];
    autoClosingPairs: { open: string; close: string }[];
  }>("language-configuration.json");

  it("comments with // and /* */", () => {
    expect(config.comments).toEqual({ lineComment: "//", blockComment: ["/*", "*/"] });
  });

  it("takes names with dashes and amounts with units as one word", () => {
    const words = (s: string) => s.match(new RegExp(config.wordPattern, "g"));
    expect(words("near home-assistant")).toEqual(["near", "home-assistant"]);
    expect(words("pkgs.shop-api")).toEqual(["pkgs", "shop-api"]);
    expect(words("memory = 512MiB")).toEqual(["memory", "512MiB"]);
    expect(words("a - 1")).toEqual(["a", "1"]);
  });

  it("indents after an open bracket and outdents at a closing one", () => {
    const inc = new RegExp(config.indentationRules.increaseIndentPattern);
    const dec = new RegExp(config.indentationRules.decreaseIndentPattern);
    expect(inc.test("service api {")).toBe(true);
    expect(inc.test("fn webApp(")).toBe(true);
    expect(inc.test("let zones = [")).toBe(true);
    expect(inc.test("let r = { a = 1 }")).toBe(false);
    expect(inc.test("x = 1 // {")).toBe(false);
    expect(dec.test("  }")).toBe(true);
    expect(dec.test("  count = 3")).toBe(false);
  });

  it("continues /// doc comments on Enter, not // or ////", () => {
    const rule = config.onEnterRules.find((r) => r.action.appendText === "/// ")!;
    const before = new RegExp(rule.beforeText);
    expect(before.test("/// Four identical web machines")).toBe(true);
    expect(before.test("  /// field docs")).toBe(true);
    expect(before.test("// plain")).toBe(false);
    expect(before.test("//// not a doc comment")).toBe(false);
  });

  it("closes brackets and quotes", () => {
    expect(config.autoClosingPairs.map((p) => p.open)).toEqual(expect.arrayContaining(["{", "[", "(", '"']));
  });
});

/** A snippet body as VS Code inserts it when every placeholder keeps its default. */
function expand(body: string, values = new Map<string, string>()): string {
  let out = "";
  for (let i = 0; i < body.length; ) {
    if (body[i] === "\\") {
      out += body[i + 1];
      i += 2;
    } else if (body.startsWith("${", i) && /\d/.test(body[i + 2]!)) {
      // ${N:default} (defaults may nest) or ${N}
      let depth = 0;
      let j = i;
      for (; j < body.length; j++) {
        if (body[j] === "\\") j++;
        else if (body.startsWith("${", j)) depth++;
        else if (body[j] === "}" && --depth === 0) break;
      }
      const inner = body.slice(i + 2, j);
      const [, n, def] = /^(\d+)(?::([\s\S]*))?$/.exec(inner)!;
      const value = def !== undefined ? expand(def, values) : values.get(n!) ?? "";
      if (def !== undefined) values.set(n!, value);
      out += value;
      i = j + 1;
    } else if (body[i] === "$" && /\d/.test(body[i + 1]!)) {
      const n = /^\d+/.exec(body.slice(i + 1))![0];
      out += values.get(n) ?? "";
      i += 1 + n.length;
    } else {
      out += body[i++];
    }
  }
  return out.replace(/\t/g, "  ");
}
