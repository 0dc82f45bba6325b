// The grammar of Herd as a Chevrotain CST parser. One instance is created and
// reused (Chevrotain's advice); error recovery is on, so a broken file still
// yields a tree for everything around the error. lower.ts turns the CST into
// the typed syntax tree of ast.ts.
import { CstParser, EOF, type IToken, type TokenType, type CstNode, type IParserErrorMessageProvider } from "chevrotain";
import * as T from "./tokens.js";

const declarationKeywords = new Set<TokenType>([T.Import, T.Base, T.Pool, T.Node, T.Service, T.Let, T.Type, T.Fn, T.Policy]);
const fieldFollowers = new Set<TokenType>([T.Eq, T.Dot, T.LCurly]);

const ruleDescriptions: Record<string, string> = {
  file: "a declaration (import, base, pool, node, service, let, type, fn or policy)",
  decl: "a declaration (import, base, pool, node, service, let, type, fn or policy)",
  expr: "a value",
  coalesceExpr: "a value",
  primary: "a value",
  unaryExpr: "a value",
  type: "a type",
  primaryType: "a type",
  field: "a field (`name = value`)",
  rule: "a placement rule (`on`, `prefer`, `spread by`, `max … per node`, `avoid`, `near`)",
  selAtom: "a label condition such as `tier == \"web\"`",
  fieldKey: "a field name",
  labelKey: "a label name",
  refinement: "a range such as `1..10` or a pattern such as `/^[a-z]+$/`",
  policyItem: "a policy rule (`survive 1 node failure`) or a setting",
  serviceBody: "`{` or `=` after the service name",
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
      return closer ? `unmatched \`${actual.image}\`: no \`${closer}\` opens it` : `expected a declaration (import, base, pool, node, service, let, type, fn or policy), found ${describeToken(actual)}`;
    }
    if (expected === T.RCurly && declarationKeywords.has(actual.tokenType)) {
      return `expected \`}\` before this \`${actual.image}\`: is a closing brace missing above?`;
    }
    return `expected ${describeExpected(expected)}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected a declaration (import, base, pool, node, service, let, type, fn or policy), found ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ actual, ruleName }) {
    return `expected ${describeRule(ruleName)}, found ${describeToken(actual[0]!)}`;
  },
  buildEarlyExitMessage({ actual, ruleName }) {
    return `expected ${describeRule(ruleName)}, found ${describeToken(actual[0]!)}`;
  },
};

export class HerdParser extends CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: "onlyOffset",
      maxLookahead: 3,
      errorMessageProvider: messages,
      skipValidations: process.env.NODE_ENV === "production",
    });
    this.performSelfAnalysis();
  }

  // ───────────── file and declarations ─────────────

  file = this.RULE("file", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.decl) },
        { ALT: () => this.CONSUME(T.Newline) },
      ]);
    });
  });

  decl = this.RULE("decl", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.baseDecl) },
      { ALT: () => this.SUBRULE(this.poolDecl) },
      { ALT: () => this.SUBRULE(this.nodeDecl) },
      { ALT: () => this.SUBRULE(this.serviceDecl) },
      { ALT: () => this.SUBRULE(this.letDecl) },
      { ALT: () => this.SUBRULE(this.typeDecl) },
      { ALT: () => this.SUBRULE(this.fnDecl) },
      { ALT: () => this.SUBRULE(this.policyDecl) },
    ]);
  });

  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(T.Import);
    this.SUBRULE(this.string, { LABEL: "path" });
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.As);
            this.CONSUME(T.Identifier, { LABEL: "alias" });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LCurly);
            this.MANY(() => {
              this.OR1([
                { ALT: () => this.SUBRULE(this.importName) },
                { ALT: () => this.CONSUME(T.Comma) },
                { ALT: () => this.CONSUME(T.Newline) },
              ]);
            });
            this.CONSUME(T.RCurly);
          },
        },
      ]);
    });
  });

  importName = this.RULE("importName", () => {
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME1(T.Identifier, { LABEL: "alias" });
    });
  });

  baseDecl = this.RULE("baseDecl", () => {
    this.CONSUME(T.Base);
    this.SUBRULE(this.record, { LABEL: "body" });
  });

  poolDecl = this.RULE("poolDecl", () => {
    this.CONSUME(T.Pool);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.SUBRULE(this.record, { LABEL: "body" });
  });

  nodeDecl = this.RULE("nodeDecl", () => {
    this.CONSUME(T.Node);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.SUBRULE(this.record, { LABEL: "body" });
  });

  serviceDecl = this.RULE("serviceDecl", () => {
    this.CONSUME(T.Service);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.SUBRULE(this.serviceBody, { LABEL: "body" });
  });

  serviceBody = this.RULE("serviceBody", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.record, { LABEL: "record" }) },
      {
        ALT: () => {
          this.CONSUME(T.Eq);
          this.SUBRULE(this.expr, { LABEL: "value" });
        },
      },
    ]);
  });

  letDecl = this.RULE("letDecl", () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.type, { LABEL: "type" });
    });
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expr, { LABEL: "value" });
  });

  typeDecl = this.RULE("typeDecl", () => {
    this.CONSUME(T.Type);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.CONSUME(T.Eq);
    this.SUBRULE(this.type, { LABEL: "type" });
  });

  fnDecl = this.RULE("fnDecl", () => {
    this.CONSUME(T.Fn);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.CONSUME(T.LParen);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.param) },
        { ALT: () => this.CONSUME(T.Comma) },
      ]);
    });
    this.CONSUME(T.RParen);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.type, { LABEL: "returnType" });
    });
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expr, { LABEL: "body" });
  });

  param = this.RULE("param", () => {
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.type, { LABEL: "type" });
    });
    this.OPTION1(() => {
      this.CONSUME(T.Eq);
      this.SUBRULE(this.expr, { LABEL: "default" });
    });
  });

  policyDecl = this.RULE("policyDecl", () => {
    this.CONSUME(T.Policy);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
        {
          // `survive` is also a valid field name (`survive = …`); the rule wins otherwise.
          GATE: () => ![T.Eq, T.LCurly, T.Dot].includes(this.LA(2).tokenType),
          ALT: () => this.SUBRULE(this.surviveRule),
        },
        { ALT: () => this.SUBRULE(this.field) },
        { ALT: () => this.CONSUME(T.Newline) },
        { ALT: () => this.CONSUME(T.Comma) },
        ],
      });
    });
    this.CONSUME(T.RCurly);
  });

  surviveRule = this.RULE("surviveRule", () => {
    this.CONSUME(T.Survive);
    this.SUBRULE(this.addExpr, { LABEL: "count" });
    this.CONSUME(T.Node);
    this.OR([{ ALT: () => this.CONSUME(T.Failure) }, { ALT: () => this.CONSUME(T.Failures) }]);
  });

  // ───────────── records and fields ─────────────

  /** A declaration keyword followed by a name is a declaration (a `}` is
   * missing before it), not a field named like the keyword. */
  private startsDeclaration(): boolean {
    const t = this.LA(1).tokenType;
    return declarationKeywords.has(t) && !fieldFollowers.has(this.LA(2).tokenType);
  }

  record = this.RULE("record", () => {
    this.CONSUME(T.LCurly);
    this.MANY({
      GATE: () => !this.startsDeclaration(),
      DEF: () => {
      this.OR([
        { ALT: () => this.SUBRULE(this.field) },
        { ALT: () => this.CONSUME(T.Newline) },
        { ALT: () => this.CONSUME(T.Comma) },
      ]);
      },
    });
    this.CONSUME(T.RCurly);
  });

  field = this.RULE("field", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.LA(1).tokenType === T.Place && this.LA(2).tokenType === T.LCurly,
          ALT: () => this.SUBRULE(this.placeBlock),
        },
        {
          ALT: () => {
            this.SUBRULE(this.fieldKey, { LABEL: "key" });
            this.MANY(() => {
              this.CONSUME(T.Dot);
              this.SUBRULE1(this.fieldKey, { LABEL: "key" });
            });
            this.OR1([
              {
                ALT: () => {
                  this.CONSUME(T.Eq);
                  this.SUBRULE(this.expr, { LABEL: "value" });
                },
              },
              { ALT: () => this.SUBRULE(this.record, { LABEL: "record" }) },
            ]);
          },
        },
      ],
    });
  });

  fieldKey = this.RULE("fieldKey", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Name) }, { ALT: () => this.SUBRULE(this.string) }]);
  });

  // ───────────── placement rules ─────────────

  placeBlock = this.RULE("placeBlock", () => {
    this.CONSUME(T.Place);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.rule) },
        { ALT: () => this.SUBRULE(this.unknownRule) },
        { ALT: () => this.CONSUME(T.Newline) },
        { ALT: () => this.CONSUME(T.Comma) },
      ]);
    });
    this.CONSUME(T.RCurly);
  });

  rule = this.RULE("rule", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.On);
          this.SUBRULE(this.selector, { LABEL: "onSelector" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Prefer);
          this.SUBRULE1(this.selector, { LABEL: "preferSelector" });
          this.OPTION(() => {
            this.CONSUME(T.Weight);
            this.SUBRULE(this.addExpr, { LABEL: "weight" });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Spread);
          this.CONSUME(T.By);
          this.SUBRULE(this.labelKey, { LABEL: "spreadLabel" });
          this.OPTION1(() => {
            this.CONSUME(T.Skew);
            this.SUBRULE1(this.addExpr, { LABEL: "skew" });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Max);
          this.SUBRULE2(this.addExpr, { LABEL: "max" });
          this.CONSUME(T.Per);
          this.CONSUME(T.Node);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Avoid);
          this.CONSUME(T.Identifier, { LABEL: "avoid" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Near);
          this.CONSUME1(T.Identifier, { LABEL: "near" });
        },
      },
    ]);
  });

  /** A line in a place block that starts with a word that is no rule: kept
   * as one node (and one diagnostic) instead of derailing the block. */
  unknownRule = this.RULE("unknownRule", () => {
    this.CONSUME(T.PlainIdent, { LABEL: "word" });
    this.ACTION(() => {
      for (;;) {
        const t = this.LA(1).tokenType;
        if (t === T.Newline || t === T.RCurly || t === T.Comma || t === EOF) break;
        this.SKIP_TOKEN();
      }
    });
  });

  labelKey = this.RULE("labelKey", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Name) }, { ALT: () => this.SUBRULE(this.string) }]);
  });

  selector = this.RULE("selector", () => {
    this.SUBRULE(this.selAnd, { LABEL: "operand" });
    this.MANY(() => {
      this.CONSUME(T.OrOr, { LABEL: "op" });
      this.SUBRULE1(this.selAnd, { LABEL: "operand" });
    });
  });

  selAnd = this.RULE("selAnd", () => {
    this.SUBRULE(this.selAtom, { LABEL: "operand" });
    this.MANY(() => {
      this.CONSUME(T.AndAnd, { LABEL: "op" });
      this.SUBRULE1(this.selAtom, { LABEL: "operand" });
    });
  });

  selAtom = this.RULE("selAtom", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Bang);
          this.SUBRULE(this.selAtom, { LABEL: "negated" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.selector, { LABEL: "inner" });
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.labelKey, { LABEL: "label" });
          this.OPTION(() => {
            this.OR1([
              {
                ALT: () => {
                  this.OR2([
                    { ALT: () => this.CONSUME(T.EqEq, { LABEL: "cmp" }) },
                    { ALT: () => this.CONSUME(T.NotEq, { LABEL: "cmp" }) },
                  ]);
                  this.SUBRULE(this.addExpr, { LABEL: "value" });
                },
              },
              {
                ALT: () => {
                  this.CONSUME(T.In);
                  this.SUBRULE1(this.addExpr, { LABEL: "values" });
                },
              },
            ]);
          });
        },
      },
    ]);
  });

  // ───────────── types ─────────────

  type = this.RULE("type", () => {
    this.OPTION(() => this.CONSUME(T.Pipe, { LABEL: "leading" }));
    this.SUBRULE(this.optionalType, { LABEL: "member" });
    this.MANY(() => {
      this.CONSUME1(T.Pipe);
      this.SUBRULE1(this.optionalType, { LABEL: "member" });
    });
  });

  optionalType = this.RULE("optionalType", () => {
    this.SUBRULE(this.primaryType, { LABEL: "inner" });
    this.MANY(() => this.CONSUME(T.Question));
  });

  primaryType = this.RULE("primaryType", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Identifier, { LABEL: "name" });
          this.OPTION(() => {
            this.CONSUME(T.Dot);
            this.CONSUME(T.Name, { LABEL: "member" });
          });
          this.OPTION1(() => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.refinement);
            this.CONSUME(T.RParen);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.type, { LABEL: "element" });
          this.CONSUME(T.RBracket);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          this.MANY(() => {
            this.OR1([
              { ALT: () => this.SUBRULE(this.typeField) },
              { ALT: () => this.CONSUME(T.Newline) },
              { ALT: () => this.CONSUME(T.Comma) },
            ]);
          });
          this.CONSUME(T.RCurly);
        },
      },
      {
        ALT: () => {
          this.CONSUME1(T.LParen, { LABEL: "parenOpen" });
          this.SUBRULE1(this.type, { LABEL: "inner" });
          this.CONSUME1(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.string, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(T.IntLit, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(T.True, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(T.False, { LABEL: "literal" }) },
    ]);
  });

  refinement = this.RULE("refinement", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.RegexLit) },
      {
        ALT: () => {
          this.OPTION(() => this.SUBRULE(this.addExpr, { LABEL: "min" }));
          this.CONSUME(T.DotDot);
          this.OPTION1(() => this.SUBRULE1(this.addExpr, { LABEL: "max" }));
        },
      },
    ]);
  });

  typeField = this.RULE("typeField", () => {
    this.SUBRULE(this.fieldKey, { LABEL: "key" });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.type, { LABEL: "type" });
    this.OPTION(() => {
      this.CONSUME(T.Eq);
      this.SUBRULE(this.expr, { LABEL: "default" });
    });
  });

  // ───────────── expressions ─────────────

  expr = this.RULE("expr", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.If);
          this.SUBRULE(this.expr, { LABEL: "condition" });
          this.CONSUME(T.Then);
          this.SUBRULE1(this.expr, { LABEL: "then" });
          this.CONSUME(T.Else);
          this.SUBRULE2(this.expr, { LABEL: "else" });
        },
      },
      { ALT: () => this.SUBRULE(this.coalesceExpr, { LABEL: "inner" }) },
    ]);
  });

  private binaryLevel(name: string, next: () => CstNode, ops: TokenType[]) {
    return this.RULE(name, () => {
      this.SUBRULE(next as never, { LABEL: "operand" });
      this.MANY(() => {
        this.OR(ops.map((op) => ({ ALT: () => this.CONSUME(op, { LABEL: "op" }) })));
        this.SUBRULE1(next as never, { LABEL: "operand" });
      });
    });
  }

  unaryExpr: () => CstNode = this.RULE("unaryExpr", () => {
    this.OR([
      {
        ALT: () => {
          this.OR1([
            { ALT: () => this.CONSUME(T.Bang, { LABEL: "op" }) },
            { ALT: () => this.CONSUME(T.Minus, { LABEL: "op" }) },
          ]);
          this.SUBRULE(this.unaryExpr, { LABEL: "operand" });
        },
      },
      { ALT: () => this.SUBRULE(this.postfixExpr, { LABEL: "postfix" }) },
    ]);
  });

  mulExpr = this.binaryLevel("mulExpr", this.unaryExpr, [T.Star, T.Slash, T.Percent]);
  addExpr = this.binaryLevel("addExpr", this.mulExpr, [T.Plus, T.Minus]);
  relExpr = this.binaryLevel("relExpr", this.addExpr, [T.Lt, T.Le, T.Gt, T.Ge]);
  eqExpr = this.binaryLevel("eqExpr", this.relExpr, [T.EqEq, T.NotEq]);
  andExpr = this.binaryLevel("andExpr", this.eqExpr, [T.AndAnd]);
  orExpr = this.binaryLevel("orExpr", this.andExpr, [T.OrOr]);
  coalesceExpr = this.binaryLevel("coalesceExpr", this.orExpr, [T.QuestionQuestion]);

  postfixExpr = this.RULE("postfixExpr", () => {
    this.SUBRULE(this.primary, { LABEL: "primary" });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.memberSuffix, { LABEL: "suffix" }) },
        { ALT: () => this.SUBRULE(this.indexSuffix, { LABEL: "suffix" }) },
        { ALT: () => this.SUBRULE(this.callSuffix, { LABEL: "suffix" }) },
        { ALT: () => this.SUBRULE(this.recordCallSuffix, { LABEL: "suffix" }) },
        { ALT: () => this.SUBRULE(this.withSuffix, { LABEL: "suffix" }) },
      ]);
    });
  });

  memberSuffix = this.RULE("memberSuffix", () => {
    this.CONSUME(T.Dot);
    this.CONSUME(T.Name, { LABEL: "member" });
  });

  indexSuffix = this.RULE("indexSuffix", () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.expr, { LABEL: "index" });
    this.CONSUME(T.RBracket);
  });

  callSuffix = this.RULE("callSuffix", () => {
    this.CONSUME(T.LParen);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.arg) },
        { ALT: () => this.CONSUME(T.Comma) },
      ]);
    });
    this.CONSUME(T.RParen);
  });

  recordCallSuffix = this.RULE("recordCallSuffix", () => {
    this.SUBRULE(this.record, { LABEL: "record" });
  });

  withSuffix = this.RULE("withSuffix", () => {
    this.CONSUME(T.With);
    this.SUBRULE(this.record, { LABEL: "record" });
  });

  arg = this.RULE("arg", () => {
    this.OPTION(() => {
      this.CONSUME(T.Name, { LABEL: "name" });
      this.CONSUME(T.Eq);
    });
    this.SUBRULE(this.expr, { LABEL: "value" });
  });

  primary = this.RULE("primary", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.IntLit, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(T.FloatLit, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(T.UnitLit, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(T.True, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(T.False, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(T.None, { LABEL: "literal" }) },
      { ALT: () => this.SUBRULE(this.string, { LABEL: "string" }) },
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: "name" }) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expr, { LABEL: "paren" });
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.list, { LABEL: "list" }) },
      { ALT: () => this.SUBRULE(this.record, { LABEL: "record" }) },
    ]);
  });

  list = this.RULE("list", () => {
    this.CONSUME(T.LBracket);
    this.OR([
      { ALT: () => this.SUBRULE(this.forClause, { LABEL: "for" }) },
      {
        ALT: () => {
          this.MANY(() => {
            this.OR1([
              { ALT: () => this.SUBRULE(this.expr, { LABEL: "item" }) },
              { ALT: () => this.CONSUME(T.Comma) },
            ]);
          });
        },
      },
    ]);
    this.CONSUME(T.RBracket);
  });

  forClause = this.RULE("forClause", () => {
    this.CONSUME(T.For);
    this.CONSUME(T.Identifier, { LABEL: "first" });
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      this.CONSUME1(T.Identifier, { LABEL: "second" });
    });
    this.CONSUME(T.In);
    this.SUBRULE(this.expr, { LABEL: "iterable" });
    this.OPTION1(() => {
      this.CONSUME(T.If);
      this.SUBRULE1(this.expr, { LABEL: "condition" });
    });
    this.CONSUME(T.Colon);
    this.SUBRULE2(this.expr, { LABEL: "body" });
  });

  string = this.RULE("string", () => {
    this.CONSUME(T.StringStart);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.StringText, { LABEL: "part" }) },
        { ALT: () => this.SUBRULE(this.interp, { LABEL: "part" }) },
      ]);
    });
    this.CONSUME(T.StringEnd);
  });

  interp = this.RULE("interp", () => {
    this.CONSUME(T.InterpStart);
    this.SUBRULE(this.expr, { LABEL: "expr" });
    this.CONSUME(T.InterpEnd);
  });
}

let instance: HerdParser | undefined;

/** The one parser instance (building it runs Chevrotain's grammar analysis). */
export function herdParser(): HerdParser {
  instance ??= new HerdParser();
  return instance;
}
