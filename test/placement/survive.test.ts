import { describe, expect, it } from "vitest";
import { analyzeFiles } from "../helpers/memory-workspace.js";
import { checkPlacement, failureImpact, place, proveSurvive, surviveDiagnostics, violations } from "../../compiler/placement/index.js";
import { system } from "./model.js";

const GiB = 2 ** 30;

describe("failure analysis", () => {
  const model = system(
    [1, 2, 3].map((i) => ({ name: `m${i}`, pool: "m", cpu: 4000, memory: 8 * GiB })),
    [
      { name: "api", replicas: 2, cpu: 1000, memory: GiB, max: 1 },
      { name: "db", replicas: 1, cpu: 3000, memory: 6 * GiB },
    ],
  );
  const base = place({ model });

  it("shows what moves when machines die, and only that", () => {
    const victim = base.assignments.find((a) => a.service === "db")!.machine;
    const r = failureImpact(model, base, [victim]);
    expect(r.failed).toEqual([victim]);
    expect(violations(model, r.assignments, [victim])).toEqual([]);
    const moved = r.moves.filter((m) => m.kind === "moved");
    expect(moved.every((m) => m.from === victim)).toBe(true);
    expect(moved.map((m) => m.service)).toContain("db");
  });

  it("proves survive 1 and finds a counterexample for survive 2", () => {
    const one = proveSurvive(model, 1, base);
    expect(one.counterexample).toBeUndefined();
    expect(one.complete).toBe(true);
    // Three identical machines: one kind of failure per distinct content.
    expect(one.checked).toBeLessThanOrEqual(3);
    const two = proveSurvive(model, 2, base);
    expect(two.counterexample).toBeDefined();
    expect(two.counterexample!.failed).toHaveLength(2);
    expect(two.counterexample!.stranded.map((u) => u.service)).toContain("api");
  });

  it("gives the smallest failure that strands replicas, not any set of the size asked for", () => {
    // Only `home` may run backup: losing it alone strands it, whatever else fails with it.
    const m = system(
      [...[1, 2, 3].map((i) => ({ name: `m${i}`, pool: "m", cpu: 4000, memory: 8 * GiB, labels: { tier: "app" } })), { name: "home", cpu: 4000, memory: 8 * GiB, labels: { tier: "backup" } }],
      [
        { name: "api", replicas: 1, cpu: 1000, memory: GiB, on: [{ op: "eq", label: "tier", value: "app" }] },
        { name: "backup", replicas: 1, cpu: 1000, memory: GiB, on: [{ op: "eq", label: "tier", value: "backup" }] },
      ],
    );
    const two = proveSurvive(m, 2, place({ model: m }));
    expect(two.counterexample!.failed).toEqual(["home"]);
    expect(two.counterexample!.stranded.map((u) => u.service)).toEqual(["backup"]);
  });

  it("reports H0602 with the counterexample on the survive rule", () => {
    const text = `import "std/services" { systemdService }
pool m {
  count = 2
  machine = { provider = "hetzner", type = "cx22", location = "fsn1", resources = { cpu = 2, memory = 4GiB, disk = 40GB } }
}
service api {
  replicas = 2
  resources = { cpu = 1, memory = 1GiB }
  place { max 1 per node }
  run = systemdService { exec = "api" }
}
policy {
  survive 1 node failure
}
`;
    const a = analyzeFiles({ "main.sys": text });
    expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const { diagnostics } = checkPlacement(a.model);
    expect(diagnostics.map((d) => d.code)).toEqual(["H0602"]);
    const d = diagnostics[0]!;
    expect(text.slice(d.span.start, d.span.end)).toBe("survive 1 node failure");
    expect(d.message).toBe(
      "the placement does not survive 1 node failure: if m-1 fails, 1 replica has nowhere to go: api (1 replica: 0 of 2 machines fit: 1 already runs 1 replica of api (max 1 per node); 1 is down)",
    );
  });

  it("says when the proof was cut short", () => {
    const proof = proveSurvive(model, 1, base, 1);
    expect(proof.complete).toBe(false);
    const ds = surviveDiagnostics({ ...model, policy: { ...model.policy, survive: 1, surviveSource: { file: "x.sys", start: 0, end: 1 } } }, proof);
    expect(ds.map((d) => d.code)).toEqual(["H0603"]);
  });
});
