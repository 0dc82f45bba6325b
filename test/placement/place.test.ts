import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { analyzeFiles } from "../helpers/memory-workspace.js";
import {
  diffMoves,
  lockFromResult,
  parseLock,
  place,
  placementDiagnostics,
  serializeLock,
  violations,
  explainService,
  checkPlacement,
} from "../../compiler/placement/index.js";
import { system } from "./model.js";

const GiB = 2 ** 30;
const MiB = 2 ** 20;

const where = (r: ReturnType<typeof place>, service: string) => r.assignments.filter((a) => a.service === service).map((a) => a.machine);

const shopText = readFileSync(new URL("../../examples/shop/shop.sys", import.meta.url), "utf8");

describe("placement of the shop example", () => {
  const a = analyzeFiles({ "shop.sys": shopText });
  it("analyses cleanly", () => expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]));
  const r = place({ model: a.model });
  it("places every replica and respects every rule", () => {
    expect(r.unplaced).toEqual([]);
    expect(r.assignments).toHaveLength(5);
    expect(violations(a.model, r.assignments)).toEqual([]);
    expect(new Set(where(r, "api")).size).toBe(3);
    for (const m of where(r, "api")) expect(m).toMatch(/^web-/);
    for (const m of where(r, "db")) expect(["db-1", "db-2", "db-3", "backup-1"]).toContain(m);
  });
  it("balances: db uses the big backup machine", () => {
    expect(where(r, "db")).toContain("backup-1");
    expect(r.peak).toBeCloseTo(0.5);
  });
  it("is deterministic", () => {
    const again = place({ model: analyzeFiles({ "shop.sys": shopText }).model });
    expect(JSON.stringify(again)).toBe(JSON.stringify(r));
  });
  it("proves survive 1 node failure with no diagnostics", () => {
    expect(checkPlacement(a.model).diagnostics).toEqual([]);
  });
});

