// Module identity. A workspace file is its workspace-relative path with `/`
// separators (`lib/templates.sys`); a standard-library module is `std:` plus
// its path inside stdlib/ (`std:hetzner.sys`). Import specifiers resolve to keys.
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../syntax/source.js";

export type ModuleKey = string;

export const PRELUDE: ModuleKey = "std:prelude.sys";

export function isStdKey(key: ModuleKey): boolean {
  return key.startsWith("std:");
}

/** How a module is shown to people: `std/hetzner.sys` or `lib/x.sys`. */
export function displayKey(key: ModuleKey): string {
  return isStdKey(key) ? "std/" + key.slice(4) : key;
}

function normalize(parts: string[]): string[] | undefined {
  const out: string[] = [];
  for (const p of parts) {
    if (p === "" || p === ".") continue;
    if (p === "..") {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(p);
  }
  return out;
}

export type ImportResolution = { ok: true; key: ModuleKey } | { ok: false; diagnostic: Diagnostic };

/** Resolves an import specifier written in module `from`. */
export function resolveImport(from: ModuleKey, spec: string, file: string, span: Span): ImportResolution {
  const fail = (code: "H0205" | "H0207", message: string): ImportResolution => ({
    ok: false,
    diagnostic: diagnostic(code, file, span, message),
  });
  const withExt = (p: string) => (p.endsWith(".sys") ? p : p + ".sys");
  if (spec.startsWith("std/")) {
    const parts = normalize(spec.slice(4).split("/"));
    if (!parts || parts.length === 0) return fail("H0207", `\`${spec}\` is not a standard-library module`);
    return { ok: true, key: "std:" + withExt(parts.join("/")) };
  }
  if (spec.startsWith("./") || spec.startsWith("../")) {
    const std = isStdKey(from);
    const fromPath = std ? from.slice(4) : from;
    const dir = fromPath.split("/").slice(0, -1);
    const parts = normalize([...dir, ...spec.split("/")]);
    if (!parts || parts.length === 0) {
      return std
        ? fail("H0207", `\`${spec}\` leaves the standard library`)
        : fail("H0205", `\`${spec}\` points outside the workspace: imports may only reach files inside the workspace folder`);
    }
    const path = withExt(parts.join("/"));
    return { ok: true, key: std ? "std:" + path : path };
  }
  if (spec.startsWith("/") || /^[A-Za-z]:[\\/]/.test(spec)) {
    return fail("H0205", `\`${spec}\` is an absolute path: import files relative to this one (\`./…\`) so the workspace stays self-contained`);
  }
  return fail("H0207", `\`${spec}\` is neither relative nor a standard-library module: write \`./${spec}\` for a file next to this one, or \`std/${spec}\``);
}
