// The evaluated system: what placement, the backends and the agent consume.
// Plain data; amounts in base units (millicores, bytes, milliseconds).
import type { PlacementValue, Value } from "./values.js";

export interface SourceRef {
  file: string;
  start: number;
  end: number;
}

export interface ResourcesModel {
  /** Millicores. */
  cpu: number;
  /** Bytes. */
  memory: number;
  /** Bytes. */
  disk: number;
}

export interface MachineModel {
  name: string;
  /** The pool it belongs to, with its 0-based index there. */
  pool?: string;
  index?: number;
  /** Existing machines have an address and get no Terraform. */
  kind: "existing" | "provisioned";
  address?: string;
  /** The Machine record of a provisioned machine (provider, type, location, …). */
  machine?: Value;
  provider?: string;
  machineType?: string;
  location?: string;
  system: string;
  resources: ResourcesModel;
  labels: Record<string, string>;
  /** The whole evaluated pool or node body (nixos options, sshUser, …). */
  settings: Value;
  source: SourceRef;
}

export interface PoolModel {
  name: string;
  count: number;
  machines: string[];
  source: SourceRef;
}

export interface RolloutModel {
  maxUnavailable: number;
  maxSurge: number;
  healthTimeoutMs: number;
  pauseMs: number;
}

export interface ServiceModel {
  name: string;
  version: string;
  replicas: number;
  resources: ResourcesModel;
  placement: PlacementValue;
  /** Ports its replicas bind: no two replicas that share one may share a machine. */
  ports: number[];
  run: Value;
  health: Value;
  rollout: RolloutModel;
  /** The whole evaluated Service record. */
  value: Value;
  /** The service's name in its declaration. */
  source: SourceRef;
  /** The `place { … }` block, when written. */
  placeSource?: SourceRef;
}

export interface PolicyModel {
  /** How many simultaneous machine failures every replica must survive. */
  survive: number;
  surviveSource?: SourceRef;
  reserve: ResourcesModel;
  maxUtilization: number;
  source?: SourceRef;
}

/** The `terraform { … }` blocks, merged: Terraform JSON to emit as-is. */
export interface TerraformModel {
  /** A record tree (`resource`, `data`, `variable`, `output`, …), or none. */
  value: Value;
  sources: SourceRef[];
}

export interface SystemModel {
  machines: MachineModel[];
  pools: PoolModel[];
  services: ServiceModel[];
  base: Value;
  baseSource?: SourceRef;
  policy: PolicyModel;
  /** Absent when no `terraform` block was written (and in hand-built models). */
  terraform?: TerraformModel;
  /**
   * Where a value was written: the expression of the field that gave it
   * (the first one, for values shared by several). For diagnostics of later
   * stages that are about one setting, such as a hardware configuration
   * file that does not exist. Recorded only when asked for
   * (WorkspaceOptions.origins, as `herd build` does); absent otherwise.
   */
  origins?: Origins;
}

const ORIGIN = Symbol("origin");

/**
 * Where values were written, kept on the value objects themselves under a
 * symbol: a WeakMap entry per field value made evaluation half as slow again
 * (ephemeron bookkeeping in every garbage collection). Symbol-keyed, the
 * mark is invisible to JSON and to Object.keys.
 */
export class Origins {
  get(v: Value): SourceRef | undefined {
    return (v as { [ORIGIN]?: SourceRef })[ORIGIN];
  }

  /** Marks `v` as written at `ref`, unless it already has an origin. */
  mark(v: Value, ref: SourceRef): void {
    const o = v as { [ORIGIN]?: SourceRef };
    if (o[ORIGIN] === undefined) o[ORIGIN] = ref;
  }
}

export function emptyPlacement(): PlacementValue {
  return { on: [], prefer: [], spread: [], maxPerNode: undefined, avoid: [], near: [] };
}
