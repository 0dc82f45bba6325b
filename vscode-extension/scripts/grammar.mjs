// The TextMate grammar of Herd, written as code so that the few regular
// expressions every rule shares (a name may contain dashes: `web-1`,
// `pkgs.shop-api`) are written once. `node scripts/grammar.mjs` writes
// syntaxes/herd.tmLanguage.json; the build runs it and the grammar test checks
// the committed file is current. Language reference: docs/language.md §2, §6.
//
// Semantic tokens from the language server refine these scopes (a name that
// is a service, a constant, a parameter); the grammar must stand on its own
// for the first paint and for code the server cannot analyse.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** A name: letters, digits, `_`, and dashes between name characters (§2.2). */
const NAME = String.raw`[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*`;
/** Ends a word: not followed by a name character or by a dash that continues the name. */
const END = String.raw`(?![A-Za-z0-9_]|-[A-Za-z0-9_])`;
/** Starts a word: not the tail of a longer name or a member after `.`. */
const START = String.raw`(?<![A-Za-z0-9_.-])`;
const word = (words) => `${START}(?:${words.join("|")})${END}`;

const builtinTypes = ["Int", "Float", "String", "Bool", "Duration", "Bytes", "Cpu", "Port", "Package", "Secret", "Nix", "NixOptions", "Placement"];
const builtinFunctions = ["tf", "len", "range", "join", "split", "keys", "values", "toString", "contains", "startsWith", "endsWith", "replace", "lower", "upper", "min", "max", "sum", "flatten", "merge"];
// §2.5: bytes, cpu and duration suffixes, longest first so `min` is not `m`.
const units = {
  bytes: ["KiB", "MiB", "GiB", "TiB", "PiB", "KB", "MB", "GB", "TB", "PB", "B"],
  duration: ["min", "ms", "s", "h", "d"],
  cpu: ["m"],
};
const DIGITS = String.raw`\d[\d_]*(?:\.\d[\d_]*)?`;

const comments = {
  patterns: [
    {
      // `///` but not `////` (§2.1): documents the declaration or field below.
      name: "comment.line.documentation.herd",
      begin: String.raw`///(?!/)`,
      beginCaptures: { 0: { name: "punctuation.definition.comment.herd" } },
      end: "$",
      patterns: [{ name: "markup.inline.raw.herd", match: "`[^`]*`" }],
    },
    {
      name: "comment.line.double-slash.herd",
      begin: "//",
      beginCaptures: { 0: { name: "punctuation.definition.comment.herd" } },
      end: "$",
    },
    {
      // Block comments do not nest: the first `*/` ends one.
      name: "comment.block.herd",
      begin: String.raw`/\*`,
      end: String.raw`\*/`,
      captures: { 0: { name: "punctuation.definition.comment.herd" } },
    },
  ],
};

const interpolation = {
  // `${expr}`: the expression is code, so it is `meta.embedded` (VS Code and
  // themes treat it as code, not string, for colours and bracket matching).
  name: "meta.interpolation.herd",
  begin: String.raw`\$\{`,
  beginCaptures: { 0: { name: "punctuation.section.interpolation.begin.herd" } },
  end: String.raw`\}`,
  endCaptures: { 0: { name: "punctuation.section.interpolation.end.herd" } },
  contentName: "meta.embedded.line.herd",
  patterns: [{ include: "#expression" }],
};

const escapes = {
  patterns: [
    { name: "constant.character.escape.herd", match: String.raw`\\(?:[nrt"\\$]|u\{[0-9A-Fa-f]{1,6}\})` },
    { name: "invalid.illegal.escape.herd", match: String.raw`\\.` },
  ],
};

