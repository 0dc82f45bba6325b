// What the later layers see of a bound module, and of the whole program.
import type { SourceFileNode } from "../syntax/ast.js";
import type { SourceText } from "../syntax/source.js";
import type { ModuleBinding, ModuleDecls } from "./binder.js";
import type { ModuleKey } from "./module-key.js";

export interface ModuleInfo {
  key: ModuleKey;
  /** The path diagnostics name. */
  file: string;
  source: SourceText;
  tree: SourceFileNode;
  decls: ModuleDecls;
  binding: ModuleBinding;
}

export interface ProgramView {
  module(key: ModuleKey): ModuleInfo | undefined;
  /** The implicitly imported prelude, if it loaded. */
  prelude(): ModuleInfo | undefined;
}
