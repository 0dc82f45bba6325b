// The evaluated system as plain JSON (`herd eval`): every machine, pool and
// service with what it evaluated to, the base, the policy, the merged
// `terraform` blocks, and the `let`s of the system's files. Objects are keyed
// by name, in the order the files declare them, so the output is the same
// byte for byte for the same files.
import { valueToJson, type Json } from "../eval/value-json.js";
import { isStdKey } from "../names/module-key.js";
import type { Analysis } from "./workspace.js";

export type JsonObject = { [key: string]: Json };

export function exportSystem(a: Analysis): JsonObject {
  const model = a.model;
  const machines: JsonObject = {};
  for (const m of model.machines) {
    machines[m.name] = {
      ...(m.pool !== undefined ? { pool: m.pool, index: m.index ?? null } : {}),
      kind: m.kind,
      ...(m.address !== undefined ? { address: m.address } : {}),
      ...(m.provider !== undefined ? { provider: m.provider } : {}),
      ...(m.machineType !== undefined ? { machineType: m.machineType } : {}),
      ...(m.location !== undefined ? { location: m.location } : {}),
      system: m.system,
      resources: { ...m.resources },
      labels: { ...m.labels },
      settings: valueToJson(m.settings),
    };
  }
  const pools: JsonObject = {};
  for (const p of model.pools) pools[p.name] = { count: p.count, machines: [...p.machines] };
  const services: JsonObject = {};
  for (const s of model.services) services[s.name] = valueToJson(s.value);
  const lets: JsonObject = {};
  for (const key of [...a.modules.keys()].sort()) {
    const m = a.modules.get(key)!;
    if (!m.inSystem || isStdKey(key)) continue;
    const values: JsonObject = {};
    for (const sym of m.decls.symbols.values()) if (sym.kind === "let") values[sym.name] = valueToJson(a.evaluator.letValue(sym));
    if (Object.keys(values).length > 0) lets[m.file.replace(/\.sys$/, "")] = values;
  }
  return {
    machines,
    pools,
    services,
    base: valueToJson(model.base),
    policy: { survive: model.policy.survive, reserve: { ...model.policy.reserve }, maxUtilization: model.policy.maxUtilization },
    ...(model.terraform && model.terraform.sources.length > 0 ? { terraform: valueToJson(model.terraform.value) } : {}),
    lets,
  };
}
