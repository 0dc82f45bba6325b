// The plain-data API of placement: what goes in (the system model, the
// previous placement, machines taken as failed) and what comes out (where
// every replica runs, what could not be placed and why, what moved).
// Amounts are base units: cpu in millicores, memory and disk in bytes.
import type { SourceRef, SystemModel } from "../../language/eval/model.js";

export interface Resources {
  cpu: number;
  memory: number;
  disk: number;
}

/** The previous placement: `herd.lock`, meant to be committed. */
export interface Lock {
  version: 1;
  services: Record<string, LockedService>;
}

export interface LockedService {
  /** A hash of the service's placement-relevant settings (resources, rules, ports). */
  hash: string;
  /** Replica index → machine; `null` for a replica that had no place. */
  replicas: (string | null)[];
}

export interface PlaceOptions {
  model: SystemModel;
  /** The previous placement: replicas stay where they are while still valid. */
  previous?: Lock | undefined;
  /** Machines taken as down: nothing runs on them. */
  failed?: readonly string[] | undefined;
  /** Look for the smallest change that would place unplaced replicas (trial placements). Default true. */
  suggest?: boolean | undefined;
  /** Bound on the exact search used for small instances (nodes visited). */
  searchBudget?: number | undefined;
  /** Branch and bound for the lowest peak on small instances (default true; benchmarks turn it off to measure the heuristics alone). */
  optimize?: boolean | undefined;
}

/** How a replica came to be where it is. */
export type PlacedBy = "lock" | "greedy" | "repair" | "search" | "balance";

export interface Assignment {
  service: string;
  replica: number;
  machine: string;
}

export interface MachinePlacement {
  name: string;
  pool?: string | undefined;
  labels: Record<string, string>;
  /** What the machine has. */
  capacity: Resources;
  /** What placement may use: capacity less policy.reserve, times policy.maxUtilization. */
  usable: Resources;
  used: Resources;
  failed: boolean;
  replicas: { service: string; replica: number }[];
}

/** Why machines do not fit a replica, grouped: "2 lack 8GiB free memory". */
export interface Reason {
  rule: ReasonRule;
  /** How many machines this reason rules out. */
  count: number;
  machines: string[];
  message: string;
  /** The rule in the source, when the reason is a written rule. */
  origin?: SourceRef | undefined;
}

export type ReasonRule = "down" | "on" | "spread" | "max-per-node" | "port" | "avoid" | "near" | "cpu" | "memory" | "disk";

export interface UnplacedReplica {
  service: string;
  replica: number;
  /** "0 of 7 machines fit". */
  summary: string;
  reasons: Reason[];
  /** The smallest change found that would place it. */
  suggestion?: string | undefined;
}

export interface Move {
  service: string;
  replica: number;
  kind: "added" | "moved" | "removed" | "unplaced";
  from?: string | undefined;
  to?: string | undefined;
}

export interface PlacementResult {
  /** Every machine of the model, in model order. */
  machines: MachinePlacement[];
  /** Placed replicas, by service (model order) then replica index. */
  assignments: Assignment[];
  unplaced: UnplacedReplica[];
  /** Differences from the previous placement (empty without one). */
  moves: Move[];
  /** Services whose placement settings changed since the previous placement. */
  changed: string[];
  /** How each placed replica got its machine, parallel to `assignments`. */
  placedBy: PlacedBy[];
  /** The highest utilisation of any machine: max over machines of max(cpu share, memory share) of usable capacity. */
  peak: number;
  failed: string[];
}
