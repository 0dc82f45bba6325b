// Every token type of Herd, defined once. The scanner (scanner.ts) produces
// them and the Chevrotain parser (parser.ts) consumes them; no other file
// creates token types.
import { createToken, Lexer, type TokenType } from "chevrotain";

const NA = Lexer.NA;

// Categories. `Name` is anything that may name a field or a label (every
// identifier and every keyword, so `type = "cx32"` works); `Identifier` is
// anything that may name a variable (plain identifiers and the contextual
// keywords of place/policy blocks, which are reserved nowhere else).
export const Name = createToken({ name: "Name", pattern: NA, label: "a name" });
export const Identifier = createToken({ name: "Identifier", pattern: NA, categories: [Name], label: "a name" });
export const PlainIdent = createToken({ name: "PlainIdent", pattern: NA, categories: [Identifier, Name], label: "a name" });

function keyword(word: string, categories: TokenType[]): TokenType {
  const name = "Kw" + word[0]!.toUpperCase() + word.slice(1);
  return createToken({ name, pattern: NA, categories, label: "`" + word + "`" });
}

// Reserved keywords: never a variable name, always allowed as a field name.
export const reservedWords = [
  "if", "then", "else", "for", "in", "true", "false", "none", "with", "place",
] as const;
// Contextual keywords: keywords only where a declaration starts (top level) or
// a rule of a place/policy block starts; elsewhere ordinary names, so that a
// parameter may be called `type` or `service`.
export const contextualWords = [
  "import", "as", "base", "pool", "node", "service", "let", "type", "fn", "policy", "terraform",
  "on", "prefer", "weight", "spread", "by", "skew", "max", "per", "avoid", "near",
  "survive", "failure", "failures",
] as const;

export type ReservedWord = (typeof reservedWords)[number];
export type ContextualWord = (typeof contextualWords)[number];

export const keywordTokens = new Map<string, TokenType>();
for (const w of reservedWords) keywordTokens.set(w, keyword(w, [Name]));
for (const w of contextualWords) keywordTokens.set(w, keyword(w, [Identifier, Name]));

function kw(word: ReservedWord | ContextualWord): TokenType {
  return keywordTokens.get(word)!;
}

export const Import = kw("import");
export const As = kw("as");
export const Base = kw("base");
export const Pool = kw("pool");
export const Node = kw("node");
export const Service = kw("service");
export const Let = kw("let");
export const Type = kw("type");
export const Fn = kw("fn");
export const Policy = kw("policy");
export const Terraform = kw("terraform");
export const If = kw("if");
export const Then = kw("then");
export const Else = kw("else");
export const For = kw("for");
export const In = kw("in");
export const True = kw("true");
export const False = kw("false");
export const None = kw("none");
export const With = kw("with");
export const Place = kw("place");
export const On = kw("on");
export const Prefer = kw("prefer");
export const Weight = kw("weight");
export const Spread = kw("spread");
export const By = kw("by");
export const Skew = kw("skew");
export const Max = kw("max");
export const Per = kw("per");
export const Avoid = kw("avoid");
export const Near = kw("near");
export const Survive = kw("survive");
export const Failure = kw("failure");
export const Failures = kw("failures");

// Literals.
export const IntLit = createToken({ name: "IntLit", pattern: NA, label: "a number" });
export const FloatLit = createToken({ name: "FloatLit", pattern: NA, label: "a number" });
/** A number with a unit suffix: 500m, 512MiB, 10s. The suffix is validated later. */
export const UnitLit = createToken({ name: "UnitLit", pattern: NA, label: "a number with a unit" });
export const RegexLit = createToken({ name: "RegexLit", pattern: NA, label: "a /regex/" });

// Strings: `"`, `"""`, `nix"` or `nix"""` open; text and `${ … }` alternate; the
// matching quote closes. Nix strings have no Herd interpolation.
export const StringStart = createToken({ name: "StringStart", pattern: NA, label: "a string" });
export const StringText = createToken({ name: "StringText", pattern: NA, label: "string text" });
export const StringEnd = createToken({ name: "StringEnd", pattern: NA, label: "`\"`" });
export const InterpStart = createToken({ name: "InterpStart", pattern: NA, label: "`${`" });
export const InterpEnd = createToken({ name: "InterpEnd", pattern: NA, label: "`}`" });

// Punctuation.
function punct(name: string, text: string): TokenType {
  return createToken({ name, pattern: NA, label: "`" + text + "`" });
}
export const LCurly = punct("LCurly", "{");
export const RCurly = punct("RCurly", "}");
export const LBracket = punct("LBracket", "[");
export const RBracket = punct("RBracket", "]");
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const Comma = punct("Comma", ",");
export const Dot = punct("Dot", ".");
export const DotDot = punct("DotDot", "..");
export const Colon = punct("Colon", ":");
export const Eq = punct("Eq", "=");
export const EqEq = punct("EqEq", "==");
export const NotEq = punct("NotEq", "!=");
export const Lt = punct("Lt", "<");
export const Le = punct("Le", "<=");
export const Gt = punct("Gt", ">");
export const Ge = punct("Ge", ">=");
export const Plus = punct("Plus", "+");
export const Minus = punct("Minus", "-");
export const Star = punct("Star", "*");
export const Slash = punct("Slash", "/");
export const Percent = punct("Percent", "%");
export const Bang = punct("Bang", "!");
export const AndAnd = punct("AndAnd", "&&");
export const OrOr = punct("OrOr", "||");
export const QuestionQuestion = punct("QuestionQuestion", "??");
export const Question = punct("Question", "?");
export const Pipe = punct("Pipe", "|");
/** A line break that ends an item inside `{ … }` (inserted by the scanner). */
export const Newline = createToken({ name: "Newline", pattern: NA, label: "a line break" });
/** `.location` where a value starts (`zone = .location`): a member whose name before it is lost (made by the scanner, which reports it). */
export const LostMember = createToken({ name: "LostMember", pattern: NA, label: "a member without the name before it" });

/** Longest first, so the scanner can match greedily. */
export const punctuation: ReadonlyArray<readonly [string, TokenType]> = [
  ["==", EqEq], ["!=", NotEq], ["<=", Le], [">=", Ge], ["&&", AndAnd], ["||", OrOr],
  ["??", QuestionQuestion], ["..", DotDot],
  ["{", LCurly], ["}", RCurly], ["[", LBracket], ["]", RBracket], ["(", LParen], [")", RParen],
  [",", Comma], [".", Dot], [":", Colon], ["=", Eq], ["<", Lt], [">", Gt], ["+", Plus],
  ["-", Minus], ["*", Star], ["/", Slash], ["%", Percent], ["!", Bang], ["?", Question], ["|", Pipe],
];

export const allTokens: TokenType[] = [
  Name, Identifier, PlainIdent, ...keywordTokens.values(),
  IntLit, FloatLit, UnitLit, RegexLit,
  StringStart, StringText, StringEnd, InterpStart, InterpEnd,
  ...new Set(punctuation.map(([, t]) => t)), Newline, LostMember,
];

/**
 * Every token type by its `tokenTypeIdx` (Chevrotain's small number for it):
 * the scanner keeps a token's type as that number (token-stream.ts).
 */
export const tokenTypeByIdx: TokenType[] = [];
for (const t of allTokens) {
  const idx = t.tokenTypeIdx!;
  // Kept in one byte per token.
  if (idx > 255) throw new Error(`token type ${t.name} has index ${idx}: more than a byte`);
  tokenTypeByIdx[idx] = t;
}
