// The grammar of Herd as a Chevrotain parser whose actions build the typed
// syntax tree of ast.ts directly (no intermediate CST: building one cost four
// times the parse itself). One instance is created and reused, as Chevrotain
// advises; error recovery is on, and a rule that recovers returns the part of
// its node built before the error, so a broken file still yields a tree for
// everything around the mistake.
import { EmbeddedActionsParser, EOF, tokenMatcher, type IToken, type TokenType, type IParserErrorMessageProvider } from "chevrotain";
import { closest } from "../diagnostics/suggest.js";
import type * as A from "./ast.js";
import type { Span } from "./source.js";
import { indentWidth } from "./indentation.js";
import { isRuleKeyword, namedRulesAhead } from "./rule-block.js";
import { namelessDeclarations } from "./declaration-shapes.js";
import * as T from "./tokens.js";
import { TreeBuilder, errorExpr, recordCallArgs, tokenSpan } from "./tree-builder.js";

const binaryOperators = [T.OrOr, T.AndAnd, T.QuestionQuestion, T.EqEq, T.NotEq, T.Lt, T.Le, T.Gt, T.Ge, T.Plus, T.Minus, T.Star, T.Slash, T.Percent];
const arithmeticOperators = [T.Plus, T.Minus, T.Star, T.Slash, T.Percent];
const declarationKeywords = new Set<TokenType>([T.Import, T.Base, T.Pool, T.Node, T.Service, T.Let, T.Type, T.Fn, T.Policy, T.Terraform]);
const fieldFollowers = new Set<TokenType>([T.Eq, T.Dot, T.LCurly]);

/** What Chevrotain keeps of the rules being parsed (not in its typings), for `findReSyncTokenType`. */
interface ChevrotainStack {
  RULE_STACK: number[];
  RULE_STACK_IDX: number;
  fullRuleNameToShort: Record<string, number>;
}
/** Chevrotain's own choice of the token to resync at (recoverable.js), for errors outside interpolations. */
const baseFindReSyncTokenType = (EmbeddedActionsParser.prototype as unknown as { findReSyncTokenType(): TokenType }).findReSyncTokenType;
/** Tokens a value written right after a field's name can start with (`run systemdService { … }`, the `=` left out); not `{`, which is the record sugar. */
const valueStartTypes = new Set<TokenType>([T.IntLit, T.FloatLit, T.UnitLit, T.StringStart, T.LBracket, T.LParen, T.Minus, T.Bang, T.True, T.False, T.None, T.If, T.Place]);
function valueStarts(t: TokenType): boolean {
  return valueStartTypes.has(t) || (t.CATEGORIES ?? []).includes(T.Name);
}

const ruleDescriptions: Record<string, string> = {
  file: "a declaration (import, base, pool, node, service, let, type, fn, policy or terraform)",
  decl: "a declaration (import, base, pool, node, service, let, type, fn, policy or terraform)",
  expr: "a value",
  binaryChain: "a value",
  arithChain: "a value",
  operand: "a value",
  type: "a type",
  primaryType: "a type",
  field: "a field (`name = value`)",
  placeRule: "a placement rule (`on`, `prefer`, `spread by`, `max … per node`, `avoid`, `near`)",
  selAtom: "a label condition such as `tier == \"web\"`",
  fieldKey: "a field name",
  labelKey: "a label name",
  refinement: "a range such as `1..10` or a pattern such as `/^[a-z]+$/`",
  serviceDecl: "`{` or `=` after the service name",
  list: "a list item or `]`",
};

const closers: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

function describeToken(tok: IToken): string {
  if (tok.tokenType === EOF) return "the end of the file";
  if (tok.tokenType === T.Newline) return "the end of the line";
  if (tok.tokenType === T.StringStart) return "a string";
  if (tok.tokenType === T.StringEnd) return "the end of the string";
  return "`" + tok.image + "`";
}

function describeExpected(t: TokenType): string {
  return (t.LABEL as string | undefined) ?? t.name;
}

