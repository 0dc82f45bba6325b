// Tokenizes Herd text with the extension's TextMate grammar through
// vscode-textmate and vscode-oniguruma, the engine VS Code itself uses.
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import oniguruma from "vscode-oniguruma";
import textmate from "vscode-textmate";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const grammarFile = path.join(repo, "vscode-extension/syntaxes/herd.tmLanguage.json");

export interface Token {
  line: number;
  text: string;
  scopes: string[];
}

let grammar: Promise<textmate.IGrammar> | undefined;

async function load(): Promise<textmate.IGrammar> {
  const require = createRequire(import.meta.url);
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => (scope === "source.herd" ? textmate.parseRawGrammar(fs.readFileSync(grammarFile, "utf8"), grammarFile) : null),
  });
  const g = await registry.loadGrammar("source.herd");
  if (!g) throw new Error("source.herd did not load");
  return g;
}

/** Every token of the text, line by line, with its scope stack (outermost first). */
export async function tokenize(text: string): Promise<Token[]> {
  return (await tokenizeFile(text)).tokens;
}

/** The tokens, and how many rules are still open at the end (1: none but the file's). */
export async function tokenizeFile(text: string): Promise<{ tokens: Token[]; depth: number }> {
  grammar ??= load();
  const g = await grammar;
  const tokens: Token[] = [];
  let state = textmate.INITIAL;
  text.split("\n").forEach((line, i) => {
    const r = g.tokenizeLine(line, state);
    for (const t of r.tokens) tokens.push({ line: i + 1, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  });
  return { tokens, depth: state.depth };
}
