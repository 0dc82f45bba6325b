// The language server re-places the fleet only when what placement reads
// changed: the key must change with every such input and with nothing else.
import { describe, expect, it } from "vitest";
import { placementInputKey, sameInput, type PlacementInput } from "../../compiler/placement/index.js";
import { analyzeFiles } from "../helpers/memory-workspace.js";

const fleet = (opts: { padding?: string; exec?: string; replicas?: number; zone?: string; cpu?: string; avoid?: string } = {}) => `${opts.padding ?? ""}import "std/services" { systemdService }
pool web {
  count   = 3
  machine = { provider = "hetzner", type = "cx22", location = "fsn1", resources = { cpu = ${opts.cpu ?? "2"}, memory = 4GiB } }
  labels  = { zone = "${opts.zone ?? "a"}" }
}
let shared = systemdService { exec = "${opts.exec ?? "/bin/app"}" }
service api {
  replicas = ${opts.replicas ?? 2}
  run      = shared
  place { spread by zone${opts.avoid ? `\n    avoid ${opts.avoid}` : ""} }
}
service worker {
  run = shared
}
`;

const keyOf = (src: string, before?: PlacementInput) => {
  const a = analyzeFiles({ "main.sys": src });
  expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return placementInputKey(a.model, undefined, before);
};

describe("placementInputKey", () => {
  const base = keyOf(fleet());

  it("does not change with positions, commands or comments", () => {
    expect(sameInput(keyOf(fleet({ padding: "// a comment that moves everything down\n\n" })), base)).toBe(true);
    expect(sameInput(keyOf(fleet({ exec: "/bin/other" })), base)).toBe(true);
  });

  it("changes with replicas, machine resources, labels and rules", () => {
    const keys = [fleet({ replicas: 3 }), fleet({ cpu: "4" }), fleet({ zone: "b" }), fleet({ avoid: "worker" })].map((src) => keyOf(src));
    for (const k of keys) expect(sameInput(k, base)).toBe(false);
    expect(new Set(keys.map((k) => k.lines.join("\n"))).size).toBe(keys.length);
  });

  it("changes with the lock", () => {
    const a = analyzeFiles({ "main.sys": fleet() });
    const lock = { version: 1 as const, services: { api: { hash: "x", replicas: ["web-1", "web-2"] } } };
    expect(sameInput(placementInputKey(a.model, lock), placementInputKey(a.model, undefined))).toBe(false);
  });

  it("is the same when asked twice, and tells apart services that share one value", () => {
    const a = analyzeFiles({ "main.sys": fleet() + "let common: Service = { run = shared, replicas = 2 }\nservice one = common\nservice two = common\n" });
    const [one, two] = ["one", "two"].map((n) => a.model.services.find((s) => s.name === n)!);
    expect(one!.value).toBe(two!.value); // the case the check is for
    const key = placementInputKey(a.model, undefined);
    expect(sameInput(placementInputKey(a.model, undefined), key)).toBe(true);
    expect(key.lines.join("\n")).toMatch(/^one 2 /m);
    expect(key.lines.join("\n")).toMatch(/^two 2 /m);
  });

  it("made against the input before, reuses only the lines placement reads alike", () => {
    // Other models each time (each analysis makes its own): compared by what placement reads.
    expect(sameInput(keyOf(fleet({ exec: "/bin/other" }), base), base)).toBe(true);
    for (const changed of [fleet({ replicas: 3 }), fleet({ cpu: "4" }), fleet({ zone: "b" }), fleet({ avoid: "worker" })]) {
      const k = keyOf(changed, base);
      expect(sameInput(k, base)).toBe(false);
      expect(k.lines).toEqual(keyOf(changed).lines);
    }
    // A service fewer at the front: each position holds another service than before.
    const fewer = fleet().replace(/service api \{[^}]*\{[^}]*\}\n\}\n/, "");
    expect(fewer).not.toContain("service api");
    expect(keyOf(fewer, base).lines).toEqual(keyOf(fewer).lines);
  });
});
