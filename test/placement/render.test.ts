import { describe, expect, it } from "vitest";
import { lockFromResult, place, renderHtml, renderMoves, renderPlan } from "../../compiler/placement/index.js";
import { showBytes, showCpu, bar, replicaList } from "../../compiler/placement/render-text.js";
import { system } from "./model.js";

const GiB = 2 ** 30;

describe("rendering", () => {
  it("formats amounts and bars for people", () => {
    expect(showBytes(8 * GiB)).toBe("8GiB");
    expect(showBytes(6012954214)).toBe("5.6GiB");
    expect(showCpu(500)).toBe("500m");
    expect(showCpu(2000)).toBe("2");
    expect(showCpu(2800)).toBe("2.8");
    expect(bar(0.5, 4)).toBe("██░░");
    expect(replicaList([1, 2, 3, 4].map((replica) => ({ service: "w", replica })))).toBe("w ×4");
  });

  const model = system(
    [
      { name: "a", pool: "p", cpu: 1000, memory: GiB, labels: { zone: "z1" } },
      { name: "b", pool: "p", cpu: 1000, memory: GiB, labels: { zone: "z2" } },
    ],
    [{ name: "s", replicas: 3, cpu: 600, memory: 100 * 2 ** 20 }],
  );
  const r = place({ model });

  it("shows unplaced replicas with reasons and the fix in text and HTML", () => {
    const text = renderPlan(r, "demo");
    expect(text).toContain("demo: 2 machines, 2 of 3 replicas placed, peak utilisation 60%");
    expect(text).toContain("✗ s #2: 0 of 2 machines fit\n    2 lack 600m free cpu\n  fix: add one more machine to pool p (count = 3), or replicas = 2");
    const html = renderHtml(r, "demo <fleet>");
    expect(html).toContain("<title>demo &lt;fleet&gt; — herd plan</title>");
    expect(html).toContain('<ul class="unplaced">');
    expect(html).toContain('data-zone="z2"');
  });

  it("lists moves against a previous placement", () => {
    const smaller = system([{ name: "b", pool: "p", cpu: 1000, memory: GiB, labels: { zone: "z2" } }], [{ name: "s", replicas: 1, cpu: 600, memory: 100 * 2 ** 20 }]);
    const moved = place({ model: smaller, previous: lockFromResult(model, r) });
    expect(renderMoves(moved.moves)).toBe("1 moved, 0 added, 1 removed\n  ~ s#0 a → b\n  - s#1 (was on b)");
  });
});
