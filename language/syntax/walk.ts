// Generic traversal of the syntax tree: the children of any node, in source
// order. Used for whole-tree queries (cycles, node at an offset, semantic
// tokens) so that no other file has to know every node's shape.
import type * as A from "./ast.js";

type Visit = (child: A.AnyNode) => void;

function each(list: readonly A.AnyNode[] | undefined, f: Visit): void {
  if (list) for (const n of list) f(n);
}

function one(n: A.AnyNode | undefined, f: Visit): void {
  if (n) f(n);
}

export function forEachChild(node: A.AnyNode, f: Visit): void {
  switch (node.kind) {
    case "File":
      return each(node.decls, f);
    case "ImportDecl":
      one(node.path, f);
      one(node.alias, f);
      return each(node.names, f);
    case "ImportName":
      one(node.name, f);
      return one(node.alias, f);
    case "BaseDecl":
    case "TerraformDecl":
      return one(node.body, f);
    case "PoolDecl":
    case "NodeDecl":
      one(node.name, f);
      return one(node.body, f);
    case "ServiceDecl":
      one(node.name, f);
      return one(node.value, f);
    case "LetDecl":
      one(node.name, f);
      one(node.type, f);
      return one(node.value, f);
    case "TypeDecl":
      one(node.name, f);
      return one(node.type, f);
    case "FnDecl":
      one(node.name, f);
      each(node.params, f);
      one(node.returnType, f);
      return one(node.body, f);
    case "Param":
      one(node.name, f);
      one(node.type, f);
      return one(node.default, f);
    case "PolicyDecl":
      return each(node.items, f);
    case "SurviveRule":
      return one(node.count, f);
    case "ErrorDecl":
    case "Ident":
    case "Int":
    case "Float":
    case "Unit":
    case "Bool":
    case "None":
    case "Name":
    case "Text":
    case "Error":
    case "LabelKey":
    case "LiteralType":
    case "ErrorType":
    case "Regex":
      return;
    case "FieldKey":
      return one(node.computed, f);
    case "String":
      return each(node.parts, f);
    case "Interp":
      return one(node.expr, f);
    case "Member":
      one(node.object, f);
      return one(node.member, f);
    case "Index":
      one(node.object, f);
      return one(node.index, f);
    case "Call":
      one(node.callee, f);
      if (node.record) return one(node.record, f);
      return each(node.args, f);
    case "Arg":
      one(node.name, f);
      return one(node.value, f);
    case "Record":
      return each(node.fields, f);
    case "Field":
      each(node.path, f);
      return one(node.value, f);
    case "List":
      return each(node.items, f);
    case "For":
      one(node.first, f);
      one(node.second, f);
      one(node.iterable, f);
      one(node.condition, f);
      one(node.key, f);
      return one(node.body, f);
    case "If":
      one(node.condition, f);
      one(node.then, f);
      return one(node.else, f);
    case "Binary":
      one(node.left, f);
      return one(node.right, f);
    case "Unary":
      return one(node.operand, f);
    case "With":
      one(node.base, f);
      return one(node.update, f);
    case "Paren":
      return one(node.inner, f);
    case "Place":
      return each(node.rules, f);
    case "OnRule":
      return one(node.selector, f);
    case "PreferRule":
      one(node.selector, f);
      return one(node.weight, f);
    case "SpreadRule":
      one(node.label, f);
      return one(node.skew, f);
    case "MaxPerNodeRule":
      return one(node.count, f);
    case "AvoidRule":
    case "NearRule":
      return one(node.service, f);
    case "SelCompare":
      one(node.label, f);
      return one(node.value, f);
    case "SelIn":
      one(node.label, f);
      return one(node.values, f);
    case "SelHas":
      return one(node.label, f);
    case "SelNot":
      return one(node.operand, f);
    case "SelParen":
      return one(node.inner, f);
    case "SelBinary":
      one(node.left, f);
      return one(node.right, f);
    case "NamedType":
      one(node.namespace, f);
      one(node.name, f);
      return one(node.refinement, f);
    case "Range":
      one(node.min, f);
      return one(node.max, f);
    case "ListType":
      return one(node.element, f);
    case "MapType":
      return one(node.value, f);
    case "RecordType":
      return each(node.fields, f);
    case "RecordTypeField":
      one(node.name, f);
      one(node.type, f);
      return one(node.default, f);
    case "OptionalType":
      return one(node.inner, f);
    case "UnionType":
      return each(node.members, f);
    case "ParenType":
      return one(node.inner, f);
  }
}

/** Every node under `root` (root included), depth first, in source order. */
export function walk(root: A.AnyNode, f: (n: A.AnyNode) => void): void {
  const stack: A.AnyNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    f(n);
    const kids: A.AnyNode[] = [];
    forEachChild(n, (c) => kids.push(c));
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

/** The chain of nodes containing `offset`, outermost first. */
export function nodesAt(root: A.AnyNode, offset: number): A.AnyNode[] {
  const chain: A.AnyNode[] = [];
  let cur: A.AnyNode | undefined = root;
  while (cur) {
    chain.push(cur);
    let next: A.AnyNode | undefined;
    forEachChild(cur, (c) => {
      if (!next && c.start <= offset && offset <= c.end) next = c;
    });
    cur = next;
  }
  return chain;
}
