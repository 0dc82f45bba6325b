// The unit suffixes of number literals, and what each means. Part of the
// lexical language: `512MiB` is a Bytes literal wherever it appears.

export type Dimension = "Bytes" | "Cpu" | "Duration";

export interface UnitInfo {
  dimension: Dimension;
  /** How many base units one of this unit is: bytes, millicores or milliseconds. */
  scale: number;
}

export const units: ReadonlyMap<string, UnitInfo> = new Map<string, UnitInfo>([
  ["B", { dimension: "Bytes", scale: 1 }],
  ["KB", { dimension: "Bytes", scale: 1e3 }],
  ["MB", { dimension: "Bytes", scale: 1e6 }],
  ["GB", { dimension: "Bytes", scale: 1e9 }],
  ["TB", { dimension: "Bytes", scale: 1e12 }],
  ["PB", { dimension: "Bytes", scale: 1e15 }],
  ["KiB", { dimension: "Bytes", scale: 1024 }],
  ["MiB", { dimension: "Bytes", scale: 1024 ** 2 }],
  ["GiB", { dimension: "Bytes", scale: 1024 ** 3 }],
  ["TiB", { dimension: "Bytes", scale: 1024 ** 4 }],
  ["PiB", { dimension: "Bytes", scale: 1024 ** 5 }],
  ["m", { dimension: "Cpu", scale: 1 }],
  ["ms", { dimension: "Duration", scale: 1 }],
  ["s", { dimension: "Duration", scale: 1000 }],
  ["min", { dimension: "Duration", scale: 60_000 }],
  ["h", { dimension: "Duration", scale: 3_600_000 }],
  ["d", { dimension: "Duration", scale: 86_400_000 }],
]);

/** Base units per whole core: a plain number of cores is 1000 millicores. */
export const MILLICORES_PER_CORE = 1000;

/** The suffix to write for a dimension when a plain number was given. */
export const suggestedUnit: Record<Dimension, string> = { Bytes: "MiB", Cpu: "m", Duration: "s" };

/** Common misspellings mapped to what was meant. */
export const unitAliases: ReadonlyMap<string, string> = new Map([
  ["b", "B"], ["k", "KB"], ["kb", "KB"], ["kB", "KB"], ["K", "KB"], ["Kb", "KB"],
  ["mb", "MB"], ["M", "MB"], ["Mb", "MB"], ["gb", "GB"], ["G", "GB"], ["Gb", "GB"],
  ["tb", "TB"], ["T", "TB"], ["Tb", "TB"], ["Ki", "KiB"], ["Mi", "MiB"], ["Gi", "GiB"],
  ["Ti", "TiB"], ["kib", "KiB"], ["mib", "MiB"], ["gib", "GiB"], ["tib", "TiB"], ["GIB", "GiB"],
  ["MIB", "MiB"], ["sec", "s"], ["secs", "s"], ["seconds", "s"], ["second", "s"], ["mins", "min"],
  ["minute", "min"], ["minutes", "min"], ["hr", "h"], ["hrs", "h"], ["hour", "h"], ["hours", "h"],
  ["day", "d"], ["days", "d"], ["msec", "ms"], ["millis", "ms"], ["mcpu", "m"],
]);
