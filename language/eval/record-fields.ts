// The fields of a record coerced into a record type (a literal's are a plain
// ListedMap, syntax/listed-map.ts, of its names as written): its values beside
// its type's shape.
import { ListedMap } from "../syntax/listed-map.js";
import type { Value } from "./values.js";

/** Field names in order, and each one's position: shared by the records of a type. */
export class Shape {
  readonly index = new Map<string, number>();

  constructor(readonly keys: readonly string[]) {
    for (let i = 0; i < keys.length; i++) this.index.set(keys[i]!, i);
  }
}

/** The fields of a record coerced into a record type: every record of the type has the same names in the same order, looked up once in its shape. */
export class RecordFields extends ListedMap<Value> {
  constructor(
    readonly shape: Shape,
    slots: readonly Value[],
  ) {
    super(shape.keys, slots);
  }

  protected override position(key: string): number {
    return this.shape.index.get(key) ?? -1;
  }
}
