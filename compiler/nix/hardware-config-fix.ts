// The edit H0802 suggests: a `hardwareConfig` field at the top of the node's
// body, pointing where `nixos-generate-config` output is usually kept.
import type { Fix } from "../../language/diagnostics/diagnostic.js";
import type { Span } from "../../language/syntax/source.js";

/** `text` is the file declaring the node, `name` the span of its name; undefined when the body's `{` does not follow the name. */
export function hardwareConfigFix(text: string | undefined, name: Span, machine: string): Fix | undefined {
  if (text === undefined) return undefined;
  let open = name.end;
  while (text[open] === " " || text[open] === "\t") open++;
  if (text[open] !== "{") return undefined;
  const lineStart = text.lastIndexOf("\n", name.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, name.start))![0];
  const field = `hardwareConfig = "hardware/${machine}.nix"`;
  return {
    message: `set \`${field}\` and save the output of \`nixos-generate-config --show-hardware-config\` on the machine there`,
    edits: [{ span: { start: open + 1, end: open + 1 }, newText: `\n${indent}  ${field}` }],
  };
}
