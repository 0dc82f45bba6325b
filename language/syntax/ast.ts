// The typed syntax tree. Every node carries its source span (offsets into its
// file). Nodes recovered from broken text may lack optional children, and an
// `Error` expression or declaration stands where nothing usable was parsed:
// every consumer of the tree must be defensive about both.
import type { Span } from "./source.js";

export interface Node extends Span {
  readonly kind: string;
}

export interface Ident extends Node {
  kind: "Ident";
  name: string;
}

/** `///` lines directly above a declaration or field. */
export interface DocComment extends Span {
  text: string;
}

// ───────────────────────── declarations ─────────────────────────

export type Decl =
  | ImportDecl
  | BaseDecl
  | PoolDecl
  | NodeDecl
  | ServiceDecl
  | LetDecl
  | TypeDecl
  | FnDecl
  | PolicyDecl
  | TerraformDecl
  | ErrorDecl;

interface DeclBase extends Node {
  doc?: DocComment;
  /** A syntax error is in it (or ends its last line): read by recovery (syntax/broken.ts). */
  broken?: true;
}

export interface ImportName extends Node {
  kind: "ImportName";
  name: Ident;
  alias?: Ident;
}

export interface ImportDecl extends DeclBase {
  kind: "ImportDecl";
  path?: StringExpr;
  /** `import "p" as x` */
  alias?: Ident;
  /** `import "p" { a, b as c }` */
  names?: ImportName[];
}

export interface BaseDecl extends DeclBase {
  kind: "BaseDecl";
  keyword: Span;
  body?: RecordExpr;
}

export interface PoolDecl extends DeclBase {
  kind: "PoolDecl";
  name?: Ident;
  body?: RecordExpr;
}

export interface NodeDecl extends DeclBase {
  kind: "NodeDecl";
  name?: Ident;
  body?: RecordExpr;
}

export interface ServiceDecl extends DeclBase {
  kind: "ServiceDecl";
  name?: Ident;
  /** The block form `service x { … }` holds a RecordExpr with `block: true`. */
  value?: Expr;
}

export interface LetDecl extends DeclBase {
  kind: "LetDecl";
  name?: Ident;
  type?: TypeExpr;
  value?: Expr;
}

export interface TypeDecl extends DeclBase {
  kind: "TypeDecl";
  name?: Ident;
  type?: TypeExpr;
}

export interface Param extends Node {
  kind: "Param";
  name: Ident;
  type?: TypeExpr;
  default?: Expr;
}

export interface FnDecl extends DeclBase {
  kind: "FnDecl";
  name?: Ident;
  params: Param[];
  returnType?: TypeExpr;
  body?: Expr;
}

export interface PolicyDecl extends DeclBase {
  kind: "PolicyDecl";
  keyword: Span;
  items: (Field | SurviveRule)[];
}

/** `terraform { resource.hcloud_network.private { … } }`: other infrastructure, emitted as-is. */
export interface TerraformDecl extends DeclBase {
  kind: "TerraformDecl";
  keyword: Span;
  body?: RecordExpr;
}

/** Text that could not be read as a declaration. */
export interface ErrorDecl extends DeclBase {
  kind: "ErrorDecl";
}

export interface SurviveRule extends Node {
  kind: "SurviveRule";
  count?: Expr;
}

// ───────────────────────── expressions ─────────────────────────

export type Expr =
  | IntExpr
  | FloatExpr
  | UnitExpr
  | BoolExpr
  | NoneExpr
  | StringExpr
  | NameExpr
  | MemberExpr
  | IndexExpr
  | CallExpr
  | RecordExpr
  | ListExpr
  | ForExpr
  | IfExpr
  | BinaryExpr
  | UnaryExpr
  | WithExpr
  | ParenExpr
  | PlaceExpr
  | ErrorExpr;

export interface IntExpr extends Node {
  kind: "Int";
  value: number;
}

export interface FloatExpr extends Node {
  kind: "Float";
  value: number;
}