describe("hard rules", () => {
  it("never over-commits cpu, memory or disk", () => {
    const m = system(
      [
        { name: "a", cpu: 1000, memory: 4 * GiB, disk: 100 },
        { name: "b", cpu: 1000, memory: 4 * GiB, disk: 100 },
      ],
      [{ name: "s", replicas: 5, cpu: 400, memory: GiB, disk: 10 }],
    );
    const r = place({ model: m });
    expect(r.assignments).toHaveLength(4);
    expect(r.unplaced).toHaveLength(1);
    expect(r.unplaced[0]!.summary).toBe("0 of 2 machines fit");
    expect(r.unplaced[0]!.reasons.map((x) => x.message)).toEqual(["2 lack 400m free cpu"]);
    expect(violations(m, r.assignments)).toEqual([]);
  });

  it("honours policy reserve and maxUtilization", () => {
    const m = system([{ name: "a", cpu: 4000, memory: 8 * GiB }], [{ name: "s", replicas: 4, cpu: 1000, memory: 100 * MiB }], {
      reserve: { cpu: 1000, memory: 0, disk: 0 },
      maxUtilization: 0.7,
    });
    const r = place({ model: m });
    // (4000 − 1000) × 0.7 = 2100 millicores usable: two replicas.
    expect(r.assignments).toHaveLength(2);
    expect(r.machines[0]!.usable.cpu).toBe(2100);
  });

  it("spreads over label values with the given skew", () => {
    const machines = ["a", "b", "c"].flatMap((z) => [1, 2, 3].map((i) => ({ name: `${z}${i}`, cpu: 8000, memory: 32 * GiB, labels: { zone: z } })));
    const m = system(machines, [{ name: "s", replicas: 7, cpu: 100, memory: MiB, spread: [{ label: "zone" }] }]);
    const r = place({ model: m });
    const perZone = ["a", "b", "c"].map((z) => where(r, "s").filter((x) => x.startsWith(z)).length).sort();
    expect(perZone).toEqual([2, 2, 3]);
    expect(violations(m, r.assignments)).toEqual([]);
  });

  it("keeps replicas with a shared port apart, and honours max per node", () => {
    const m = system(
      [1, 2, 3].map((i) => ({ name: `m${i}`, cpu: 8000, memory: 32 * GiB })),
      [
        { name: "web", replicas: 2, cpu: 100, memory: MiB, ports: [80] },
        { name: "proxy", replicas: 2, cpu: 100, memory: MiB, ports: [80, 443] },
        { name: "w", replicas: 6, cpu: 100, memory: MiB, max: 2 },
      ],
    );
    const r = place({ model: m });
    // Four replicas bind port 80 and there are three machines.
    expect(r.assignments.filter((a) => a.service !== "w")).toHaveLength(3);
    expect(r.unplaced).toHaveLength(1);
    expect(r.unplaced[0]!.reasons.map((x) => x.message).join("; ")).toMatch(/already run.? a replica binding port 80/);
    expect(where(r, "w")).toHaveLength(6);
    expect(violations(m, r.assignments)).toEqual([]);
  });

  it("avoid keeps services apart in both directions; near puts them together", () => {
    const m = system(
      [1, 2, 3, 4].map((i) => ({ name: `m${i}`, cpu: 8000, memory: 32 * GiB })),
      [
        { name: "db", replicas: 2, cpu: 1000, memory: GiB, avoid: ["api"] },
        { name: "api", replicas: 2, cpu: 1000, memory: GiB, max: 1 },
        { name: "cache", replicas: 2, cpu: 100, memory: MiB, near: ["api"] },
      ],
    );
    const r = place({ model: m });
    expect(r.unplaced).toEqual([]);
    expect(violations(m, r.assignments)).toEqual([]);
    for (const c of where(r, "cache")) expect(where(r, "api")).toContain(c);
    for (const d of where(r, "db")) expect(where(r, "api")).not.toContain(d);
  });

  it("suggests a port of its own to a service that cannot be placed for a port another service binds", () => {
    const m = system(
      [1, 2].map((i) => ({ name: `m${i}`, cpu: 8000, memory: 32 * GiB })),
      [
        { name: "api", replicas: 2, cpu: 1000, memory: GiB, ports: [8080] },
        { name: "admin", replicas: 1, cpu: 100, memory: MiB, ports: [8080, 9000] },
      ],
    );
    const r = place({ model: m });
    expect(r.unplaced.map((u) => [u.service, u.suggestion])).toEqual([["admin", "bind a port of its own instead of 8080 (api binds it too)"]]);
  });

  it("says so when what a service must be near has no replica anywhere", () => {
    const m = system(
      [1, 2].map((i) => ({ name: `m${i}`, cpu: 8000, memory: 32 * GiB, labels: { tier: "web" } })),
      [
        { name: "db", replicas: 1, cpu: 1000, memory: GiB, on: [{ op: "eq", label: "tier", value: "data" }] },
        { name: "cache", replicas: 2, cpu: 100, memory: MiB, near: ["db"] },
      ],
    );
    const r = place({ model: m });
    const cache = r.unplaced.filter((u) => u.service === "cache");
    expect(cache).toHaveLength(2);
    expect(cache[0]!.reasons.map((x) => x.message)).toEqual(["2 do not run db (near db), and no machine does: db has no replica placed"]);
  });

  it("prefer pulls replicas toward matching machines", () => {
    const m = system(
      [
        { name: "a", cpu: 4000, memory: 8 * GiB, labels: { disk: "hdd" } },
        { name: "b", cpu: 4000, memory: 8 * GiB, labels: { disk: "ssd" } },
      ],
      [{ name: "s", replicas: 2, cpu: 500, memory: MiB, prefer: [{ selector: { op: "eq", label: "disk", value: "ssd" }, weight: 50 }] }],
    );
    expect(where(place({ model: m }), "s")).toEqual(["b", "b"]);
  });
});