const strings = {
  patterns: [
    {
      // nix"""…""": raw Nix, entirely verbatim; `${…}` is Nix's, not Herd's.
      name: "string.quoted.triple.nix.herd",
      begin: String.raw`${START}(nix)(""")`,
      beginCaptures: { 1: { name: "storage.type.string.nix.herd" }, 2: { name: "punctuation.definition.string.begin.herd" } },
      end: '"""',
      endCaptures: { 0: { name: "punctuation.definition.string.end.herd" } },
    },
    {
      // nix"…": only \" and \\ are escapes; no Herd interpolation.
      name: "string.quoted.double.nix.herd",
      begin: String.raw`${START}(nix)(")`,
      beginCaptures: { 1: { name: "storage.type.string.nix.herd" }, 2: { name: "punctuation.definition.string.begin.herd" } },
      end: '"|$',
      endCaptures: { 0: { name: "punctuation.definition.string.end.herd" } },
      patterns: [{ name: "constant.character.escape.herd", match: String.raw`\\["\\]` }],
    },
    {
      name: "string.quoted.triple.herd",
      begin: '"""',
      beginCaptures: { 0: { name: "punctuation.definition.string.begin.herd" } },
      end: '"""',
      endCaptures: { 0: { name: "punctuation.definition.string.end.herd" } },
      patterns: [{ include: "#escapes" }, { include: "#interpolation" }],
    },
    {
      // A one-line string cannot contain a line break: an unclosed one ends
      // at the end of its line instead of colouring the rest of the file.
      name: "string.quoted.double.herd",
      begin: '"',
      beginCaptures: { 0: { name: "punctuation.definition.string.begin.herd" } },
      end: '"|$',
      endCaptures: { 0: { name: "punctuation.definition.string.end.herd" } },
      patterns: [{ include: "#escapes" }, { include: "#interpolation" }],
    },
  ],
};

const numbers = {
  patterns: [
    ...Object.entries(units).map(([dimension, list]) => ({
      // 512MiB, 500m, 10s: an amount; the suffix says its type (§2.5).
      name: "constant.numeric.amount.herd",
      match: String.raw`(?<![A-Za-z0-9_])(${DIGITS})(${list.join("|")})${END}`,
      captures: { 2: { name: `keyword.other.unit.${dimension}.herd` } },
    })),
    // A number glued to letters that are no unit (`5mb`, `1.5e3`) is an error.
    { name: "invalid.illegal.numeric.herd", match: String.raw`(?<![A-Za-z0-9_])${DIGITS}[A-Za-z_][A-Za-z0-9_]*` },
    { name: "constant.numeric.float.herd", match: String.raw`(?<![A-Za-z0-9_])\d[\d_]*\.\d[\d_]*${END}` },
    { name: "constant.numeric.integer.herd", match: String.raw`(?<![A-Za-z0-9_])\d[\d_]*${END}` },
  ],
};

const regex = {
  // A `/` right after `(` starts a regular expression: `String(/^[a-z]+$/)`.
  name: "string.regexp.herd",
  begin: String.raw`(?<=\()/`,
  beginCaptures: { 0: { name: "punctuation.definition.string.begin.herd" } },
  end: "/|$",
  endCaptures: { 0: { name: "punctuation.definition.string.end.herd" } },
  patterns: [{ name: "constant.character.escape.herd", match: String.raw`\\.` }],
};

const operators = {
  patterns: [
    { name: "keyword.operator.comparison.herd", match: "==|!=|<=|>=|<|>" },
    { name: "keyword.operator.logical.herd", match: String.raw`&&|\|\||!` },
    { name: "keyword.operator.nullish.herd", match: String.raw`\?\?` },
    { name: "keyword.operator.range.herd", match: String.raw`\.\.` },
    { name: "keyword.operator.assignment.herd", match: "=" },
    { name: "keyword.operator.arithmetic.herd", match: "[-+*/%]" },
    { name: "keyword.operator.union.herd", match: String.raw`\|` },
    { name: "keyword.operator.optional.herd", match: String.raw`\?` },
  ],
};

const punctuation = {
  patterns: [
    { name: "punctuation.separator.comma.herd", match: "," },
    { name: "punctuation.accessor.herd", match: String.raw`\.` },
    { name: "punctuation.section.brackets.begin.herd", match: String.raw`\[` },
    { name: "punctuation.section.brackets.end.herd", match: String.raw`\]` },
  ],
};

/** `{ … }`, `( … )` as regions so that a `}` inside `${ … }` closes the right thing. */
const braces = (inner) => ({
  begin: String.raw`\{`,
  beginCaptures: { 0: { name: "punctuation.section.braces.begin.herd" } },
  end: String.raw`\}`,
  endCaptures: { 0: { name: "punctuation.section.braces.end.herd" } },
  patterns: [{ include: inner }],
});
const parens = (inner) => ({
  begin: String.raw`\(`,
  beginCaptures: { 0: { name: "punctuation.section.parens.begin.herd" } },
  end: String.raw`\)`,
  endCaptures: { 0: { name: "punctuation.section.parens.end.herd" } },
  patterns: [{ include: inner }],
});

