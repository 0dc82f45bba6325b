// A value to write for a field that must be set, for "add the missing field"
// fixes: the simplest text that has the field's type.
import { formatBytes, formatCpu, formatDuration, type Type } from "./types.js";

export function placeholderFor(t: Type, depth = 0): string {
  switch (t.k) {
    case "int":
      return String(t.range?.min ?? 0);
    case "float":
      return String(t.range?.min ?? 0.0);
    case "string":
      return '""';
    case "bool":
      return "false";
    case "bytes":
      return formatBytes(t.range?.min ?? 0);
    case "cpu":
      return t.range?.min ? formatCpu(t.range.min) : "100m";
    case "duration":
      return formatDuration(t.range?.min ?? 0);
    case "package":
      return "pkgs.hello";
    case "secret":
      return 'secret("name")';
    case "nix":
      return 'nix"{ }"';
    case "literal":
      return typeof t.value === "string" ? JSON.stringify(t.value) : String(t.value);
    case "list":
      return "[]";
    case "map":
    case "nixattrs":
      return "{}";
    case "record": {
      if (depth > 2) return "{}";
      const required = [...t.fields].filter(([, f]) => !f.default && f.type.k !== "optional");
      if (required.length === 0) return "{}";
      return `{ ${required.map(([n, f]) => `${n} = ${placeholderFor(f.type, depth + 1)}`).join(", ")} }`;
    }
    case "union":
      return t.members[0] ? placeholderFor(t.members[0], depth) : "none";
    case "optional":
    case "none":
      return "none";
    case "placement":
      return "place { }";
    default:
      return "none";
  }
}