/** A number with a unit, e.g. `512MiB`. `unit` is the suffix as written. */
export interface UnitExpr extends Node {
  kind: "Unit";
  value: number;
  unit: string;
}

export interface BoolExpr extends Node {
  kind: "Bool";
  value: boolean;
}

export interface NoneExpr extends Node {
  kind: "None";
}

export interface StringTextPart extends Node {
  kind: "Text";
  /** The decoded text. */
  value: string;
}

export interface InterpPart extends Node {
  kind: "Interp";
  expr?: Expr;
}

export interface StringExpr extends Node {
  kind: "String";
  /** `nix"…"` is verbatim Nix code. */
  nix: boolean;
  triple: boolean;
  parts: (StringTextPart | InterpPart)[];
}

export interface NameExpr extends Node {
  kind: "Name";
  name: string;
}

export interface MemberExpr extends Node {
  kind: "Member";
  object: Expr;
  /** Missing when the text ends after the dot (`a.` while typing). */
  member?: Ident;
}

export interface IndexExpr extends Node {
  kind: "Index";
  object: Expr;
  index?: Expr;
}

export interface Arg extends Node {
  kind: "Arg";
  name?: Ident;
  value?: Expr;
}

/** `f(a, b = 1)` or `f { a = 1 }`. */
export interface CallExpr extends Node {
  kind: "Call";
  callee: Expr;
  /** The arguments in parentheses; none for the record-call form, whose arguments are `record`'s fields. */
  args: Arg[];
  /** Set for the record-call form `f { … }`. */
  record?: RecordExpr;
}

export interface RecordExpr extends Node {
  kind: "Record";
  fields: RecordItem[];
  /** True for a declaration body `pool x { … }` rather than a value `{ … }`. */
  block: boolean;
}

export type RecordItem = Field;

/** `a.b.c = value`, `name { … }` (sugar for `name = { … }`) or `"key" = value`. */
export interface Field extends Node {
  kind: "Field";
  path: FieldKey[];
  value?: Expr;
  doc?: DocComment;
}

export interface FieldKey extends Node {
  kind: "FieldKey";
  /** The key; for a computed key, a placeholder unique in its record. */
  name: string;
  /** Written as a string: `"app.io/name" = …` */
  quoted: boolean;
  /** A key computed by interpolation, `"www.${domain}" = …` (maps only). */
  computed?: StringExpr;
}

export interface ListExpr extends Node {
  kind: "List";
  items: Expr[];
}

/** `[for x in xs if c: body]` or `[for k, v in m: body]` builds a list;
 * `{for x in xs: "${x}" = body}` builds a map (then `key` is set). */
export interface ForExpr extends Node {
  kind: "For";
  first?: Ident;
  second?: Ident;
  iterable?: Expr;
  condition?: Expr;
  /** The key of each entry, for a map comprehension. */
  key?: FieldKey;
  body?: Expr;
}

export interface IfExpr extends Node {
  kind: "If";
  condition?: Expr;
  then?: Expr;
  else?: Expr;
}

export type BinaryOp =
  | "||" | "&&" | "??" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "%";

export interface BinaryExpr extends Node {
  kind: "Binary";
  op: BinaryOp;
  opSpan: Span;
  left: Expr;
  right?: Expr;
}

export interface UnaryExpr extends Node {
  kind: "Unary";
  op: "!" | "-";
  operand?: Expr;
}

/** `record with { field = value }`: a copy with fields replaced. */
export interface WithExpr extends Node {
  kind: "With";
  base: Expr;
  update?: RecordExpr;
}

export interface ParenExpr extends Node {
  kind: "Paren";
  inner?: Expr;
}

/** `place { rules }` inside a record. */
export interface PlaceExpr extends Node {
  kind: "Place";
  rules: PlaceRule[];
}

export interface ErrorExpr extends Node {
  kind: "Error";
}

// ───────────────────────── placement rules ─────────────────────────

export type PlaceRule = OnRule | PreferRule | SpreadRule | MaxPerNodeRule | AvoidRule | NearRule;

