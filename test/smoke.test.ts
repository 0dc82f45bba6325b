import { describe, expect, it } from "vitest";
import { analyzeFiles, codes } from "./helpers/memory-workspace.js";

describe("memory workspace", () => {
  it("analyses a tiny system without diagnostics", () => {
    const a = analyzeFiles({
      "main.sys": `import "std/services" { systemdService }
node box {
  address = "10.0.0.1"
  resources = { cpu = 4, memory = 8GiB, disk = 100GB }
}
service hello {
  run = systemdService { exec = "\${pkgs.hello}/bin/hello" }
}
`,
    });
    expect(codes(a)).toEqual([]);
    expect(a.model.machines.map((m) => m.name)).toEqual(["box"]);
    expect(a.model.services[0]!.replicas).toBe(1);
    expect(a.model.services[0]!.resources.cpu).toBe(100);
  });
});