const typeName = {
  patterns: [
    { name: "support.type.builtin.herd", match: word(builtinTypes) },
    // Types are capitalised by convention (the prelude's `Service`, `Machine`).
    { name: "entity.name.type.herd", match: String.raw`${START}[A-Z][A-Za-z0-9_]*${END}` },
  ],
};

// Type expressions (§5): after `:` in annotations and parameters, and after
// `type NAME =`. Record types hold `field: Type = default`.
const typeExpression = {
  patterns: [
    { include: "#comments" },
    { include: "#strings" },
    { include: "#numbers" },
    { include: "#typeName" },
    { name: "constant.language.boolean.herd", match: word(["true", "false"]) },
    // `hcloud.Location`: a type from an imported module.
    { match: String.raw`(${NAME})(\.)(?=[A-Z])`, captures: { 1: { name: "entity.name.namespace.herd" }, 2: { name: "punctuation.accessor.herd" } } },
    { ...braces("#recordType") },
    { ...parens("#typeExpression"), patterns: [{ include: "#regex" }, { include: "#typeExpression" }] },
    { include: "#operators" },
    { include: "#punctuation" },
  ],
};

const recordType = {
  patterns: [
    { include: "#comments" },
    { include: "#strings" },
    // `{String: T}` is a map type; `{ size: Int = 1 }` a record type.
    { include: "#typeName" },
    { match: String.raw`${START}(${NAME})\s*(?=:)`, captures: { 1: { name: "variable.other.property.herd" } } },
    { include: "#typeAnnotation" },
    { name: "keyword.operator.assignment.herd", match: "=(?!=)" },
    { include: "#expression" },
  ],
};

const typeAnnotation = {
  // `: Type` up to `=`, `,`, a closing bracket or the end of the line.
  begin: ":",
  beginCaptures: { 0: { name: "punctuation.separator.type.herd" } },
  end: String.raw`(?==(?!=)|[,)}\]]|//|$)`,
  patterns: [{ include: "#typeExpression" }],
};

const declarations = {
  patterns: [
    {
      // import "std/hetzner" as hcloud / import "./dns" { adguard, x as y }
      begin: String.raw`^\s*(import)${END}`,
      beginCaptures: { 1: { name: "keyword.declaration.import.herd" } },
      end: "$",
      patterns: [
        { include: "#comments" },
        { include: "#strings" },
        { match: String.raw`${START}(as)\s+(${NAME})`, captures: { 1: { name: "keyword.declaration.as.herd" }, 2: { name: "entity.name.namespace.herd" } } },
        {
          ...braces("#importList"),
        },
      ],
    },
    {
      match: String.raw`^\s*(let)\s+(${NAME})`,
      captures: { 1: { name: "keyword.declaration.let.herd" }, 2: { name: "variable.other.constant.herd" } },
    },
    {
      // type NAME = <type>: the type ends with a line that cannot continue
      // (not ending in `=`, `|`, an open bracket or `,`), or at the next
      // declaration. A union continued on further `| …` lines reads the
      // same as an expression, so ending early changes no colour.
      begin: String.raw`^\s*(type)\s+(${NAME})\s*(=)?`,
      beginCaptures: { 1: { name: "keyword.declaration.type.herd" }, 2: { name: "entity.name.type.herd" }, 3: { name: "keyword.operator.assignment.herd" } },
      end: String.raw`^(?=[^\s|)\]}])|(?<=[^\s=|(\[{,:])(?=\s*(?:$|//))`,
      patterns: [{ include: "#typeExpression" }],
    },
    {
      // fn NAME(params): parameters are `name[: Type][= default]`.
      begin: String.raw`^\s*(fn)\s+(${NAME})\s*(\()`,
      beginCaptures: { 1: { name: "keyword.declaration.fn.herd" }, 2: { name: "entity.name.function.herd" }, 3: { name: "punctuation.section.parens.begin.herd" } },
      end: String.raw`\)`,
      endCaptures: { 0: { name: "punctuation.section.parens.end.herd" } },
      patterns: [
        { include: "#comments" },
        { match: String.raw`(?:^|(?<=[(,]))\s*(${NAME})(?=\s*[:=,)]|\s*$)`, captures: { 1: { name: "variable.parameter.herd" } } },
        { include: "#expression" },
      ],
    },
    {
      match: String.raw`^\s*(service|pool|node)\s+(${NAME})`,
      captures: { 1: { name: "keyword.declaration.$1.herd" }, 2: { name: "entity.name.type.$1.herd" } },
    },
    {
      // policy { survive N node failures, reserve = … }
      begin: String.raw`^\s*(policy)\s*(\{)`,
      beginCaptures: { 1: { name: "keyword.declaration.policy.herd" }, 2: { name: "punctuation.section.braces.begin.herd" } },
      end: String.raw`\}`,
      endCaptures: { 0: { name: "punctuation.section.braces.end.herd" } },
      patterns: [
        { include: "#comments" },
        { name: "keyword.control.placement.herd", match: String.raw`${START}survive${END}(?!\s*=)` },
        { match: String.raw`${START}(node)\s+(failures?)${END}`, captures: { 1: { name: "keyword.control.placement.herd" }, 2: { name: "keyword.control.placement.herd" } } },
        { include: "#expression" },
      ],
    },
    {
      match: String.raw`^\s*(base|terraform)\s*(?=\{)`,
      captures: { 1: { name: "keyword.declaration.$1.herd" } },
    },
  ],
};

