// A self-contained page with a picture of the fleet: machines as boxes,
// grouped by pool and then by zone, each with cpu and memory bars and its
// replicas inside, coloured by service. Inline CSS, no scripts, no external
// resources; the same placement gives the same bytes.
import { moveText, percent, showBytes, showCpu } from "./render-text.js";
import type { MachinePlacement, PlacementResult } from "./types.js";

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A stable colour per service name. */
export function serviceHue(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return (h >>> 0) % 360;
}

function share(used: number, cap: number): number {
  return cap > 0 ? used / cap : used > 0 ? 1 : 0;
}

function barSvg(kind: string, s: number, text: string): string {
  const w = Math.round(Math.max(0, Math.min(1, s)) * 1000) / 10;
  const cls = s > 0.9 ? "hot" : s > 0.7 ? "warm" : "ok";
  return `<div class="bar" data-kind="${kind}" title="${esc(kind)} ${esc(text)}"><span class="lbl">${kind}</span><svg viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label="${esc(`${kind} ${percent(s)}`)}"><rect class="bg" x="0" y="0" width="100" height="8"/><rect class="${cls}" x="0" y="0" width="${w}" height="8"/></svg><span class="pct">${percent(s)}</span></div>`;
}

function machineBox(m: MachinePlacement): string {
  const cpu = share(m.used.cpu, m.usable.cpu);
  const mem = share(m.used.memory, m.usable.memory);
  const chips = m.replicas
    .map((r) => `<span class="replica" data-service="${esc(r.service)}" data-replica="${r.replica}" style="--h:${serviceHue(r.service)}">${esc(r.service)}#${r.replica}</span>`)
    .join("");
  const labels = Object.entries(m.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  return [
    `<div class="machine${m.failed ? " down" : ""}" data-machine="${esc(m.name)}" title="${esc(labels)}">`,
    `<div class="name">${esc(m.name)}${m.failed ? ' <span class="tag">down</span>' : ""}</div>`,
    barSvg("cpu", cpu, `${showCpu(m.used.cpu)} of ${showCpu(m.usable.cpu)}`),
    barSvg("mem", mem, `${showBytes(m.used.memory)} of ${showBytes(m.usable.memory)}`),
    `<div class="replicas">${chips || '<span class="empty">empty</span>'}</div>`,
    `</div>`,
  ].join("");
}

const CSS = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d2330;background:#f6f7f9}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}h3{font-size:13px;margin:12px 0 6px;color:#556;font-weight:600}
.summary{color:#445;margin-bottom:16px}
.pool{background:#fff;border:1px solid #d8dce3;border-radius:8px;padding:8px 14px 14px;margin-bottom:16px}
.pool h2{margin:4px 0 4px}.zones{display:flex;flex-wrap:wrap;gap:6px 22px}.zone{margin-top:2px}
.machines{display:flex;flex-wrap:wrap;gap:10px}
.machine{width:190px;border:1px solid #c5cbd6;border-radius:6px;padding:8px;background:#fbfcfe}
.machine.down{background:repeating-linear-gradient(45deg,#fbeaea,#fbeaea 6px,#f6dede 6px,#f6dede 12px);border-color:#d9a0a0}
.name{font-weight:600;margin-bottom:4px}.tag{font-size:11px;color:#a33;font-weight:600}
.bar{display:flex;align-items:center;gap:6px;font-size:11px;color:#556}
.bar .lbl{width:26px}.bar svg{flex:1;height:8px;border-radius:2px}.bar .pct{width:34px;text-align:right}
rect.bg{fill:#e4e7ec}rect.ok{fill:#4c9a6a}rect.warm{fill:#d49b2a}rect.hot{fill:#c9463d}
.replicas{display:flex;flex-wrap:wrap;gap:4px;margin-top:6px}
.replica{font-size:11px;padding:1px 6px;border-radius:10px;background:hsl(var(--h) 65% 88%);border:1px solid hsl(var(--h) 45% 60%);color:hsl(var(--h) 60% 22%)}
.empty{font-size:11px;color:#99a}
.unplaced li,.moves li{margin:2px 0}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
`;

export function renderHtml(result: PlacementResult, title: string): string {
  // Pools in order of first appearance, then machines outside pools; zones inside by first appearance.
  const groups = new Map<string, Map<string, MachinePlacement[]>>();
  for (const m of result.machines) {
    const pool = m.pool !== undefined ? `pool ${m.pool}` : "nodes";
    const zone = m.labels["zone"] ?? "";
    let g = groups.get(pool);
    if (!g) groups.set(pool, (g = new Map()));
    const list = g.get(zone);
    if (list) list.push(m);
    else g.set(zone, [m]);
  }
  const body: string[] = [];
  for (const [pool, zones] of groups) {
    body.push(`<section class="pool" data-pool="${esc(pool)}"><h2>${esc(pool)}</h2><div class="zones">`);
    for (const [zone, ms] of zones) {
      body.push(`<div class="zone" data-zone="${esc(zone)}">${zone ? `<h3>zone ${esc(zone)}</h3>` : ""}<div class="machines">${ms.map(machineBox).join("")}</div></div>`);
    }
    body.push(`</div></section>`);
  }
  const placed = result.assignments.length;
  const total = placed + result.unplaced.length;
  const extra: string[] = [];
  if (result.unplaced.length > 0) {
    extra.push(`<h2>Cannot be placed</h2><ul class="unplaced">`);
    for (const u of result.unplaced) {
      extra.push(`<li><code>${esc(u.service)}#${u.replica}</code>: ${esc(u.summary)}${u.reasons.length ? ": " + esc(u.reasons.map((r) => r.message).join("; ")) : ""}${u.suggestion ? ` <em>fix: ${esc(u.suggestion)}</em>` : ""}</li>`);
    }
    extra.push(`</ul>`);
  }
  if (result.moves.length > 0) {
    extra.push(`<h2>Changes</h2><ul class="moves">${result.moves.map((m) => `<li><code>${esc(moveText(m))}</code></li>`).join("")}</ul>`);
  }
  const live = result.machines.filter((m) => !m.failed).length;
  return [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<title>${esc(title)} — herd plan</title><style>${CSS.trim()}</style></head><body>`,
    `<h1>${esc(title)}</h1>`,
    `<div class="summary">${live} machine${live === 1 ? "" : "s"}${result.failed.length ? ` (${result.failed.length} down: ${esc(result.failed.join(", "))})` : ""} · ${placed} of ${total} replicas placed · peak utilisation ${percent(result.peak)}</div>`,
    ...body,
    ...extra,
    `</body></html>`,
    "",
  ].join("\n");
}
