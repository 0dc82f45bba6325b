// The fields of a record coerced into a record type. Every record of one type
// has the same fields in the same order, so the names and where each is
// live once, in the type's shape, and a record holds only its values: a
// `Map` per record cost a hash table per service, health check and rollout
// (most of what evaluation keeps), and an insertion per field to make.
import type { Value } from "./values.js";

/** Field names in order, and each one's position: shared by the records of a type. */
export class Shape {
  readonly index = new Map<string, number>();

  constructor(readonly keys: readonly string[]) {
    for (let i = 0; i < keys.length; i++) this.index.set(keys[i]!, i);
  }
}

/** A record's fields: a read-only map of its shape's names to its own values. */
export class RecordFields implements ReadonlyMap<string, Value> {
  constructor(
    readonly shape: Shape,
    /** One per name of the shape, in its order. */
    readonly slots: readonly Value[],
  ) {}

  get size(): number {
    return this.shape.keys.length;
  }

  get(key: string): Value | undefined {
    const i = this.shape.index.get(key);
    return i === undefined ? undefined : this.slots[i];
  }

  has(key: string): boolean {
    return this.shape.index.has(key);
  }

  forEach(f: (value: Value, key: string, map: ReadonlyMap<string, Value>) => void, thisArg?: unknown): void {
    const keys = this.shape.keys;
    for (let i = 0; i < keys.length; i++) f.call(thisArg, this.slots[i]!, keys[i]!, this);
  }

  *entries(): MapIterator<[string, Value]> {
    const keys = this.shape.keys;
    for (let i = 0; i < keys.length; i++) yield [keys[i]!, this.slots[i]!];
  }

  keys(): MapIterator<string> {
    return this.shape.keys[Symbol.iterator]();
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
