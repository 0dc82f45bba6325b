// The language server re-places the fleet only when what placement reads
// changed: the key must change with every such input and with nothing else.
import { describe, expect, it } from "vitest";
import { placementInputKey, sameInput } from "../../compiler/placement/index.js";
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

const keyOf = (src: string) => {
  const a = analyzeFiles({ "main.sys": src });
  expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return placementInputKey(a.model, undefined);
};

describe("placementInputKey", () => {
  const base = keyOf(fleet());

  it("does not change with positions, commands or comments", () => {
    expect(keyOf(fleet({ padding: "// a comment that moves everything down\n\n" }))).toEqual(base);
    expect(keyOf(fleet({ exec: "/bin/other" }))).toEqual(base);
  });

  it("changes with replicas, machine resources, labels and rules", () => {
    const keys = [fleet({ replicas: 3 }), fleet({ cpu: "4" }), fleet({ zone: "b" }), fleet({ avoid: "worker" })].map(keyOf);
    for (const k of keys) expect(sameInput(k, base)).toBe(false);
    expect(new Set(keys.map((k) => k.join("\n"))).size).toBe(keys.length);
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
    expect(key.join("\n")).toMatch(/^one 2 /m);
    expect(key.join("\n")).toMatch(/^two 2 /m);
  });
});