describe("explanations and diagnostics", () => {
  const text = `import "std/services" { systemdService }
pool web {
  count = 4
  machine = { provider = "hetzner", type = "cx22", location = "fsn1", resources = { cpu = 2, memory = 4GiB, disk = 40GB } }
  labels = { tier = "frontend" }
}
pool db {
  count = 3
  machine = { provider = "hetzner", type = "cx32", location = "fsn1", resources = { cpu = 4, memory = 8GiB, disk = 80GB } }
  labels = { tier = "data" }
}
service api {
  replicas = 1
  resources = { cpu = 500m, memory = 512MiB }
  place { on tier == "data" }
  run = systemdService { exec = "api" }
}
service db {
  replicas = 3
  resources = { cpu = 2, memory = 6GiB }
  place {
    on tier == "data"
    avoid api
  }
  run = systemdService { exec = "db" }
}
`;
  const a = analyzeFiles({ "main.sys": text });
  const r = place({ model: a.model });
  it("says why, machine by machine, and proposes the smallest change", () => {
    expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // db (larger) goes first and takes every data machine; api avoids it.
    expect(r.unplaced.map((u) => u.service)).toEqual(["api"]);
    const u = r.unplaced[0]!;
    expect(u.summary).toBe("0 of 7 machines fit");
    expect(u.reasons.map((x) => x.message)).toEqual(["4 have tier=frontend, not data", "3 run db, which avoids api"]);
    expect(u.suggestion).toBe("add one more machine to pool db (count = 4)");
  });
  it("reports H0601 on the rule at fault", () => {
    const ds = placementDiagnostics(a.model, r);
    expect(ds.map((d) => d.code)).toEqual(["H0601"]);
    const d = ds[0]!;
    expect(d.message).toBe("`api` cannot be placed: 0 of 7 machines fit: 4 have tier=frontend, not data; 3 run db, which avoids api");
    expect(d.fix?.message).toMatch(/pool db/);
    expect(text.slice(d.span.start, d.span.end)).toBe("avoid api");
  });
  it("explains each replica of a service", () => {
    const e = explainService(a.model, r, "db")!;
    expect(e).toHaveLength(3);
    expect(e.map((x) => x.machine).sort()).toEqual(["db-1", "db-2", "db-3"]);
    expect(e[0]!.summary).toBe("1 of 7 machines fit");
    expect(e[0]!.ruledOut.map((x) => x.message)).toEqual(["4 have tier=frontend, not data", "2 lack 6GiB free memory"]);
  });
});

describe("the lock", () => {
  const machines = [1, 2, 3, 4].map((i) => ({ name: `m${i}`, cpu: 4000, memory: 8 * GiB, labels: { zone: i % 2 ? "a" : "b" } }));
  const services = [
    { name: "api", replicas: 3, cpu: 500, memory: 512 * MiB, max: 1 },
    { name: "db", replicas: 2, cpu: 1000, memory: 2 * GiB, spread: [{ label: "zone" }] },
  ];
  const model = system(machines, services);
  const first = place({ model });
  const lock = lockFromResult(model, first);

  it("round-trips as sorted, deterministic JSON", () => {
    const text = serializeLock(lock);
    expect(text.endsWith("\n")).toBe(true);
    expect(serializeLock(parseLock(text))).toBe(text);
    expect(Object.keys(JSON.parse(text).services)).toEqual(["api", "db"]);
    expect(() => parseLock("{}")).toThrow(/version/);
  });
  it("moves nothing when nothing changed", () => {
    const again = place({ model, previous: lock });
    expect(again.moves).toEqual([]);
    expect(again.assignments).toEqual(first.assignments);
  });
  it("adding a machine or a service moves nothing else", () => {
    const more = system([...machines, { name: "m5", cpu: 4000, memory: 8 * GiB, labels: { zone: "a" } }], [...services, { name: "new", replicas: 2, cpu: 100, memory: MiB }]);
    const r = place({ model: more, previous: lock });
    expect(r.moves.filter((m) => m.kind !== "added")).toEqual([]);
    expect(r.moves.filter((m) => m.kind === "added").map((m) => m.service)).toEqual(["new", "new"]);
  });
  it("shows moved, added and removed replicas", () => {
    const changed = system(machines.slice(1), [{ ...services[0]!, replicas: 2 }, { ...services[1]!, replicas: 3 }]);
    const r = place({ model: changed, previous: lock });
    const kinds = r.moves.map((m) => m.kind);
    expect(kinds).toContain("added");
    expect(r.moves.filter((m) => m.kind === "removed")).toEqual([{ service: "api", replica: 2, kind: "removed", from: first.assignments.find((x) => x.service === "api" && x.replica === 2)!.machine }]);
    // Whatever was on m1 moved.
    for (const mv of r.moves.filter((m) => m.kind === "moved")) expect(mv.from).toBe("m1");
    expect(diffMoves(changed, lock, r.assignments)).toEqual(r.moves);
  });
  it("flags services whose placement settings changed", () => {
    const changed = system(machines, [{ ...services[0]!, cpu: 600 }, services[1]!]);
    expect(place({ model: changed, previous: lock }).changed).toEqual(["api"]);
  });
});
