// Signature help: the parameters of the function being called, with the one
// under the cursor marked.
import { builtins } from "../../language/names/builtins.js";
import type * as A from "../../language/syntax/ast.js";
import * as T from "../../language/syntax/tokens.js";
import { streamOf } from "./cursor.js";
import { fnSignature } from "./fn-signature.js";
import type { Snapshot } from "./snapshot.js";

export interface SignatureHelp {
  label: string;
  documentation?: string;
  parameters: { label: string; documentation?: string }[];
  activeParameter: number;
}

const open = new Set([T.LParen.tokenTypeIdx, T.LBracket.tokenTypeIdx, T.LCurly.tokenTypeIdx]);
const close = new Set([T.RParen.tokenTypeIdx, T.RBracket.tokenTypeIdx, T.RCurly.tokenTypeIdx]);

export function signatureHelp(snap: Snapshot, file: string, offset: number): SignatureHelp | undefined {
  const m = snap.module(file);
  if (!m) return undefined;
  const nodes = snap.nodesAt(file, offset);
  const call = [...nodes].reverse().find((n): n is A.CallExpr => n.kind === "Call" && offset > n.callee.end);
  if (!call) return undefined;
  const sym = m.binding.refs.get(call.callee);
  if (!sym) return undefined;
  let label: string;
  let params: { label: string; documentation?: string }[];
  let documentation: string | undefined;
  if (sym.kind === "builtin") {
    const info = builtins.get(sym.name);
    if (!info?.signature) return undefined;
    label = info.signature;
    documentation = info.doc;
    const inner = /\((.*)\)/.exec(info.signature)?.[1] ?? "";
    params = splitParams(inner).map((p) => ({ label: p }));
  } else if (sym.kind === "fn") {
    const sig = fnSignature(snap, sym);
    if (!sig) return undefined;
    params = sig.params.map((p) => ({ label: p }));
    label = sig.label;
    documentation = (sym.decl as A.FnDecl).doc?.text;
  } else return undefined;
  // The active parameter: by name in `f { name = … }`, by commas in `f(a, b)`.
  let active = 0;
  if (call.record) {
    const field = call.record.fields.find((f) => f.start <= offset && offset <= f.end);
    const name = field?.path[0]?.name;
    const idx = name ? params.findIndex((p) => p.label.startsWith(name + ":")) : -1;
    active = idx >= 0 ? idx : 0;
  } else {
    let depth = 0;
    const stream = streamOf(m);
    for (let i = stream.lastBefore(call.callee.end) + 1; i < stream.count && stream.starts[i]! < offset; i++) {
      const k = stream.kinds[i]!;
      if (open.has(k)) depth++;
      else if (close.has(k)) depth--;
      else if (k === T.Comma.tokenTypeIdx && depth === 1) active++;
    }
    const named = call.args.find((a) => a.name && a.start <= offset && offset <= a.end)?.name?.name;
    if (named) {
      const idx = params.findIndex((p) => p.label.startsWith(named + ":"));
      if (idx >= 0) active = idx;
    }
  }
  const out: SignatureHelp = { label, parameters: params, activeParameter: Math.min(active, Math.max(0, params.length - 1)) };
  if (documentation) out.documentation = documentation;
  return out;
}

/** Splits `a: [T], b: {String: T} = x` at top-level commas. */
function splitParams(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if ("([{".includes(ch)) depth++;
    if (")]}".includes(ch)) depth--;
    if (ch === "," && depth === 0) {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
