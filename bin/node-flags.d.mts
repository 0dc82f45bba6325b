// Types of node-flags.mjs (plain JavaScript: bin/ runs without a build).
export declare const nodeFlags: { readonly batch: string[]; readonly server: string[] };
