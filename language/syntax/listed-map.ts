// A read-only map from names to values held as two arrays: the fields of a
// record, the groups of a record literal's entries. A `Map` for each had been
// the largest allocation of an analysis (a hash table per service, health
// check and literal), and most of them hold a handful of names. In the
// lowest layer of the language, so that every layer above can use it.

/** Up to this many names, a scan finds one as fast as a hash would; past it, an index is made on the first lookup. */
const SCAN_MAX = 16;

export class ListedMap<V> implements ReadonlyMap<string, V> {
  private index: Map<string, number> | undefined;

  constructor(
    /** Distinct. */
    readonly names: readonly string[],
    /** One per name, in its order. */
    readonly slots: readonly V[],
  ) {}

  /** Where `key` is in `names`, or −1. */
  protected position(key: string): number {
    const names = this.names;
    if (names.length <= SCAN_MAX) return names.indexOf(key);
    let index = this.index;
    if (!index) {
      index = this.index = new Map();
      for (let i = 0; i < names.length; i++) index.set(names[i]!, i);
    }
    return index.get(key) ?? -1;
  }

  get size(): number {
    return this.names.length;
  }

  get(key: string): V | undefined {
    const i = this.position(key);
    return i < 0 ? undefined : this.slots[i];
  }

  has(key: string): boolean {
    return this.position(key) >= 0;
  }

  forEach(f: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    const names = this.names;
    for (let i = 0; i < names.length; i++) f.call(thisArg, this.slots[i]!, names[i]!, this);
  }

  *entries(): MapIterator<[string, V]> {
    const names = this.names;
    for (let i = 0; i < names.length; i++) yield [names[i]!, this.slots[i]!];
  }

  keys(): MapIterator<string> {
    return this.names[Symbol.iterator]();
  }

  values(): MapIterator<V> {
    return this.slots[Symbol.iterator]();
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  /** As a `Map` is written by the callers that serialise models (an array of entries). */
  toJSON(): [string, V][] {
    return [...this.entries()];
  }
}
