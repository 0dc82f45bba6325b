// A record literal's entries grouped by the first segment of their paths, in
// the order first written: `{ a = 1, b.c = 2, b.d = 3 }` → a: [a = 1],
// b: [b.c = 2, b.d = 3]. The checker and the evaluator both read a record
// this way, for every record literal they meet.
import type * as A from "./ast.js";
import { ListedMap } from "./listed-map.js";

/** A field of a record literal with the part of its path still to consume. */
export interface Entry {
  path: A.FieldKey[];
  field: A.Field;
}

/** The entries of a record literal's fields, whole paths. */
export function entriesOf(fields: readonly A.Field[]): Entry[] {
  return fields.map((f) => ({ path: f.path, field: f }));
}

/** A group's entries that go on through their first segment, one segment further in: [b.c = 2, b.d = 3] → [c = 2, d = 3]. */
export function entriesWithin(group: readonly Entry[]): Entry[] {
  const out: Entry[] = [];
  for (const en of group) if (en.path.length > 1) out.push({ path: en.path.slice(1), field: en.field });
  return out;
}

/** Entries grouped by their first path segment's name (entries with an empty path are left out). */
export function groupEntries(entries: readonly Entry[]): ListedMap<Entry[]> {
  const names: string[] = [];
  const groups: Entry[][] = [];
  // Past a few names, found by a map while grouping (a literal of a thousand keys stays linear).
  let index: Map<string, number> | undefined;
  for (let e = 0; e < entries.length; e++) {
    const en = entries[e]!;
    const k = en.path[0];
    if (!k) continue;
    const i = index ? (index.get(k.name) ?? -1) : names.indexOf(k.name);
    // Most groups hold one entry: a list made by `push` would have room for 17.
    if (i >= 0) groups[i]!.push(en);
    else {
      index?.set(k.name, names.length);
      names.push(k.name);
      groups.push([en]);
      if (!index && names.length > 16) {
        index = new Map();
        for (let j = 0; j < names.length; j++) index.set(names[j]!, j);
      }
    }
  }
  return new ListedMap(names, groups);
}