const importList = {
  patterns: [
    { include: "#comments" },
    { name: "keyword.declaration.as.herd", match: word(["as"]) },
    { name: "variable.other.import.herd", match: NAME },
    { include: "#punctuation" },
  ],
};

// place { … } (§6): every line is a rule. Names on the left of a selector are
// label names; the right side of `==`, `!=` and `in` is an ordinary value.
const placeBlock = {
  begin: String.raw`${START}(place)\s*(\{)`,
  beginCaptures: { 1: { name: "keyword.control.placement.herd" }, 2: { name: "punctuation.section.braces.begin.herd" } },
  end: String.raw`\}`,
  endCaptures: { 0: { name: "punctuation.section.braces.end.herd" } },
  name: "meta.placement.herd",
  patterns: [
    { include: "#comments" },
    { include: "#strings" },
    {
      match: String.raw`${START}(spread)\s+(by)\s+(${NAME})?`,
      captures: { 1: { name: "keyword.control.placement.herd" }, 2: { name: "keyword.control.placement.herd" }, 3: { name: "entity.other.attribute-name.label.herd" } },
    },
    {
      match: String.raw`${START}(avoid|near)\s+(${NAME})?`,
      captures: { 1: { name: "keyword.control.placement.herd" }, 2: { name: "variable.other.service.herd" } },
    },
    { match: String.raw`${START}(per)\s+(node)${END}`, captures: { 1: { name: "keyword.control.placement.herd" }, 2: { name: "keyword.control.placement.herd" } } },
    { name: "keyword.control.placement.herd", match: String.raw`${START}(?:on|prefer|weight|skew|per|max)${END}(?!\s*\()` },
    {
      // The value side of a selector: up to the next `&&`, `||`, `)` or rule word.
      begin: String.raw`==|!=|${START}in${END}`,
      beginCaptures: { 0: { name: "keyword.operator.comparison.herd" } },
      end: String.raw`(?=&&|\|\||\)|,|\}|//|$|${START}(?:weight|skew)${END})`,
      patterns: [{ include: "#expression" }],
    },
    { include: "#numbers" },
    { include: "#builtinCall" },
    { ...parens("#placeSelector") },
    { include: "#operators" },
    { include: "#punctuation" },
    { name: "entity.other.attribute-name.label.herd", match: NAME },
  ],
};

const placeSelector = { patterns: placeBlock.patterns };

const comprehension = {
  // `for x in xs if cond:` — the header of a list or map comprehension.
  begin: String.raw`${START}(for)${END}`,
  beginCaptures: { 1: { name: "keyword.control.loop.herd" } },
  end: ":",
  endCaptures: { 0: { name: "punctuation.separator.comprehension.herd" } },
  patterns: [{ include: "#expression" }],
};