function describeRule(ruleName: string): string {
  return ruleDescriptions[ruleName] ?? ruleName.replace(/([A-Z])/g, " $1").toLowerCase();
}

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    if (expected === EOF) {
      const closer = closers[actual.image];
      return closer ? `unmatched \`${actual.image}\`: no \`${closer}\` opens it` : `expected a declaration (import, base, pool, node, service, let, type, fn, policy or terraform), found ${describeToken(actual)}`;
    }
    if (expected === T.RCurly && declarationKeywords.has(actual.tokenType)) {
      return `expected \`}\` before this \`${actual.image}\`: is a closing brace missing above?`;
    }
    return `expected ${describeExpected(expected)}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected a declaration (import, base, pool, node, service, let, type, fn, policy or terraform), found ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ actual, ruleName }) {
    return `expected ${describeRule(ruleName)}, found ${describeToken(actual[0]!)}`;
  },
  buildEarlyExitMessage({ actual, ruleName }) {
    return `expected ${describeRule(ruleName)}, found ${describeToken(actual[0]!)}`;
  },
};

const k = (...kinds: string[]): ReadonlySet<string> => new Set(kinds);
const NONE = k();
const FILE = k("File");
const DECL = k("ImportDecl", "BaseDecl", "PoolDecl", "NodeDecl", "ServiceDecl", "LetDecl", "TypeDecl", "FnDecl", "PolicyDecl", "TerraformDecl");
const RULES = k("OnRule", "PreferRule", "SpreadRule", "MaxPerNodeRule", "AvoidRule", "NearRule");
const SELECTORS = k("SelCompare", "SelIn", "SelHas", "SelNot", "SelBinary", "SelParen");
const TYPES = k("NamedType", "ListType", "MapType", "RecordType", "OptionalType", "UnionType", "LiteralType", "ParenType", "ErrorType");
const EXPRS = k("Int", "Float", "Unit", "Bool", "None", "String", "Name", "Member", "Index", "Call", "Record", "List", "For", "If", "Binary", "Unary", "With", "Paren", "Place", "Error");

type Sep = "`,`" | "a line break" | "a line break or `,`";

/** Items separated by separator tokens, reporting adjacent items. */
class SeparatedItems<N extends Span> {
  readonly items: N[] = [];
  private needSep = false;
  private prevEnd = 0;

  constructor(
    private readonly b: TreeBuilder | undefined,
    private readonly what: string,
    private readonly sep: Sep,
  ) {}

  add(item: N | undefined): void {
    if (!item || typeof item.start !== "number" || this.items[this.items.length - 1] === item) return;
    if (this.needSep && item.start >= this.prevEnd) this.b?.missingSeparator(this.prevEnd, item.start, this.what, this.sep);
    this.items.push(item);
    this.prevEnd = item.end;
    this.needSep = true;
  }

  separator(): void {
    this.needSep = false;
  }
}

export class HerdParser extends EmbeddedActionsParser {
  /** The builder of the parse in progress (none while Chevrotain records the grammar). */
  private b: TreeBuilder | undefined;
  /** The node of the rule whose parse just failed, returned when it recovers. */
  private aborted: unknown;

  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      errorMessageProvider: messages,
      skipValidations: process.env.NODE_ENV === "production",
    });
    this.performSelfAnalysis();
  }

  /**
   * Recovery by deleting one token: never the line break before a declaration
   * (`let` ⏎ `let b = 2` would read the second `let` as the first one's
   * name), nor the one after a declaration's keyword (`service` ⏎
   * `replicas = 1`: the name is missing, not `replicas`).
   */
  protected override canTokenTypeBeDeletedInRecovery(_expected: TokenType): boolean {
    if (this.LA(1).tokenType !== T.Newline) return true;
    return !declarationKeywords.has(this.LA(2).tokenType) && !declarationKeywords.has(this.LA(0).tokenType);
  }

  /**
   * Recovery from an error inside `${ … }` goes on after its `}`: Chevrotain
   * would resync at the first token any rule on the stack may be followed
   * by, and a `,` inside (`${(xs, "; ")}`) then ends a field of the record
   * around the string, whose later text is read as fields (an error a line).
   */
  protected findReSyncTokenType(): TokenType {
    const internals = this as unknown as ChevrotainStack;
    const interp = internals.fullRuleNameToShort["interp"];
    for (let i = internals.RULE_STACK_IDX; i > 0; i--) {
      if (internals.RULE_STACK[i] !== interp) continue;
      let depth = 0;
      for (let k = 1; ; k++) {
        const t = this.LA(k).tokenType;
        if (t === EOF) break;
        if (t === T.InterpStart) depth++;
        else if (t === T.InterpEnd && depth-- === 0) return T.InterpEnd;
      }
      break;
    }
    return baseFindReSyncTokenType.call(this);
  }

  /**
   * Whether the `}` ahead is one too many: the list or block opened at
   * `openedAt` goes on after it, on the next line, indented inside it
   * (`volumes = [}` above its items; `maxUnavailable = 1}` above the
   * record's other fields). A block's `}` counts only after something on its
   * line, and on a later line than the block's `{`.
   */
  private strayBrace(openedAt: number, block: boolean): boolean {
    const text = this.b!.text;
    const brace = this.LA(1);
    const braceLine = text.lastIndexOf("\n", brace.startOffset - 1) + 1;
    if (block && (braceLine <= openedAt || text.slice(braceLine, brace.startOffset).trim() === "")) return false;
    let k = 2;
    while (this.LA(k).tokenType === T.Newline) k++;
    const next = this.LA(k);
    if (next.tokenType === EOF || next.tokenType === T.RBracket || next.tokenType === T.RCurly) return false;
    const lineStart = text.lastIndexOf("\n", next.startOffset - 1) + 1;
    if (lineStart <= brace.startOffset) return false;
    const indent = indentWidth(text, lineStart);
    return next.startOffset - lineStart === indent && indent > indentWidth(text, openedAt);
  }

  /** The `}` ahead, one too many (`strayBrace`): one error, with its removal as the fix. */
  private skipStrayBrace(where: string): void {
    // Its own occurrence index: the rule that calls this consumes its own `}` too.
    const stray = this.consume(9, T.RCurly);
    this.ACTION(() => {
      const span = tokenSpan(stray);
      if (span) this.b!.error(span, `unmatched \`}\` inside ${where}: its ${where === "a list" ? "items go" : "fields go"} on below`, { message: "remove it", edits: [{ span, newText: "" }] });
    });
  }

  /** Parses a token vector with a builder for literals, docs and diagnostics. */
  parseFile(tokens: IToken[], builder: TreeBuilder): A.SourceFileNode {
    this.input = tokens;
    this.b = builder;
    this.keywordDepths = keywordDepths(tokens);
    try {
      const tree = this.file();
      return tree && typeof tree === "object" && (tree as A.Node).kind === "File" ? tree : { kind: "File", decls: [], start: 0, end: builder.text.length };
    } finally {
      this.b = undefined;
      this.keywordDepths = undefined;
    }
  }

  /** Per declaration keyword, how many brackets are open before it. */
  private keywordDepths: Map<IToken, number> | undefined;

  // ───────────── helpers ─────────────

  /** A grammar rule whose recovered result is its own partial node (one of
   * `kinds`), built before the error, or nothing. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private herdRule<F extends (...args: any[]) => any>(name: string, kinds: ReadonlySet<string>, impl: F) {
    const wrapped = ((...args: Parameters<F>) => {
      this.aborted = undefined;
      return impl(...args) as ReturnType<F>;
    }) as F;
    return this.RULE(name, wrapped, {
      recoveryValueFunc: () => {
        const a = this.aborted;
        this.aborted = undefined;
        return (this.isNode(a) && kinds.has(a.kind) ? a : undefined) as ReturnType<F>;
      },
    });
  }

  private startOf(): number {
    const t = this.LA(1);
    if (t.tokenType === EOF || !(t.startOffset >= 0)) return this.lastEnd();
    return t.startOffset;
  }

  private lastEnd(): number {
    const t = this.LA(0);
    return t && t.endOffset !== undefined && t.endOffset >= 0 ? endOf(t) : 0;
  }

  /** Runs a rule's body on a node under construction, setting its end; if the
   * body fails, the partial node is what the rule returns when it recovers. */
  private build<N extends Span>(n: N, body: () => void): N {
    try {
      body();
    } catch (e) {
      n.end = Math.max(n.start, this.lastEnd());
      this.aborted = n;
      throw e;
    }
    n.end = Math.max(n.start, this.lastEnd());
    return n;
  }

  /** Sets `n[key]` to a subrule's result; if the subrule fails, to its
   * partial node, so an error deep inside keeps the tree above it. */
  private into<N, K extends keyof N>(n: N, key: K, f: () => N[K]): void {
    try {
      n[key] = f();
    } catch (e) {
      if (this.isNode(this.aborted)) n[key] = this.aborted as N[K];
      throw e;
    }
  }

  /** Adds a subrule's result to a list of items; if it fails, its partial node. */
  private addFrom<N extends Span>(list: SeparatedItems<N>, f: () => N | undefined): void {
    try {
      list.add(f());
    } catch (e) {
      if (this.isNode(this.aborted)) list.add(this.aborted as unknown as N);
      throw e;
    }
  }

  /** Appends an operand of a chain; if it fails, its partial node (or a gap). */
  private operandInto(operands: (A.Expr | undefined)[], f: () => A.Expr): void {
    operands.push(undefined);
    try {
      operands[operands.length - 1] = f();
    } catch (e) {
      if (this.isNode(this.aborted) && EXPRS.has(this.aborted.kind)) operands[operands.length - 1] = this.aborted as A.Expr;
      throw e;
    }
  }

  private ident(t: IToken): A.Ident | undefined {
    const s = tokenSpan(t);
    return s ? { kind: "Ident", name: t.image, ...s } : undefined;
  }

  private withDoc<N extends { start: number; doc?: A.DocComment }>(n: N): N {
    const doc = this.b?.docFor(n.start);
    if (doc) n.doc = doc;
    return n;
  }

  private isNode(x: unknown): x is A.Node {
    return typeof x === "object" && x !== null && typeof (x as A.Node).kind === "string" && typeof (x as A.Node).start === "number";
  }

  // ───────────── file and declarations ─────────────

  file = this.herdRule("file", FILE, (): A.SourceFileNode => {
    const decls = new SeparatedItems<A.Decl>(this.b, "declarations", "a line break");
    const n: A.SourceFileNode = { kind: "File", decls: decls.items, start: 0, end: 0 };
    try {
      this.MANY({
        // Also what recovery after an error skips to: a declaration's keyword
        // first on its line, not one inside the text it skips (`max 1 per
        // node` in a body whose header is gone is not a `node` declaration).
        GATE: () => this.mayStartDeclaration(),
        DEF: () => {
          this.OR([
            { ALT: () => this.addFrom(decls, () => this.SUBRULE(this.decl)) },
            { ALT: () => (this.CONSUME(T.Newline), decls.separator()) },
          ]);
        },
      });
    } catch (e) {
      // An error only the whole file can recover from (at the end of the
      // file): the declaration it interrupted was kept by addFrom.
      n.end = this.b?.text.length ?? 0;
      this.aborted = n;
      throw e;
    }
    n.end = this.b?.text.length ?? 0;
    return n;
  });

  decl = this.herdRule("decl", DECL, (): A.Decl => {
    const d = this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.baseDecl) },
      { ALT: () => this.SUBRULE(this.poolDecl) },
      { ALT: () => this.SUBRULE(this.nodeDecl) },
      { ALT: () => this.SUBRULE(this.serviceDecl) },
      { ALT: () => this.SUBRULE(this.letDecl) },
      { ALT: () => this.SUBRULE(this.typeDecl) },
      { ALT: () => this.SUBRULE(this.fnDecl) },
      { ALT: () => this.SUBRULE(this.policyDecl) },
      { ALT: () => this.SUBRULE(this.terraformDecl) },
    ]);
    return d as A.Decl;
  });

  importDecl = this.herdRule("importDecl", k("ImportDecl"), (): A.ImportDecl => {
    const n: A.ImportDecl = this.withDoc({ kind: "ImportDecl", start: this.startOf(), end: 0 });
    return this.build(n, () => {
      this.CONSUME(T.Import);
      this.into(n, "path", () => this.SUBRULE(this.string));
      this.OPTION(() => {
        this.OR([
          {
            ALT: () => {
              this.CONSUME(T.As);
              const alias = this.ident(this.CONSUME(T.Identifier));
              if (alias) n.alias = alias;
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.LCurly);
              const names = new SeparatedItems<A.ImportName>(this.b, "imported names", "`,`");
              n.names = names.items;
              this.MANY({
                // A declaration's keyword first on its line ends a list whose `}` is missing (no name imported is a keyword).
                GATE: () => !(declarationKeywords.has(this.LA(1).tokenType) && this.charBefore(this.LA(1).startOffset) === "\n"),
                DEF: () => {
                  this.OR1([
                    { ALT: () => this.addFrom(names, () => this.SUBRULE(this.importName)) },
                    { ALT: () => (this.CONSUME(T.Comma), names.separator()) },
                    { ALT: () => (this.CONSUME(T.Newline), names.separator()) },
                  ]);
                },
              });
              this.CONSUME(T.RCurly);
            },
          },
        ]);
      });
    });
  });

  importName = this.herdRule("importName", k("ImportName"), (): A.ImportName => {
    const start = this.startOf();
    const name = this.ident(this.CONSUME(T.Identifier));
    const n = { kind: "ImportName", name, start, end: 0 } as A.ImportName;
    return this.build(n, () => {
      this.OPTION(() => {
        this.CONSUME(T.As);
        const alias = this.ident(this.CONSUME1(T.Identifier));
        if (alias) n.alias = alias;
      });
    });
  });

  baseDecl = this.herdRule("baseDecl", k("BaseDecl"), (): A.BaseDecl => {
    const kw = this.CONSUME(T.Base);
    const n: A.BaseDecl = this.withDoc({ kind: "BaseDecl", keyword: tokenSpan(kw) ?? { start: 0, end: 0 }, start: kw.startOffset, end: 0 });
    return this.build(n, () => {
      this.into(n, "body", () => this.SUBRULE(this.record, { ARGS: [true] }));
    });
  });

  terraformDecl = this.herdRule("terraformDecl", k("TerraformDecl"), (): A.TerraformDecl => {
    const kw = this.CONSUME(T.Terraform);
    const n: A.TerraformDecl = this.withDoc({ kind: "TerraformDecl", keyword: tokenSpan(kw) ?? { start: 0, end: 0 }, start: kw.startOffset, end: 0 });
    return this.build(n, () => {
      this.into(n, "body", () => this.SUBRULE(this.record, { ARGS: [true] }));
    });
  });

  poolDecl = this.herdRule("poolDecl", k("PoolDecl"), (): A.PoolDecl => {
    const n: A.PoolDecl = this.withDoc({ kind: "PoolDecl", start: this.startOf(), end: 0 });
    return this.build(n, () => {
      this.CONSUME(T.Pool);
      const name = this.ident(this.CONSUME(T.Identifier));
      if (name) n.name = name;
      this.into(n, "body", () => this.SUBRULE(this.record, { ARGS: [true] }));
    });
  });

  nodeDecl = this.herdRule("nodeDecl", k("NodeDecl"), (): A.NodeDecl => {
    const n: A.NodeDecl = this.withDoc({ kind: "NodeDecl", start: this.startOf(), end: 0 });
    return this.build(n, () => {
      this.CONSUME(T.Node);
      const name = this.ident(this.CONSUME(T.Identifier));
      if (name) n.name = name;
      this.into(n, "body", () => this.SUBRULE(this.record, { ARGS: [true] }));
    });
  });

  serviceDecl = this.herdRule("serviceDecl", k("ServiceDecl"), (): A.ServiceDecl => {
    const n: A.ServiceDecl = this.withDoc({ kind: "ServiceDecl", start: this.startOf(), end: 0 });
    return this.build(n, () => {
      this.CONSUME(T.Service);
      const name = this.ident(this.CONSUME(T.Identifier));
      if (name) n.name = name;
      this.OR([
        { ALT: () => this.into(n, "value", () => this.SUBRULE(this.record, { ARGS: [true] })) },
        {
          ALT: () => {
            const eq = this.CONSUME(T.Eq);
            n.value = errorExpr({ start: endOf(eq), end: endOf(eq) });
            this.into(n, "value", () => this.SUBRULE(this.expr));
          },
        },
      ]);
    });
  });

  letDecl = this.herdRule("letDecl", k("LetDecl"), (): A.LetDecl => {
    const n: A.LetDecl = this.withDoc({ kind: "LetDecl", start: this.startOf(), end: 0 });
    return this.build(n, () => {
      this.CONSUME(T.Let);
      const name = this.ident(this.CONSUME(T.Identifier));
      if (name) n.name = name;
      this.OPTION(() => {
        this.CONSUME(T.Colon);
        this.into(n, "type", () => this.SUBRULE(this.type));
      });
      const eq = this.CONSUME(T.Eq);
      n.value = errorExpr({ start: endOf(eq), end: endOf(eq) });
      this.into(n, "value", () => this.SUBRULE(this.expr));
    });
  });

  typeDecl = this.herdRule("typeDecl", k("TypeDecl"), (): A.TypeDecl => {
    const n: A.TypeDecl = this.withDoc({ kind: "TypeDecl", start: this.startOf(), end: 0 });
    return this.build(n, () => {
      this.CONSUME(T.Type);
      const name = this.ident(this.CONSUME(T.Identifier));
      if (name) n.name = name;
      this.CONSUME(T.Eq);
      this.into(n, "type", () => this.SUBRULE(this.type));
    });
  });

  fnDecl = this.herdRule("fnDecl", k("FnDecl"), (): A.FnDecl => {
    const n: A.FnDecl = this.withDoc({ kind: "FnDecl", params: [], start: this.startOf(), end: 0 });
    return this.build(n, () => {
      this.CONSUME(T.Fn);
      const name = this.ident(this.CONSUME(T.Identifier));
      if (name) n.name = name;
      this.CONSUME(T.LParen);
      const params = new SeparatedItems<A.Param>(this.b, "parameters", "`,`");
      n.params = params.items;
      this.MANY(() => {
        this.OR([
          { ALT: () => this.addFrom(params, () => this.SUBRULE(this.param)) },
          { ALT: () => (this.CONSUME(T.Comma), params.separator()) },
        ]);
      });
      this.CONSUME(T.RParen);
      this.OPTION(() => {
        this.CONSUME(T.Colon);
        this.into(n, "returnType", () => this.SUBRULE(this.type));
      });
      this.CONSUME(T.Eq);
      this.into(n, "body", () => this.SUBRULE(this.expr));
    });
  });

  param = this.herdRule("param", k("Param"), (): A.Param => {
    const start = this.startOf();
    const name = this.ident(this.CONSUME(T.Identifier));
    const n = { kind: "Param", name, start, end: 0 } as A.Param;
    return this.build(n, () => {
      this.OPTION(() => {
        this.CONSUME(T.Colon);
        this.into(n, "type", () => this.SUBRULE(this.type));
      });
      this.OPTION1(() => {
        this.CONSUME(T.Eq);
        this.into(n, "default", () => this.SUBRULE(this.expr));
      });
    });
  });

  policyDecl = this.herdRule("policyDecl", k("PolicyDecl"), (): A.PolicyDecl => {
    const kw = this.CONSUME(T.Policy);
    const items = new SeparatedItems<A.Field | A.SurviveRule>(this.b, "policy rules", "a line break");
    const n: A.PolicyDecl = this.withDoc({ kind: "PolicyDecl", keyword: tokenSpan(kw) ?? { start: 0, end: 0 }, items: items.items, start: kw.startOffset, end: 0 });
    return this.build(n, () => {
      this.CONSUME(T.LCurly);
      this.MANY(() => {
        this.OR({
          IGNORE_AMBIGUITIES: true,
          DEF: [
            {
              // `survive` is also a valid field name (`survive = …`); the rule wins otherwise.
              GATE: () => !fieldFollowers.has(this.LA(2).tokenType),
              ALT: () => this.addFrom(items, () => this.SUBRULE(this.surviveRule)),
            },
            { ALT: () => this.addFrom(items, () => this.SUBRULE(this.field)) },
            { ALT: () => (this.CONSUME(T.Newline), items.separator()) },
            { ALT: () => (this.CONSUME1(T.Comma), items.separator()) },
          ],
        });
      });
      this.CONSUME(T.RCurly);
    });
  });

  surviveRule = this.herdRule("surviveRule", k("SurviveRule"), (): A.SurviveRule => {
    const n: A.SurviveRule = { kind: "SurviveRule", start: this.startOf(), end: 0 };
    return this.build(n, () => {
      this.CONSUME(T.Survive);
      this.into(n, "count", () => this.SUBRULE(this.arithChain));
      this.CONSUME(T.Node);
      this.OR([{ ALT: () => this.CONSUME(T.Failure) }, { ALT: () => this.CONSUME(T.Failures) }]);
    });
  });

  // ───────────── records and fields ─────────────

  /** The error of a field written without `=` after its name (which ends at `at`). */
  private missingEq(at: number, name: string): void {
    const span = { start: at, end: at };
    this.b!.error(span, `a field is set with \`=\`: write \`${name} = …\``, { message: "insert `=`", edits: [{ span, newText: " =" }] });
  }

  /** A field's name written as a string. */
  private quotedKey(s: A.StringExpr): A.FieldKey {
    // `"www.${domain}" = …`: a computed key (allowed in maps only; the checker says so).
    if (s.parts?.some((p) => p.kind === "Interp")) {
      return { kind: "FieldKey", name: `\u0000${s.start}`, quoted: true, computed: s, start: s.start, end: s.end } as A.FieldKey;
    }
    return { kind: "FieldKey", name: this.b!.plainString(s, "a field name"), quoted: true, start: s.start, end: s.end } as A.FieldKey;
  }

  /** At a quoted name (`"a.b"`, no `${…}`) that starts an item: whether a value follows it on its line, with no `=` between. */
  private valueAfterQuotedKey(): boolean {
    if (!this.startsItem(this.LA(1).startOffset)) return false;
    let k = 2;
    for (let t = this.LA(k).tokenType; t !== T.StringEnd; t = this.LA(++k).tokenType) if (t !== T.StringText) return false;
    const end = this.LA(k);
    const next = this.LA(k + 1);
    return valueStarts(next.tokenType) && !(this.b?.text.slice(end.startOffset, next.startOffset).includes("\n") ?? false);
  }

  /** The character before `offset`, spaces aside: "\n" at the start of a line (or of the text, or with no text to look at). */
  private charBefore(offset: number): string {
    const text = this.b?.text;
    if (text === undefined) return "\n";
    let i = offset - 1;
    while (i >= 0 && (text[i] === " " || text[i] === "\t")) i--;
    return i < 0 || text[i] === "\r" ? "\n" : text[i]!;
  }

  /** Whether an item of a block starts at `offset`: first on its line, or after `{` or `,`. */
  private startsItem(offset: number): boolean {
    const c = this.charBefore(offset);
    return c === "\n" || c === "{" || c === ",";
  }

  /** Whether the next token may start a top-level item: anything but a declaration keyword inside brackets that follows something else on its line. */
  private mayStartDeclaration(): boolean {
    const t = this.LA(1);
    if (!declarationKeywords.has(t.tokenType)) return true;
    const before = this.LA(0).tokenType;
    return before === T.Newline || before === EOF || this.keywordDepths?.get(t) === 0 || this.charBefore(t.startOffset) === "\n";
  }

  /** A declaration keyword followed by a name is a declaration (a `}` is
   * missing before it), not a field named like the keyword. */
  private startsDeclaration(): boolean {
    const t = this.LA(1);
    // `policy {`, `base {`, `terraform {` at the start of a line: declarations without a name (a field so named sits indented).
    if (namelessDeclarations.has(t.tokenType) && this.LA(2).tokenType === T.LCurly) return this.charBefore(t.startOffset) === "\n";
    if (!declarationKeywords.has(t.tokenType) || fieldFollowers.has(this.LA(2).tokenType)) return false;
    // A declaration's shape: `import "…"`, or the keyword and a name (`type "m6i.large"`, the `=` left out, is a field).
    if (t.tokenType === T.Import ? this.LA(2).tokenType !== T.StringStart : !tokenMatcher(this.LA(2), T.Name)) return false;
    // At the start of its line; mid-line (`{ type "cx22" }`, the `=` left out) it is a field's name.
    return this.charBefore(t.startOffset) === "\n";
  }

  record = this.herdRule("record", k("Record"), (block: boolean): A.RecordExpr => {
    const fields = new SeparatedItems<A.Field>(this.b, "fields", "a line break or `,`");
    const n: A.RecordExpr = { kind: "Record", fields: fields.items, block: block === true, start: this.startOf(), end: 0 };
    return this.build(n, () => {
      this.CONSUME(T.LCurly);
      this.MANY({
        // A `}` one too many, after a field whose record goes on below, is skipped (strayBrace).
        GATE: () => (this.LA(1).tokenType === T.RCurly ? this.strayBrace(n.start, true) : !this.startsDeclaration()),
        DEF: () => {
          this.OR([
            { ALT: () => this.addFrom(fields, () => this.SUBRULE(this.field)) },
            { ALT: () => (this.CONSUME(T.Newline), fields.separator()) },
            { ALT: () => (this.CONSUME(T.Comma), fields.separator()) },
            { ALT: () => this.skipStrayBrace("a record") },
          ]);
        },
      });
      this.CONSUME(T.RCurly);
    });
  });

  /** `{for x in xs: key = value}`: a map built by a comprehension. */
  mapFor = this.herdRule("mapFor", k("For"), (): A.ForExpr => {
    const n: A.ForExpr = { kind: "For", start: this.startOf(), end: 0 };
    return this.build(n, () => {
      this.CONSUME(T.LCurly);
      this.CONSUME(T.For);
      const first = this.ident(this.CONSUME(T.Identifier));
      if (first) n.first = first;
      this.OPTION(() => {
        this.CONSUME(T.Comma);
        const second = this.ident(this.CONSUME1(T.Identifier));
        if (second) n.second = second;
      });
      this.CONSUME(T.In);
      this.into(n, "iterable", () => this.SUBRULE(this.expr));
      this.OPTION1(() => {
        this.CONSUME(T.If);
        this.into(n, "condition", () => this.SUBRULE1(this.expr));
      });
      this.CONSUME(T.Colon);
      this.into(n, "key", () => this.SUBRULE(this.fieldKey));
      this.CONSUME(T.Eq);
      this.into(n, "body", () => this.SUBRULE2(this.expr));
      this.CONSUME(T.RCurly);
    });
  });

  field = this.herdRule("field", k("Field"), (): A.Field => {
    const n: A.Field = this.withDoc({ kind: "Field", path: [], start: this.startOf(), end: 0 });
    return this.build(n, () => {
      this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          {
            // `place { … }`; `place = …` is an ordinary field (two tokens tell them apart).
            ALT: () => {
              const kw = this.LA(1);
              n.path = [{ kind: "FieldKey", name: "place", quoted: false, start: kw.startOffset, end: endOf(kw) }];
              this.into(n, "value", () => this.SUBRULE(this.placeBlock));
            },
          },
          {
            // `pace { on … }`: rules under another name (rule-block.ts).
            GATE: () => tokenMatcher(this.LA(1), T.Name) && namedRulesAhead((k) => this.LA(k).tokenType),
            ALT: () => {
              const name = this.LA(1);
              n.path = [{ kind: "FieldKey", name: name.image, quoted: false, start: name.startOffset, end: endOf(name) }];
              this.into(n, "value", () => this.SUBRULE(this.namedPlaceBlock));
            },
          },
          {
            // `run systemdService { … }`: the `=` left out, read as if it were there, with one error that says so.
            // (A plain name only: `{ for x in … }` is a comprehension, and `{ let y = 2 }` a declaration where a field goes.)
            GATE: () => valueStarts(this.LA(2).tokenType) && this.startsItem(this.LA(1).startOffset),
            ALT: () => {
              const key = this.CONSUME(T.PlainIdent);
              n.path = [{ kind: "FieldKey", name: key.image, quoted: false, start: key.startOffset, end: endOf(key) }];
              this.ACTION(() => this.missingEq(endOf(key), key.image));
              n.value = errorExpr({ start: endOf(key), end: endOf(key) });
              this.into(n, "value", () => this.SUBRULE2(this.expr));
            },
          },
          {
            // `"api.example.com" proxy(…)`: the same with a quoted name.
            GATE: () => this.LA(1).tokenType === T.StringStart && this.valueAfterQuotedKey(),
            ALT: () => {
              const quoted = this.SUBRULE9(this.string);
              const key = this.ACTION(() => this.quotedKey(quoted));
              if (this.isNode(key)) n.path.push(key);
              this.ACTION(() => this.isNode(key) && this.missingEq(key.end, this.b!.text.slice(key.start, key.end)));
              n.value = errorExpr({ start: this.lastEnd(), end: this.lastEnd() });
              this.into(n, "value", () => this.SUBRULE3(this.expr));
            },
          },
          {
            // `{  = "mon", zone = … }`: a field's name lost. One error at the `=`, the value read; no key, so nothing reported missing.
            GATE: () => this.startsItem(this.LA(1).startOffset),
            ALT: () => {
              const eq = this.CONSUME7(T.Eq);
              this.ACTION(() => {
                const span = tokenSpan(eq);
                if (span) this.b!.error(span, "a field's name is missing before `=`");
              });
              n.value = errorExpr({ start: endOf(eq), end: endOf(eq) });
              this.into(n, "value", () => this.SUBRULE4(this.expr));
            },
          },
          {
            // A name alone on its line with rules below it (`place {` cut short to `pla`): one error, the rules read as the block's.
            GATE: () => tokenMatcher(this.LA(1), T.Name) && this.LA(2).tokenType === T.Newline && isRuleKeyword(this.LA(3).tokenType) && this.LA(4).tokenType !== T.Eq && this.startsItem(this.LA(1).startOffset),
            ALT: () => {
              const name = this.CONSUME9(T.Name);
              const span = tokenSpan(name);
              if (span) n.path = [{ kind: "FieldKey", name: "place", quoted: false, ...span }];
              this.ACTION(() => {
                if (span) this.b!.error(span, `\`${name.image}\` alone is not a field; did you mean \`place {\`? The rules below it need it`, { message: "write `place {`", edits: [{ span, newText: "place {" }] });
              });
              this.CONSUME1(T.Newline);
              this.into(n, "value", () => this.SUBRULE(this.headlessPlaceBlock));
            },
          },
          {
            // A name alone on its line (`count` cut short to `c`): one error at it, the fields after it read. No key, so not also an unknown field.
            GATE: () => tokenMatcher(this.LA(1), T.Name) && lineEnders.has(this.LA(2).tokenType) && this.startsItem(this.LA(1).startOffset),
            ALT: () => {
              const name = this.CONSUME8(T.Name);
              this.ACTION(() => {
                const span = tokenSpan(name);
                if (span) this.b!.error(span, `\`${name.image}\` alone is not a field: a field is \`name = value\``);
              });
            },
          },
          {
            // Not a name and then a value (`type "cx22"`, `{ let y = 2 }`): the lookahead that a dotted field's missing `=`
            // adds below would take those too; they are errors the recovering parse words (parse.ts `missingEq`).
            GATE: () => !valueStarts(this.LA(2).tokenType),
            ALT: () => {
              const first = this.SUBRULE(this.fieldKey);
              if (this.isNode(first)) n.path.push(first);
              this.MANY(() => {
                this.CONSUME(T.Dot);
                const k = this.SUBRULE1(this.fieldKey);
                if (this.isNode(k)) n.path.push(k);
              });
              this.OR1([
                {
                  ALT: () => {
                    const eq = this.CONSUME(T.Eq);
                    n.value = errorExpr({ start: endOf(eq), end: endOf(eq) });
                    this.into(n, "value", () => this.SUBRULE(this.expr));
                  },
                },
                { ALT: () => this.into(n, "value", () => this.SUBRULE1(this.record, { ARGS: [false] })) },
                {
                  // `ssh.authorizedKeys [ … ]`: a dotted field's `=` left out, read as if it were there (one error, `=` as its fix).
                  // (A plain name's case is the field rule's own alternative, which knows it starts an item.)
                  GATE: () => n.path.length > 1 && valueStarts(this.LA(1).tokenType),
                  IGNORE_AMBIGUITIES: true,
                  ALT: () => {
                    const key = n.path[n.path.length - 1]!;
                    this.ACTION(() => this.missingEq(key.end, this.b!.text.slice(n.path[0]!.start, key.end)));
                    n.value = errorExpr({ start: key.end, end: key.end });
                    this.into(n, "value", () => this.SUBRULE5(this.expr));
                  },
                },
                {
                  // `cpu: 2`, as in JSON or YAML: read as `cpu = 2`, with one error that says so.
                  ALT: () => {
                    const colon = this.CONSUME(T.Colon);
                    this.ACTION(() => {
                      const at = { start: colon.startOffset, end: endOf(colon) };
                      const spaced = this.b!.text[at.end] === " ";
                      this.b!.error(at, "a field is set with `=`, not `:`", { message: "write `=`", edits: [{ span: at, newText: spaced ? " =" : " = " }] });
                    });
                    n.value = errorExpr({ start: endOf(colon), end: endOf(colon) });
                    this.into(n, "value", () => this.SUBRULE1(this.expr));
                  },
                },
              ]);
            },
          },
        ],
      });
    });
  });

  fieldKey = this.herdRule("fieldKey", k("FieldKey"), (): A.FieldKey => {
    return this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.Name);
          return { kind: "FieldKey", name: t.image, quoted: false, start: t.startOffset, end: endOf(t) } as A.FieldKey;
        },
      },
      {
        ALT: () => {
          const s = this.SUBRULE(this.string);
          return this.ACTION(() => this.quotedKey(s));
        },
      },
    ]);
  });

  // ───────────── placement rules ─────────────

  placeBlock = this.herdRule("placeBlock", k("Place"), (): A.PlaceExpr => this.rulesBlock(() => this.CONSUME(T.Place)));

  /** A block of rules under another name than `place` (rule-block.ts): a rule of its own, so that an expression never starts with it. */
  namedPlaceBlock = this.herdRule("namedPlaceBlock", k("Place"), (): A.PlaceExpr => this.rulesBlock(() => this.CONSUME(T.Name)));

  /** The rules below a name alone on its line (`place {` cut short to `pla`), up to the `}` that ends them: a block that lacks its first line. */
  headlessPlaceBlock = this.herdRule("headlessPlaceBlock", k("Place"), (): A.PlaceExpr => this.rulesBlock(undefined));

  /** `{ rules }` after the word that opens it (none: the rules alone, their block's first line cut short). */
  private rulesBlock(opener: (() => void) | undefined): A.PlaceExpr {
    const rules = new SeparatedItems<A.PlaceRule>(this.b, "placement rules", "a line break");
    const n: A.PlaceExpr = { kind: "Place", rules: rules.items, start: this.startOf(), end: 0 };
    return this.build(n, () => {
      const openedAt = n.start;
      if (opener) {
        opener();
        this.CONSUME(T.LCurly);
      }
      this.MANY({
        // A field (`run = …`) ends the rules: the block's `}` is missing before it (one error, the field read as the body's);
        // unless rules follow it (`place {` and the line below swapped): then it is a field among them (`strayFieldInRules`).
        GATE: () => !(tokenMatcher(this.LA(1), T.Name) && this.LA(2).tokenType === T.Eq) || this.fieldAmongRules(),
        DEF: () => {
          // Before the alternatives, not among them: another alternative starting with a name made their lookahead longer, and a rule with a bad operand (`on 5`) failed at its keyword.
          this.OPTION({ GATE: () => this.fieldAmongRules(), DEF: () => this.SUBRULE(this.strayFieldInRules, { ARGS: [openedAt] }) });
          this.OR([
            { ALT: () => this.addFrom(rules, () => this.SUBRULE(this.placeRule)) },
            { ALT: () => this.SUBRULE(this.unknownRule) },
            { GATE: () => this.strayMarkInRules(), ALT: () => this.SUBRULE(this.strayMarkInRule) },
            { ALT: () => (this.CONSUME(T.Newline), rules.separator()) },
            { ALT: () => (this.CONSUME(T.Comma), rules.separator()) },
          ]);
        },
      });
      this.CONSUME(T.RCurly);
    });
  }

  placeRule = this.herdRule("placeRule", RULES, (): A.PlaceRule => {
    const start = this.startOf();
    return this.OR([
      {
        ALT: () => {
          const n: A.OnRule = { kind: "OnRule", start, end: 0 };
          return this.build(n, () => {
            this.CONSUME(T.On);
            this.into(n, "selector", () => this.SUBRULE(this.selector));
          });
        },
      },
      {
        ALT: () => {
          const n: A.PreferRule = { kind: "PreferRule", start, end: 0 };
          return this.build(n, () => {
            this.CONSUME(T.Prefer);
            this.into(n, "selector", () => this.SUBRULE1(this.selector));
            this.OPTION(() => {
              this.CONSUME(T.Weight);
              this.into(n, "weight", () => this.SUBRULE(this.arithChain));
            });
          });
        },
      },
      {
        ALT: () => {
          const n: A.SpreadRule = { kind: "SpreadRule", start, end: 0 };
          return this.build(n, () => {
            this.CONSUME(T.Spread);
            this.CONSUME(T.By);
            this.into(n, "label", () => this.SUBRULE(this.labelKey));
            this.OPTION1(() => {
              this.CONSUME(T.Skew);
              this.into(n, "skew", () => this.SUBRULE1(this.arithChain));
            });
          });
        },
      },
      {
        ALT: () => {
          const n: A.MaxPerNodeRule = { kind: "MaxPerNodeRule", start, end: 0 };
          return this.build(n, () => {
            this.CONSUME(T.Max);
            this.into(n, "count", () => this.SUBRULE2(this.arithChain));
            this.CONSUME(T.Per);
            this.CONSUME(T.Node);
          });
        },
      },
      {
        ALT: () => {
          const n: A.AvoidRule = { kind: "AvoidRule", start, end: 0 };
          return this.build(n, () => {
            this.CONSUME(T.Avoid);
            const t = this.CONSUME(T.Identifier);
            const s = tokenSpan(t);
            if (s) n.service = { kind: "Name", name: t.image, ...s };
          });
        },
      },
      {
        ALT: () => {
          const n: A.NearRule = { kind: "NearRule", start, end: 0 };
          return this.build(n, () => {
            this.CONSUME(T.Near);
            const t = this.CONSUME1(T.Identifier);
            const s = tokenSpan(t);
            if (s) n.service = { kind: "Name", name: t.image, ...s };
          });
        },
      },
    ]);
  });

  /** A line in a place block that starts with a word that is no rule: one
   * diagnostic, the line skipped, instead of derailing the block. */
  unknownRule = this.herdRule("unknownRule", NONE, (): void => {
    const word = this.CONSUME(T.PlainIdent);
    this.ACTION(() => {
      for (;;) {
        const t = this.LA(1).tokenType;
        if (t === T.Newline || t === T.RCurly || t === T.Comma || t === EOF) break;
        this.SKIP_TOKEN();
      }
      const ws = tokenSpan(word);
      if (!ws) return;
      const meant = closestRule(word.image);
      this.b!.diagnostics.push({
        code: "H0110",
        severity: "error",
        file: this.b!.file,
        span: ws,
        message: `\`${word.image}\` is not a placement rule${meant ? `; did you mean \`${meant}\`?` : ": rules are `on`, `prefer`, `spread by`, `max … per node`, `avoid` and `near`"}`,
        ...(meant ? { fix: { message: `write \`${meant}\``, edits: [{ span: ws, newText: meant }] } } : {}),
      });
    });
  });

  /** Whether a field (`name = …`, over as many lines as its brackets take) is ahead and a rule starts the line after it. */
  private fieldAmongRules(): boolean {
    // A plain name only: with every name (keywords too) the block's lookahead would take `place {` inside a record named `place` for rules.
    if (this.LA(1).tokenType !== T.PlainIdent || this.LA(2).tokenType !== T.Eq) return false;
    let depth = 0;
    for (let k = 3; ; k++) {
      const t = this.LA(k).tokenType;
      if (t === EOF) return false;
      if (t === T.LCurly || t === T.LParen || t === T.LBracket) depth++;
      else if (t === T.RCurly || t === T.RParen || t === T.RBracket) {
        if (--depth < 0) return false;
      } else if (t === T.Newline && depth === 0) {
        let next = this.LA(k + 1).tokenType;
        for (let j = k + 2; next === T.Newline; j++) next = this.LA(j).tokenType;
        return isRuleKeyword(next);
      }
    }
  }

  /** The field `fieldAmongRules` found: one error, moving it above the block its fix; skipped, the rules after it read as the block's. */
  strayFieldInRules = this.herdRule("strayFieldInRules", NONE, (openedAt: number): void => {
    const name = this.CONSUME(T.PlainIdent);
    this.ACTION(() => {
      let depth = 0;
      let last = name;
      for (;;) {
        const t = this.LA(1).tokenType;
        if (t === EOF || (t === T.Newline && depth === 0)) break;
        if (t === T.LCurly || t === T.LParen || t === T.LBracket) depth++;
        else if (t === T.RCurly || t === T.RParen || t === T.RBracket) depth--;
        last = this.LA(1);
        this.SKIP_TOKEN();
      }
      const span = tokenSpan(name);
      const end = tokenSpan(last)?.end;
      if (!span || end === undefined) return;
      const text = this.b!.text;
      const lineStart = (at: number) => text.lastIndexOf("\n", at - 1) + 1;
      const from = lineStart(span.start);
      const to = text[end] === "\n" ? end + 1 : end;
      const into = lineStart(openedAt);
      const moved = text.slice(from, to);
      const fix = { message: "move it above the block", edits: [{ span: { start: into, end: into }, newText: moved.endsWith("\n") ? moved : `${moved}\n` }, { span: { start: from, end: to }, newText: "" }] };
      this.b!.error(span, `\`${name.image}\` is a field, among the placement rules: it belongs above \`${text.slice(openedAt, text.indexOf("{", openedAt)).trim()} {\``, fix);
    });
  });

  /** Whether the token ahead is a mark typed by a slip before a rule's keyword (`(on tier == "web"`) or a closer after a rule (`on tier == "web")`). */
  private strayMarkInRules(): boolean {
    const next = this.LA(2).tokenType;
    if (isRuleKeyword(next)) return true;
    const t = this.LA(1).tokenType;
    return (t === T.RParen || t === T.RBracket) && (next === T.Newline || next === T.RCurly || next === EOF);
  }

  /** The mark `strayMarkInRules` found: one error, its removal the fix; the rule is read as if it were not there. */
  strayMarkInRule = this.herdRule("strayMarkInRule", NONE, (): void => {
    const stray = this.OR(strayMarks.map((t) => ({ ALT: () => this.CONSUME(t) })));
    this.ACTION(() => {
      const span = tokenSpan(stray);
      const where = isRuleKeyword(this.LA(1).tokenType) ? "before a placement rule" : "after a placement rule";
      if (span) this.b!.error(span, `unexpected \`${stray.image}\` ${where}`, { message: `remove \`${stray.image}\``, edits: [{ span, newText: "" }] });
    });
  });

  labelKey = this.herdRule("labelKey", k("LabelKey"), (): A.LabelKey => {
    const k = this.SUBRULE(this.fieldKey);
    this.ACTION(() => {
      if (k?.computed) this.b!.error(k, "a label name cannot contain `${…}`: write it out");
    });
    // A key that failed to parse and recovered is missing (its error is reported).
    return (k ? { kind: "LabelKey", name: k.name, quoted: k.quoted, start: k.start, end: k.end } : undefined) as A.LabelKey;
  });

  selector = this.herdRule("selector", SELECTORS, (): A.Selector => {
    let left = this.SUBRULE(this.selAnd);
    this.MANY(() => {
      const op = this.CONSUME(T.OrOr);
      const right = this.SUBRULE1(this.selAnd);
      left = this.ACTION(() => selBinary("||", left, right, op)) ?? left;
    });
    return left;
  });

  selAnd = this.herdRule("selAnd", SELECTORS, (): A.Selector => {
    let left = this.SUBRULE(this.selAtom);
    this.MANY(() => {
      const op = this.CONSUME(T.AndAnd);
      const right = this.SUBRULE1(this.selAtom);
      left = this.ACTION(() => selBinary("&&", left, right, op)) ?? left;
    });
    return left;
  });

  selAtom = this.herdRule("selAtom", SELECTORS, (): A.Selector => {
    const start = this.startOf();
    return this.OR([
      {
        ALT: () => {
          const n: A.SelNot = { kind: "SelNot", start, end: 0 };
          return this.build(n, () => {
            this.CONSUME(T.Bang);
            this.into(n, "operand", () => this.SUBRULE(this.selAtom));
          });
        },
      },
      {
        ALT: () => {
          const n: A.SelParen = { kind: "SelParen", start, end: 0 };
          return this.build(n, () => {
            this.CONSUME(T.LParen);
            this.into(n, "inner", () => this.SUBRULE(this.selector));
            this.CONSUME(T.RParen);
          });
        },
      },
      {
        ALT: () => {
          const label = this.SUBRULE(this.labelKey);
          const n = { kind: "SelHas", label, start, end: 0 } as A.Selector;
          return this.build(n, () => {
            this.OPTION(() => {
              this.OR1([
                {
                  ALT: () => {
                    const cmp = this.OR2([
                      { ALT: () => this.CONSUME(T.EqEq) },
                      { ALT: () => this.CONSUME(T.NotEq) },
                      {
                        // `on tier = "web"`: read as `==`, with one error that says so.
                        ALT: () => {
                          const eq = this.CONSUME(T.Eq);
                          this.ACTION(() => {
                            const at = { start: eq.startOffset, end: endOf(eq) };
                            this.b!.error(at, "a rule compares a label with `==`; `=` sets a field", { message: "write `==`", edits: [{ span: at, newText: "==" }] });
                          });
                          return eq;
                        },
                      },
                    ]);
                    Object.assign(n, { kind: "SelCompare", op: cmp.tokenType === T.Eq ? "==" : cmp.image });
                    this.into(n as A.SelCompare, "value", () => this.SUBRULE(this.arithChain));
                  },
                },
                {
                  ALT: () => {
                    this.CONSUME(T.In);
                    Object.assign(n, { kind: "SelIn" });
                    this.into(n as A.SelIn, "values", () => this.SUBRULE1(this.arithChain));
                  },
                },
              ]);
            });
          });
        },
      },
    ]);
  });

  // ───────────── types ─────────────

  type = this.herdRule("type", TYPES, (): A.TypeExpr => {
    const start = this.startOf();
    let leading = false;
    const members: A.TypeExpr[] = [];
    const n = { kind: "UnionType", members, start, end: 0 } as A.UnionType;
    this.build(n, () => {
      this.OPTION(() => {
        this.CONSUME(T.Pipe);
        leading = true;
      });
      const first = this.SUBRULE(this.optionalType);
      if (first) members.push(first);
      this.MANY(() => {
        this.CONSUME1(T.Pipe);
        const m = this.SUBRULE1(this.optionalType);
        if (m) members.push(m);
      });
    });
    if (members.length === 1 && !leading) return members[0]!;
    if (members.length === 0) return { kind: "ErrorType", start, end: Math.max(start, n.end) };
    return n;
  });

  optionalType = this.herdRule("optionalType", TYPES, (): A.TypeExpr => {
    const start = this.startOf();
    const inner = this.SUBRULE(this.primaryType) ?? ({ kind: "ErrorType", start, end: start } as A.ErrorType);
    let optional = false;
    this.MANY(() => {
      this.CONSUME(T.Question);
      optional = true;
    });
    return optional ? { kind: "OptionalType", inner, start, end: this.lastEnd() } : inner;
  });

  primaryType = this.herdRule("primaryType", TYPES, (): A.TypeExpr => {
    const start = this.startOf();
    return this.OR([
      {
        ALT: () => {
          const first = this.ident(this.CONSUME(T.Identifier));
          const n = { kind: "NamedType", name: first, start, end: 0 } as A.NamedType;
          return this.build(n, () => {
            this.OPTION(() => {
              this.CONSUME(T.Dot);
              const member = this.ident(this.CONSUME(T.Name));
              if (member && first) {
                n.namespace = first;
                n.name = member;
              }
            });
            this.OPTION1(() => {
              this.CONSUME(T.LParen);
              this.into(n, "refinement", () => this.SUBRULE(this.refinement));
              this.CONSUME(T.RParen);
            });
          });
        },
      },
      {
        ALT: () => {
          const n: A.ListType = { kind: "ListType", start, end: 0 };
          return this.build(n, () => {
            this.CONSUME(T.LBracket);
            this.into(n, "element", () => this.SUBRULE(this.type));
            this.CONSUME(T.RBracket);
          });
        },
      },
      {
        ALT: () => {
          const fields = new SeparatedItems<A.RecordTypeField>(this.b, "fields", "a line break or `,`");
          const n = { kind: "RecordType", fields: fields.items, start, end: 0 } as A.RecordType;
          this.build(n, () => {
            this.CONSUME(T.LCurly);
            this.MANY1({
              // A declaration on the next line ends a record type whose `}` is missing (as for a record).
              GATE: () => !this.startsDeclaration(),
              DEF: () => {
                this.OR1([
                  { ALT: () => this.addFrom(fields, () => this.SUBRULE(this.typeField)) },
                  { ALT: () => (this.CONSUME(T.Newline), fields.separator()) },
                  { ALT: () => (this.CONSUME(T.Comma), fields.separator()) },
                ]);
              },
            });
            this.CONSUME(T.RCurly);
          });
          // `{String: T}` is a map.
          const only = fields.items[0];
          if (fields.items.length === 1 && only && only.name.name === "String" && !only.name.quoted && !only.default) {
            const m: A.MapType = { kind: "MapType", start: n.start, end: n.end };
            if (only.type) m.value = only.type;
            return m;
          }
          return n;
        },
      },
      {
        ALT: () => {
          const n: A.ParenType = { kind: "ParenType", start, end: 0 };
          return this.build(n, () => {
            this.CONSUME1(T.LParen);
            this.into(n, "inner", () => this.SUBRULE1(this.type));
            this.CONSUME1(T.RParen);
          });
        },
      },
      {
        ALT: () => {
          const s = this.SUBRULE(this.string);
          return this.ACTION(() => ({ kind: "LiteralType", value: this.b!.plainString(s, "a literal type"), start: s.start, end: s.end }) as A.LiteralType)!;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.IntLit);
          return this.ACTION(() => ({ kind: "LiteralType", value: this.b!.intValue(t), start: t.startOffset, end: endOf(t) }) as A.LiteralType)!;
        },
      },
      {
        ALT: () => {
          const t = this.OR2([{ ALT: () => this.CONSUME(T.True) }, { ALT: () => this.CONSUME(T.False) }]);
          return { kind: "LiteralType", value: t.image === "true", start: t.startOffset, end: endOf(t) } as A.LiteralType;
        },
      },
    ]);
  });

  refinement = this.herdRule("refinement", k('Range', 'Regex'), (): A.Refinement => {
    const start = this.startOf();
    return this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.RegexLit);
          return this.ACTION(() => ({ kind: "Regex", pattern: this.b!.regex(t), start: t.startOffset, end: endOf(t) }) as A.RegexRefinement)!;
        },
      },
      {
        ALT: () => {
          const n: A.RangeRefinement = { kind: "Range", start, end: 0 };
          return this.build(n, () => {
            this.OPTION(() => this.into(n, "min", () => this.SUBRULE(this.arithChain)));
            this.CONSUME(T.DotDot);
            this.OPTION1(() => this.into(n, "max", () => this.SUBRULE1(this.arithChain)));
          });
        },
      },
    ]);
  });

  typeField = this.herdRule("typeField", k("RecordTypeField"), (): A.RecordTypeField => {
    const name = this.SUBRULE(this.fieldKey);
    const n = this.withDoc({ kind: "RecordTypeField", name, start: name.start, end: 0 } as A.RecordTypeField);
    return this.build(n, () => {
      this.CONSUME(T.Colon);
      this.into(n, "type", () => this.SUBRULE(this.type));
      this.OPTION(() => {
        this.CONSUME(T.Eq);
        this.into(n, "default", () => this.SUBRULE(this.expr));
      });
    });
  });

  // ───────────── expressions ─────────────

  expr = this.herdRule("expr", EXPRS, (): A.Expr => {
    const start = this.startOf();
    return this.OR([
      {
        ALT: () => {
          const n: A.IfExpr = { kind: "If", start, end: 0 };
          return this.build(n, () => {
            this.CONSUME(T.If);
            this.into(n, "condition", () => this.SUBRULE(this.expr));
            this.CONSUME(T.Then);
            this.into(n, "then", () => this.SUBRULE1(this.expr));
            this.CONSUME(T.Else);
            this.into(n, "else", () => this.SUBRULE2(this.expr));
          });
        },
      },
      { ALT: () => this.SUBRULE(this.binaryChain) },
    ]);
  });

  // Binary operators are read as flat chains (`a + b * c` is three operands
  // and two operators); the builder applies precedence.
  binaryChain = this.herdRule("binaryChain", EXPRS, (): A.Expr => {
    const start = this.startOf();
    const operands: (A.Expr | undefined)[] = [];
    const ops: IToken[] = [];
    try {
      this.operandInto(operands, () => this.SUBRULE(this.operand));
      this.MANY(() => {
        ops.push(this.OR(binaryOperators.map((op) => ({ ALT: () => this.CONSUME(op) }))));
        this.operandInto(operands, () => this.SUBRULE1(this.operand));
      });
    } catch (e) {
      this.aborted = this.ACTION(() => this.b!.binary(operands, ops, { start, end: this.lastEnd() }));
      throw e;
    }
    return this.ACTION(() => this.b!.binary(operands, ops, { start, end: this.lastEnd() }))!;
  });

  /** Arithmetic only: where `&&`, `||` and comparisons belong to the
   * surrounding construct (label selectors, `max N per node`, ranges). */
  arithChain = this.herdRule("arithChain", EXPRS, (): A.Expr => {
    const start = this.startOf();
    const operands: (A.Expr | undefined)[] = [];
    const ops: IToken[] = [];
    try {
      this.operandInto(operands, () => this.SUBRULE(this.operand));
      this.MANY(() => {
        ops.push(this.OR(arithmeticOperators.map((op) => ({ ALT: () => this.CONSUME(op) }))));
        this.operandInto(operands, () => this.SUBRULE1(this.operand));
      });
    } catch (e) {
      this.aborted = this.ACTION(() => this.b!.binary(operands, ops, { start, end: this.lastEnd() }));
      throw e;
    }
    return this.ACTION(() => this.b!.binary(operands, ops, { start, end: this.lastEnd() }))!;
  });

  /** Prefix operators, a primary value, then member, index, call and `with` suffixes. */
  operand = this.herdRule("operand", EXPRS, (): A.Expr => {
    const prefixes: IToken[] = [];
    this.MANY(() => {
      prefixes.push(this.OR([{ ALT: () => this.CONSUME(T.Bang) }, { ALT: () => this.CONSUME(T.Minus) }]));
    });
    const start = this.startOf();
    let e: A.Expr = this.OR1([
      {
        ALT: () => {
          const t = this.CONSUME(T.IntLit);
          return this.ACTION(() => ({ kind: "Int", value: this.b!.intValue(t), start: t.startOffset, end: endOf(t) }) as A.IntExpr)!;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.FloatLit);
          return { kind: "Float", value: Number(t.image.replace(/_/g, "")), start: t.startOffset, end: endOf(t) } as A.FloatExpr;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.UnitLit);
          return this.ACTION(() => this.b!.unitLiteral(t, { start: t.startOffset, end: endOf(t) }))!;
        },
      },
      {
        ALT: () => {
          const t = this.OR2([{ ALT: () => this.CONSUME(T.True) }, { ALT: () => this.CONSUME(T.False) }]);
          return { kind: "Bool", value: t.image === "true", start: t.startOffset, end: endOf(t) } as A.BoolExpr;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.None);
          return { kind: "None", start: t.startOffset, end: endOf(t) } as A.NoneExpr;
        },
      },
      { ALT: () => this.SUBRULE(this.string) },
      {
        ALT: () => {
          const t = this.CONSUME(T.Identifier);
          return { kind: "Name", name: t.image, start: t.startOffset, end: endOf(t) } as A.NameExpr;
        },
      },
      {
        ALT: () => {
          const n: A.ParenExpr = { kind: "Paren", start, end: 0 };
          return this.build(n, () => {
            this.CONSUME(T.LParen);
            this.into(n, "inner", () => this.SUBRULE(this.expr));
            this.CONSUME(T.RParen);
          });
        },
      },
      { ALT: () => this.SUBRULE(this.list) },
      {
        // `{for x in xs: k = v}` builds a map; `{ … }` is a record (two tokens tell them apart). Tried first: a record's
        // first field may be a name alone (`{ for` ⏎, a field cut short), which to Chevrotain's lookahead looks the same.
        IGNORE_AMBIGUITIES: true,
        ALT: () => this.SUBRULE(this.mapFor),
      },
      { ALT: () => this.SUBRULE(this.record, { ARGS: [false] }) },
      // `place { … }` as a value: `x with { place = place { on … } }`.
      { ALT: () => this.SUBRULE(this.placeBlock) },
      {
        // `zone = .location`: the scanner reported the name lost before the member; an error value here.
        ALT: () => {
          const t = this.CONSUME(T.LostMember);
          return errorExpr({ start: t.startOffset, end: endOf(t) });
        },
      },
    ]);
    e ??= errorExpr({ start, end: Math.max(start, this.lastEnd()) });
    this.MANY1(() => {
      e = this.OR3([
        {
          ALT: () => {
            const m: A.MemberExpr = { kind: "Member", object: e, start: e.start, end: 0 };
            return this.build(m, () => {
              this.CONSUME(T.Dot);
              const id = this.ident(this.CONSUME(T.Name));
              if (id) m.member = id;
            });
          },
        },
        {
          ALT: () => {
            const x: A.IndexExpr = { kind: "Index", object: e, start: e.start, end: 0 };
            return this.build(x, () => {
              this.CONSUME(T.LBracket);
              this.into(x, "index", () => this.SUBRULE1(this.expr));
              this.CONSUME(T.RBracket);
            });
          },
        },
        {
          ALT: () => {
            const args = new SeparatedItems<A.Arg>(this.b, "arguments", "`,`");
            const c: A.CallExpr = { kind: "Call", callee: e, args: args.items, start: e.start, end: 0 };
            return this.build(c, () => {
              this.CONSUME1(T.LParen);
              this.MANY2(() => {
                this.OR4([
                  { ALT: () => this.addFrom(args, () => this.SUBRULE(this.arg)) },
                  { ALT: () => (this.CONSUME(T.Comma), args.separator()) },
                ]);
              });
              this.CONSUME1(T.RParen);
            });
          },
        },
        {
          ALT: () => {
            const c: A.CallExpr = { kind: "Call", callee: e, args: recordCallArgs, start: e.start, end: 0 };
            return this.build(c, () => {
              this.into(c, "record", () => this.SUBRULE1(this.record, { ARGS: [false] }));
            });
          },
        },
        {
          ALT: () => {
            const w: A.WithExpr = { kind: "With", base: e, start: e.start, end: 0 };
            return this.build(w, () => {
              this.CONSUME(T.With);
              this.into(w, "update", () => this.SUBRULE2(this.record, { ARGS: [false] }));
            });
          },
        },
      ]);
    });
    // Prefix operators bind looser than suffixes: `-x.y` is `-(x.y)`.
    this.ACTION(() => {
      for (let i = prefixes.length - 1; i >= 0; i--) {
        const p = prefixes[i]!;
        const ps = tokenSpan(p);
        if (!ps) continue;
        // `-5`, `-2GiB`: a negative literal keeps its literal type.
        if (p.image === "-" && (e.kind === "Int" || e.kind === "Float" || e.kind === "Unit") && e.start === ps.end) {
          e = { ...e, value: -e.value, start: ps.start };
          continue;
        }
        e = { kind: "Unary", op: p.image as "!" | "-", operand: e, start: ps.start, end: e.end };
      }
    });
    return e;
  });

  arg = this.herdRule("arg", k("Arg"), (): A.Arg => {
    const n: A.Arg = { kind: "Arg", start: this.startOf(), end: 0 };
    return this.build(n, () => {
      this.OPTION(() => {
        const t = this.CONSUME(T.Name);
        this.CONSUME(T.Eq);
        const id = this.ident(t);
        if (id) n.name = id;
      });
      this.into(n, "value", () => this.SUBRULE(this.expr));
    });
  });

  list = this.herdRule("list", EXPRS, (): A.Expr => {
    const start = this.startOf();
    this.CONSUME(T.LBracket);
    const result = this.OR([
      {
        ALT: () => {
          const n: A.ForExpr = { kind: "For", start, end: 0 };
          return this.build(n, () => {
            this.CONSUME(T.For);
            const first = this.ident(this.CONSUME(T.Identifier));
            if (first) n.first = first;
            this.OPTION(() => {
              this.CONSUME(T.Comma);
              const second = this.ident(this.CONSUME1(T.Identifier));
              if (second) n.second = second;
            });
            this.CONSUME(T.In);
            this.into(n, "iterable", () => this.SUBRULE(this.expr));
            this.OPTION1(() => {
              this.CONSUME(T.If);
              this.into(n, "condition", () => this.SUBRULE1(this.expr));
            });
            this.CONSUME(T.Colon);
            this.into(n, "body", () => this.SUBRULE2(this.expr));
            this.CONSUME(T.RBracket);
          });
        },
      },
      {
        ALT: () => {
          const items = new SeparatedItems<A.Expr>(this.b, "list items", "`,`");
          const n: A.ListExpr = { kind: "List", items: items.items, start, end: 0 };
          return this.build(n, () => {
            this.MANY({
              // A `}` typed inside a list whose items go on, indented, on the next line (`volumes = [}`): one error, the items kept.
              // Any other `}` ends the list, where the missing `]` is reported.
              GATE: () => this.LA(1).tokenType !== T.RCurly || this.strayBrace(start, false),
              DEF: () => {
                this.OR1([
                  { ALT: () => this.addFrom(items, () => this.SUBRULE3(this.expr)) },
                  { ALT: () => (this.CONSUME1(T.Comma), items.separator()) },
                  { ALT: () => this.skipStrayBrace("a list") },
                ]);
              },
            });
            this.CONSUME1(T.RBracket);
          });
        },
      },
    ]);
    return result;
  });

  string = this.herdRule("string", k("String"), (): A.StringExpr => {
    const open = this.CONSUME(T.StringStart);
    const nix = open.image.startsWith("nix");
    const triple = open.image.endsWith('"""');
    const n: A.StringExpr = { kind: "String", nix, triple, parts: [], start: open.startOffset, end: 0 };
    this.build(n, () => {
      this.MANY(() => {
        this.OR([
          {
            ALT: () => {
              const t = this.CONSUME(T.StringText);
              this.ACTION(() => {
                const p = this.b!.textPart(t, nix, triple);
                if (p) n.parts.push(p);
              });
            },
          },
          { ALT: () => n.parts.push(this.SUBRULE(this.interp)) },
        ]);
      });
      this.CONSUME(T.StringEnd);
    });
    if (triple) this.ACTION(() => this.b!.trimTripleQuoted(n.parts, n));
    return n;
  });

  interp = this.herdRule("interp", k("Interp"), (): A.InterpPart => {
    const n: A.InterpPart = { kind: "Interp", start: this.startOf(), end: 0 };
    return this.build(n, () => {
      this.CONSUME(T.InterpStart);
      this.into(n, "expr", () => this.SUBRULE(this.expr));
      this.CONSUME(T.InterpEnd);
    });
  });
}

