// Language-server benchmark: percentiles of latency samples and the tables
// run.mjs prints (aligned text for the terminal, Markdown for the docs).

/** Nearest-rank percentile of sorted samples: the smallest value with at least p% of samples at or below it. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summary(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

export const ms = (x) => (x === undefined || Number.isNaN(x) ? "–" : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
export const ratio = (a, b) => (a === undefined || b === undefined || !(b > 0) ? "–" : `${(a / b).toFixed(a / b < 0.1 ? 3 : 2)}×`);

/** Rows of cells: the first row is the header; the first column is left-aligned. */
export function textTable(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? "").length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ")).join("\n");
}

export function markdownTable(rows) {
  const head = `| ${rows[0].join(" | ")} |`;
  const rule = `| ${rows[0].map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`;
  return [head, rule, ...rows.slice(1).map((r) => `| ${r.join(" | ")} |`)].join("\n");
}
