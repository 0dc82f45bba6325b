// H0701: every name the program's `terraform` blocks refer to — in
// `tf("…")`, `depends_on` and `provider` — must be declared in the merged
// document, by those blocks or by Herd.
import { showPath, type Emitter } from "./context.js";
import type { JsonObject } from "./json.js";
import { declaredIn, referencesIn, referencesInExpression, resolve, resolveProvider, type Unresolved } from "./references.js";
import type { Path, TfUse } from "./values.js";
import type { SourceRef } from "../../language/eval/model.js";

const PLURAL: Record<Unresolved["kind"], string> = {
  resource: "resources",
  "data source": "data sources",
  module: "modules",
  variable: "variables",
  "local value": "local values",
  path: "path values",
  provider: "provider configurations",
};

/** The help: what is declared of the kind the reference wanted. */
function declaredList(u: Unresolved): string {
  if (u.declared.length === 0) return `the document declares no ${PLURAL[u.kind]}`;
  const shown = u.declared.slice(0, 8).map((d) => `\`${d}\``).join(", ");
  return `declared ${PLURAL[u.kind]}: ${shown}${u.declared.length > 8 ? `, and ${u.declared.length - 8} more` : ""}`;
}

function message(written: string, path: Path, u: Unresolved): string {
  const did = u.suggestion ? `; did you mean \`${u.suggestion}\`?` : "";
  return `${written} in \`${showPath(path)}\` refers to ${u.kind} \`${u.name}\`, which is not declared${did}`;
}

/**
 * @param user the `terraform` blocks as JSON (before merging)
 * @param tfUses the `tf("…")` expressions written in them
 */
export function checkUserReferences(cx: Emitter, user: JsonObject, tfUses: readonly TfUse[]): void {
  const declared = declaredIn(cx.doc);
  const site = cx.terraformSite();
  const report = (written: string, path: Path, u: Unresolved, at?: SourceRef) => cx.report("H0701", at ?? site.source, message(written, path, u), { help: declaredList(u), related: site.related });
  for (const use of tfUses) {
    for (const parts of referencesInExpression(use.expr)) {
      const u = resolve(parts, declared);
      if (u) report(`\`tf(${JSON.stringify(use.expr)})\``, use.path, u, use.at);
    }
  }
  // Interpolations in the blocks come from `tf("…")` (checked above) or from machine attributes (Herd's own).
  for (const ref of referencesIn(user)) {
    if (ref.how === "expr") continue;
    const u = ref.how === "provider" ? resolveProvider(ref.parts.join("."), declared) : resolve(ref.parts, declared);
    if (u) report(`\`${ref.parts.join(".")}\``, ref.path, u);
  }
}
