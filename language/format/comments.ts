// Where each comment goes when a file is re-printed. A comment belongs to the
// innermost list-like node ("container": a record, list, place block, call,
// parameter list, …) that holds it, and there either sits between two items
// (leading the next, or trailing the previous on its line), or after the last
// one (dangling). A comment inside an item that is not itself a container
// (`a + // x` ⏎ `b`) moves up to lead that item: moved, never lost.
import type * as A from "../syntax/ast.js";
import type { Comment } from "../syntax/scanner.js";
import type { SourceText } from "../syntax/source.js";
import { forEachChild } from "../syntax/walk.js";

export interface ItemComments {
  leading: Comment[];
  trailing: Comment[];
  /** Own-line comments right under a trailing one, at its column: kept aligned with it. */
  continuation: Comment[];
}

export interface CommentPlan {
  item: Map<A.Node, ItemComments>;
  /** Comments after the last item of a container. */
  dangling: Map<A.Node, Comment[]>;
  /** Containers that must print one item per line because they hold comments. */
  mustBreak: Set<A.Node>;
}

/** The items of a container node, or undefined if it is not one. */
export function itemsOf(n: A.AnyNode): A.Node[] | undefined {
  switch (n.kind) {
    case "File":
      return n.decls;
    case "Record":
      return n.fields;
    case "List":
      return n.items;
    case "Place":
      return n.rules;
    case "PolicyDecl":
      return n.items;
    case "Call":
      return n.record ? undefined : n.args;
    case "FnDecl":
      return n.params;
    case "RecordType":
      return n.fields;
    case "ImportDecl":
      return n.names;
    case "UnionType":
      return n.members;
    default:
      return undefined;
  }
}

export function planComments(tree: A.SourceFileNode, comments: readonly Comment[], source: SourceText): CommentPlan {
  const plan: CommentPlan = { item: new Map(), dangling: new Map(), mustBreak: new Set() };
  const get = (n: A.Node) => {
    let c = plan.item.get(n);
    if (!c) plan.item.set(n, (c = { leading: [], trailing: [], continuation: [] }));
    return c;
  };
  const lineOf = (o: number) => source.positionAt(o).line;
  for (const c of comments) {
    // Find the innermost container holding the comment.
    let container: A.AnyNode = tree;
    for (;;) {
      let next: A.AnyNode | undefined;
      const visit = (n: A.AnyNode) => {
        forEachChild(n, (child) => {
          if (next) return;
          if (child.start <= c.start && c.end <= child.end) {
            if (itemsOf(child)) next = child;
            else visit(child);
          }
        });
      };
      visit(container);
      if (!next) break;
      container = next;
    }
    const items = itemsOf(container) ?? [];
    const holder = items.find((it) => it.start <= c.start && c.end <= it.end);
    if (holder) {
      // Inside an item that has no container for it: lead the item.
      get(holder).leading.push(c);
      continue;
    }
    if (container !== tree) plan.mustBreak.add(container);
    const prevIdx = findLastIndex(items, (it) => it.end <= c.start);
    const prev = prevIdx >= 0 ? items[prevIdx] : undefined;
    const next = items[prevIdx + 1];
    // After an item on its line: it trails that item, unless it is a `/* … */` with the next item right after it on the same line (`a = 1, /* why */ b = 2` is about `b`).
    const leadsNext = c.kind === "block" && next !== undefined && lineOf(next.start) === lineOf(c.end);
    if (prev && !c.ownLine && lineOf(prev.end) === lineOf(c.start) && !leadsNext) {
      get(prev).trailing.push(c);
      continue;
    }
    if (prev && c.ownLine && c.kind === "line") {
      const pc = plan.item.get(prev);
      const lastTrailing = pc?.continuation.length ? pc.continuation[pc.continuation.length - 1] : pc?.trailing[pc.trailing.length - 1];
      if (
        lastTrailing &&
        lastTrailing.kind === "line" &&
        pc!.trailing.length > 0 &&
        source.positionAt(c.start).character === source.positionAt(lastTrailing.start).character &&
        lineOf(c.start) === lineOf(lastTrailing.start) + 1
      ) {
        pc!.continuation.push(c);
        continue;
      }
    }
    if (next) get(next).leading.push(c);
    else {
      let d = plan.dangling.get(container);
      if (!d) plan.dangling.set(container, (d = []));
      d.push(c);
    }
  }
  return plan;
}

function findLastIndex<T>(xs: readonly T[], f: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (f(xs[i]!)) return i;
  return -1;
}
