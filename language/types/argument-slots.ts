// Which parameter each argument of a call `f(a, b = 1)` gives, shared by the
// checker and the evaluator so that the two read a call alike. Arguments in
// order fill the parameters in order, named ones their parameter. One in
// order written after a named one (`webService(name = "blog", 8081)`) is an
// error, but what it was meant for is clear: the next parameter that no
// argument names, which is what it is checked and evaluated as (so that the
// one slip is one error, with that name as its fix).
import type * as A from "../syntax/ast.js";

/** Per argument, the index of the parameter it gives, or -1 (no such parameter, or one too many). */
export function argumentSlots(args: readonly A.Arg[], params: readonly { name: string }[], indexOf: (name: string) => number): Int32Array {
  const slots = new Int32Array(args.length);
  let next = 0;
  let sawNamed = false;
  /** The names the call's arguments give, made at the first argument in order after a named one. */
  let named: Set<string> | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a.name) {
      sawNamed = true;
      slots[k] = indexOf(a.name.name);
      continue;
    }
    if (sawNamed) {
      named ??= new Set(args.flatMap((x) => (x.name ? [x.name.name] : [])));
      while (next < params.length && named.has(params[next]!.name)) next++;
    }
    slots[k] = next < params.length ? next++ : -1;
  }
  return slots;
}
