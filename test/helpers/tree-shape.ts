// A syntax tree without its positions: two texts that mean the same parse to
// the same shape (what formatting must keep, whatever it does to the layout).
// A doc comment's text is compared without spaces at its lines' ends, which
// the formatter removes everywhere, `- 2` as the literal `-2` it is
// printed as, and a union of one member (`| Resources`) as that member.
export function treeShape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(treeShape);
  if (node !== null && typeof node === "object") {
    const n = node as { kind?: string; op?: string; operand?: { kind: string; value: number; unit?: string } };
    if (n.kind === "Unary" && n.op === "-" && n.operand && ["Int", "Float", "Unit"].includes(n.operand.kind)) {
      return treeShape({ ...n.operand, value: -n.operand.value });
    }
    const members = (node as { members?: unknown[] }).members;
    if (n.kind === "UnionType" && members?.length === 1) return treeShape(members[0]);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "start" || k === "end") continue;
      out[k] = k === "doc" && v ? { text: (v as { text: string }).text.replace(/[ \t]+$/gm, "") } : treeShape(v);
    }
    return out;
  }
  return node;
}