/** The offset just after a token. */
function endOf(t: IToken): number {
  return (t.endOffset ?? t.startOffset) + 1;
}

function selBinary(op: "&&" | "||", left: A.Selector | undefined, right: A.Selector | undefined, opTok: IToken): A.Selector | undefined {
  // An operand that failed to parse (reported already) leaves the other one.
  if (!left || typeof left.start !== "number") return right && typeof right.start === "number" ? right : undefined;
  const b: A.SelBinary = { kind: "SelBinary", op, left, start: left.start, end: right && typeof right.end === "number" ? right.end : endOf(opTok) };
  if (right && typeof right.start === "number") b.right = right;
  return b;
}

const ruleKeywords = ["on", "prefer", "spread", "max", "avoid", "near"];

/** What may end a field's line: a name right before one of these is the whole field. */
const lineEnders = new Set<TokenType>([T.Newline, T.RCurly, T.Comma]);

/** Marks a slip of the hand leaves before or after a rule (see `strayMarkInRule`). */
const strayMarks = [T.LParen, T.LBracket, T.LCurly, T.RParen, T.RBracket, T.Dot, T.Eq, T.Colon];

function closestRule(word: string): string | undefined {
  return closest(word, ruleKeywords);
}

let instance: HerdParser | undefined;

/** The one parser instance (building it runs Chevrotain's grammar analysis). */
export function herdParser(): HerdParser {
  instance ??= new HerdParser();
  return instance;
}

const openingBrackets = new Set<TokenType>([T.LCurly, T.LParen, T.LBracket]);
const closingBrackets = new Set<TokenType>([T.RCurly, T.RParen, T.RBracket]);

function keywordDepths(tokens: readonly IToken[]): Map<IToken, number> {
  const out = new Map<IToken, number>();
  let depth = 0;
  for (const t of tokens) {
    if (closingBrackets.has(t.tokenType) && depth > 0) depth--;
    else if (openingBrackets.has(t.tokenType)) depth++;
    else if (declarationKeywords.has(t.tokenType)) out.set(t, depth);
  }
  return out;
}
