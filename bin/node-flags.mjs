// The Node flags `herd` runs with. Batch commands (check, plan, build) keep
// every syntax tree they parse: a large young generation means fewer
// scavenges copying them (the front-end benchmark halved with it). The
// language server is the opposite: it analyses again on every keystroke and
// keeps little, and a scavenge of a large young generation lands on the
// reply to one keystroke; a small one keeps each collection short
// (bench/lsp: p95 diagnostics 51–56 ms with 64 MiB, 45 ms with 16 MiB).
// A batch command also starts with room for its trees (--initial-heap-size,
// in MiB): the old generation is not collected again and again as it grows
// to hold them (the front-end benchmark: 2.42–2.54 s → 2.20–2.32 s, the same
// peak memory; a small workspace is unchanged). The memory is only reserved.
// bin/herd.js's first line repeats `batch`, since a shebang cannot import.
export const nodeFlags = {
  batch: ["--max-semi-space-size=64", "--initial-heap-size=400"],
  server: ["--max-semi-space-size=16"],
};