const builtinCall = {
  patterns: [
    // secret("name"): stands out, since a secret is never printed.
    { match: String.raw`${START}(secret)\s*(?=\()`, captures: { 1: { name: "support.function.builtin.secret.herd" } } },
    { match: String.raw`${START}(${builtinFunctions.join("|")})\s*(?=\()`, captures: { 1: { name: "support.function.builtin.herd" } } },
  ],
};

const expression = {
  patterns: [
    { include: "#comments" },
    { include: "#strings" },
    { include: "#regex" },
    { include: "#placeBlock" },
    { include: "#comprehension" },
    { include: "#numbers" },
    {
      // `= systemdService { … }`: a record-style call (§4.10).
      match: String.raw`(=)\s*(?!(?:place|with|if|then|else|for|in|none|true|false)${END})(${NAME})\s*(?=\{)`,
      captures: { 1: { name: "keyword.operator.assignment.herd" }, 2: { name: "entity.name.function.call.herd" } },
    },
    {
      // A field: `name =`, `a.b.c =` (not `==`); also named arguments.
      match: String.raw`${START}(${NAME}(?:\s*\.\s*${NAME})*)\s*(?==(?!=))`,
      captures: { 1: { patterns: [{ name: "punctuation.accessor.herd", match: String.raw`\.` }, { name: "variable.other.property.herd", match: NAME }] } },
    },
    {
      // `name { … }` at the start of a line: short for `name = { … }`.
      match: String.raw`^\s*(?!(?:if|then|else|for|in|with|place)${END})(${NAME}(?:\.${NAME})*)\s*(?=\{)`,
      captures: { 1: { patterns: [{ name: "punctuation.accessor.herd", match: String.raw`\.` }, { name: "variable.other.property.herd", match: NAME }] } },
    },
    { include: "#typeAnnotation" },
    { name: "keyword.control.conditional.herd", match: word(["if", "then", "else"]) },
    { name: "keyword.control.loop.herd", match: word(["in"]) },
    { name: "keyword.operator.with.herd", match: word(["with"]) },
    { name: "constant.language.boolean.herd", match: word(["true", "false"]) },
    { name: "constant.language.none.herd", match: word(["none"]) },
    {
      // pkgs.htop, pkgs.python3Packages.requests: a nixpkgs package.
      match: String.raw`${START}(pkgs)(?:(\.)(${NAME}(?:\.${NAME})*))?`,
      captures: {
        1: { name: "support.variable.pkgs.herd" },
        2: { name: "punctuation.accessor.herd" },
        3: { patterns: [{ name: "punctuation.accessor.herd", match: String.raw`\.` }, { name: "support.constant.package.herd", match: NAME }] },
      },
    },
    { include: "#builtinCall" },
    { match: String.raw`${START}(${NAME})\s*(?=\()`, captures: { 1: { name: "entity.name.function.call.herd" } } },
    {
      // hcloud.server { … } / x.f(…): a member that is called.
      match: String.raw`(\.)\s*(${NAME})\s*(?=[({])`,
      captures: { 1: { name: "punctuation.accessor.herd" }, 2: { name: "entity.name.function.call.herd" } },
    },
    { match: String.raw`(\.)\s*(${NAME})`, captures: { 1: { name: "punctuation.accessor.herd" }, 2: { name: "variable.other.property.herd" } } },
    { include: "#typeName" },
    { name: "variable.other.herd", match: NAME },
    { ...braces("#expression") },
    { ...parens("#expression") },
    { include: "#operators" },
    { include: "#punctuation" },
  ],
};

export const grammar = {
  $schema: "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
  name: "Herd",
  scopeName: "source.herd",
  fileTypes: ["sys"],
  patterns: [{ include: "#comments" }, { include: "#declarations" }, { include: "#expression" }],
  repository: {
    comments,
    strings,
    escapes,
    interpolation,
    numbers,
    regex,
    operators,
    punctuation,
    typeName,
    typeExpression,
    recordType,
    typeAnnotation,
    declarations,
    importList,
    placeBlock,
    placeSelector,
    comprehension,
    builtinCall,
    expression,
  },
};

export const grammarPath = fileURLToPath(new URL("../syntaxes/herd.tmLanguage.json", import.meta.url));
export const grammarJson = () => JSON.stringify(grammar, null, 2) + "\n";

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(grammarPath, grammarJson());
  console.log(`wrote ${grammarPath}`);
}