export interface OnRule extends Node {
  kind: "OnRule";
  selector?: Selector;
}

export interface PreferRule extends Node {
  kind: "PreferRule";
  selector?: Selector;
  weight?: Expr;
}

export interface SpreadRule extends Node {
  kind: "SpreadRule";
  label?: LabelKey;
  skew?: Expr;
}

export interface MaxPerNodeRule extends Node {
  kind: "MaxPerNodeRule";
  count?: Expr;
}

export interface AvoidRule extends Node {
  kind: "AvoidRule";
  service?: NameExpr;
}

export interface NearRule extends Node {
  kind: "NearRule";
  service?: NameExpr;
}

export interface LabelKey extends Node {
  kind: "LabelKey";
  name: string;
  quoted: boolean;
}

/** Label selectors: comparisons of a machine's labels with values. */
export type Selector = SelCompare | SelIn | SelHas | SelNot | SelBinary | SelParen;

export interface SelCompare extends Node {
  kind: "SelCompare";
  label: LabelKey;
  op: "==" | "!=";
  value?: Expr;
}

export interface SelIn extends Node {
  kind: "SelIn";
  label: LabelKey;
  values?: Expr;
}

/** A bare label: the machine has it. */
export interface SelHas extends Node {
  kind: "SelHas";
  label: LabelKey;
}

export interface SelNot extends Node {
  kind: "SelNot";
  operand?: Selector;
}

export interface SelBinary extends Node {
  kind: "SelBinary";
  op: "&&" | "||";
  left: Selector;
  right?: Selector;
}

export interface SelParen extends Node {
  kind: "SelParen";
  inner?: Selector;
}

// ───────────────────────── types ─────────────────────────

export type TypeExpr =
  | NamedType
  | ListType
  | MapType
  | RecordType
  | OptionalType
  | UnionType
  | LiteralType
  | ParenType
  | ErrorType;

/** `Int`, `hcloud.ServerType`, `Int(1..10)`, `String(/re/)`. */
export interface NamedType extends Node {
  kind: "NamedType";
  namespace?: Ident;
  name: Ident;
  refinement?: Refinement;
}

export type Refinement = RangeRefinement | RegexRefinement;

export interface RangeRefinement extends Node {
  kind: "Range";
  min?: Expr;
  max?: Expr;
}

export interface RegexRefinement extends Node {
  kind: "Regex";
  pattern: string;
}

export interface ListType extends Node {
  kind: "ListType";
  element?: TypeExpr;
}

/** `{String: T}` */
export interface MapType extends Node {
  kind: "MapType";
  value?: TypeExpr;
}

export interface RecordTypeField extends Node {
  kind: "RecordTypeField";
  name: FieldKey;
  type?: TypeExpr;
  default?: Expr;
  doc?: DocComment;
}

export interface RecordType extends Node {
  kind: "RecordType";
  fields: RecordTypeField[];
}

export interface OptionalType extends Node {
  kind: "OptionalType";
  inner: TypeExpr;
}

export interface UnionType extends Node {
  kind: "UnionType";
  members: TypeExpr[];
}

/** `"a"`, `16`, `true` as a type. */
export interface LiteralType extends Node {
  kind: "LiteralType";
  value: string | number | boolean;
}

export interface ParenType extends Node {
  kind: "ParenType";
  inner?: TypeExpr;
}

export interface ErrorType extends Node {
  kind: "ErrorType";
}

// ───────────────────────── file ─────────────────────────

export interface SourceFileNode extends Node {
  kind: "File";
  decls: Decl[];
  /** Indented text outside every declaration, after an error: the body of a declaration whose first line (and name) is lost (syntax/broken.ts). */
  lostDeclaration?: true;
}

export type AnyNode =
  | Decl
  | Expr
  | TypeExpr
  | PlaceRule
  | Selector
  | SurviveRule
  | Field
  | FieldKey
  | Ident
  | Param
  | Arg
  | ImportName
  | LabelKey
  | StringTextPart
  | InterpPart
  | RecordTypeField
  | Refinement
  | SourceFileNode;
