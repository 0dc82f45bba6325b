// A record's fields as names and values in two arrays, rather than a `Map`
// per record: a hash table per service, health check and rollout was most of
// what evaluation kept, and the literals made on the way (coerced and
// dropped at once) were its largest allocation.
import type { Value } from "./values.js";

/** Field names in order, and each one's position: shared by the records of a type. */
export class Shape {
  readonly index = new Map<string, number>();

  constructor(readonly keys: readonly string[]) {
    for (let i = 0; i < keys.length; i++) this.index.set(keys[i]!, i);
  }
}

/** A read-only map of names to values, held as `slots[i]` for `names[i]`. */
abstract class SlotFields implements ReadonlyMap<string, Value> {
  abstract readonly names: readonly string[];
  /** One per name, in its order. */
  abstract readonly slots: readonly Value[];
  abstract get(key: string): Value | undefined;
  abstract has(key: string): boolean;

  get size(): number {
    return this.names.length;
  }

  forEach(f: (value: Value, key: string, map: ReadonlyMap<string, Value>) => void, thisArg?: unknown): void {
    const names = this.names;
    for (let i = 0; i < names.length; i++) f.call(thisArg, this.slots[i]!, names[i]!, this);
  }

  *entries(): MapIterator<[string, Value]> {
    const names = this.names;
    for (let i = 0; i < names.length; i++) yield [names[i]!, this.slots[i]!];
  }

  keys(): MapIterator<string> {
    return this.names[Symbol.iterator]();
  }

  values(): MapIterator<Value> {
    return this.slots[Symbol.iterator]();
  }

  [Symbol.iterator](): MapIterator<[string, Value]> {
    return this.entries();
  }

  /** As a `Map` is written by the callers that serialise models (an array of entries). */
  toJSON(): [string, Value][] {
    return [...this.entries()];
  }
}

/** The fields of a record coerced into a record type: every record of the type has the same names in the same order, kept once in its shape. */
export class RecordFields extends SlotFields {
  constructor(
    readonly shape: Shape,
    readonly slots: readonly Value[],
  ) {
    super();
  }

  get names(): readonly string[] {
    return this.shape.keys;
  }

  get(key: string): Value | undefined {
    const i = this.shape.index.get(key);
    return i === undefined ? undefined : this.slots[i];
  }

  has(key: string): boolean {
    return this.shape.index.has(key);
  }
}

/** A record literal's fields before coercion, in the order written; found by a scan of the names, so only for small records (see `fieldsFrom`). */
export class ListedFields extends SlotFields {
  constructor(
    readonly names: readonly string[],
    readonly slots: readonly Value[],
  ) {
    super();
  }

  get(key: string): Value | undefined {
    const i = this.names.indexOf(key);
    return i < 0 ? undefined : this.slots[i];
  }

  has(key: string): boolean {
    return this.names.includes(key);
  }
}

/** Up to this many fields, a scan of the names finds one as fast as a hash would. */
const LISTED_MAX = 16;

/** The fields named `names` (distinct), holding `slots`: listed when few, a `Map` otherwise. */
export function fieldsFrom(names: string[], slots: Value[]): ReadonlyMap<string, Value> {
  if (names.length <= LISTED_MAX) return new ListedFields(names, slots);
  const m = new Map<string, Value>();
  for (let i = 0; i < names.length; i++) m.set(names[i]!, slots[i]!);
  return m;
}
