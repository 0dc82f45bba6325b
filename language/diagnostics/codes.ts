// The catalogue of diagnostic codes. Each code is one kind of problem, is
// documented in docs/diagnostics.md (a test keeps the two in sync) and has a
// golden fixture under test/diagnostics/.
//
// H01xx syntax · H02xx names and imports · H03xx types · H04xx evaluation ·
// H05xx the system model · H06xx placement · H07xx Terraform backend ·
// H08xx Nix backend · H09xx files and input.

export interface CodeInfo {
  title: string;
  severity: "error" | "warning" | "info";
}

export const catalogue = {
  // Syntax
  H0101: { title: "unexpected character", severity: "error" },
  H0102: { title: "unterminated string", severity: "error" },
  H0103: { title: "invalid escape sequence", severity: "error" },
  H0104: { title: "unknown unit", severity: "error" },
  H0105: { title: "malformed number", severity: "error" },
  H0106: { title: "unterminated comment", severity: "error" },
  H0107: { title: "not UTF-8", severity: "error" },
  H0110: { title: "syntax error", severity: "error" },
  H0111: { title: "missing separator", severity: "error" },
  H0112: { title: "not a declaration", severity: "error" },
  H0113: { title: "misplaced doc comment", severity: "warning" },
  H0114: { title: "nested too deeply", severity: "error" },

  // Names and imports
  H0201: { title: "unknown name", severity: "error" },
  H0202: { title: "duplicate declaration", severity: "error" },
  H0203: { title: "imported file not found", severity: "error" },
  H0204: { title: "import cycle", severity: "error" },
  H0205: { title: "import outside the workspace", severity: "error" },
  H0206: { title: "name not exported by module", severity: "error" },
  H0207: { title: "invalid import path", severity: "error" },
  H0208: { title: "field set twice", severity: "error" },
  H0209: { title: "unused import", severity: "warning" },
  H0210: { title: "more than one base or policy", severity: "error" },
  H0211: { title: "recursive function", severity: "error" },
  H0212: { title: "cyclic definition", severity: "error" },
  H0213: { title: "not a service", severity: "error" },

  // Types
  H0301: { title: "type mismatch", severity: "error" },
  H0302: { title: "unknown field", severity: "error" },
  H0303: { title: "missing field", severity: "error" },
  H0304: { title: "no such field", severity: "error" },
  H0305: { title: "value out of range", severity: "error" },
  H0306: { title: "string does not match pattern", severity: "error" },
  H0307: { title: "not one of the allowed values", severity: "error" },
  H0308: { title: "secret would be exposed", severity: "error" },
  H0309: { title: "cannot interpolate", severity: "error" },
  H0310: { title: "wrong arguments", severity: "error" },
  H0311: { title: "not a function", severity: "error" },
  H0312: { title: "invalid operands", severity: "error" },
  H0313: { title: "not a type", severity: "error" },
  H0314: { title: "not a list or map", severity: "error" },
  H0315: { title: "possibly none", severity: "error" },
  H0316: { title: "invalid type", severity: "error" },

  // Evaluation
  H0401: { title: "index out of range", severity: "error" },
  H0402: { title: "key not found", severity: "error" },
  H0403: { title: "division by zero", severity: "error" },
  H0404: { title: "value known only later", severity: "error" },
  H0405: { title: "number not representable", severity: "error" },
  H0406: { title: "evaluation limit exceeded", severity: "error" },

  // The system model
  H0501: { title: "duplicate machine name", severity: "error" },
  H0502: { title: "machine needs an address or a machine type", severity: "error" },
  H0503: { title: "label not on any machine", severity: "warning" },
  H0504: { title: "service refers to itself", severity: "error" },
  H0505: { title: "no machines", severity: "warning" },
  H0506: { title: "file not part of the system", severity: "info" },
  H0507: { title: "setting has no effect", severity: "warning" },

  // Placement
  H0601: { title: "replica cannot be placed", severity: "error" },
  H0602: { title: "placement does not survive node failures", severity: "error" },
  H0603: { title: "failure analysis incomplete", severity: "warning" },

  // Backends (Nix)
  H0801: { title: "value not allowed in NixOS configuration", severity: "error" },
  H0802: { title: "existing machine without hardware configuration", severity: "warning" },
  H0803: { title: "hardware configuration not found", severity: "error" },

  // Files and input
  H0901: { title: "cannot read file", severity: "error" },

  // Backends (Terraform)
  H0701: { title: "unknown Terraform reference", severity: "error" },
  H0702: { title: "Terraform name collision", severity: "error" },
  H0703: { title: "value not allowed in Terraform", severity: "error" },
  H0704: { title: "no SSH key for provisioned machines", severity: "error" },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof catalogue;

export const allCodes = Object.keys(catalogue).sort() as DiagnosticCode[];
