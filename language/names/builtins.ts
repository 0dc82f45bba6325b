// The names every module sees before its own and the prelude's: primitive
// types, `pkgs`, and the built-in functions. Their types live in
// types/builtin-signatures.ts, their behaviour in eval/builtin-functions.ts.

export interface BuiltinInfo {
  name: string;
  kind: "type" | "function" | "value";
  doc: string;
  /** How it is called, for signature help and hovers. */
  signature?: string;
}

const list: BuiltinInfo[] = [
  { name: "Int", kind: "type", doc: "A whole number. `Int(1..10)` restricts the range." },
  { name: "Float", kind: "type", doc: "A number with a fraction. `Float(0.0..1.0)` restricts the range." },
  { name: "String", kind: "type", doc: "Text. `String(/^[a-z]+$/)` restricts it to a pattern." },
  { name: "Bool", kind: "type", doc: "`true` or `false`." },
  { name: "Duration", kind: "type", doc: "A length of time: `500ms`, `10s`, `5min`, `1h`, `7d`." },
  { name: "Bytes", kind: "type", doc: "An amount of data: `512MiB`, `2GiB`, `100GB`, `2TB`." },
  { name: "Cpu", kind: "type", doc: "Processor time: `500m` (millicores), `2` or `0.5` (cores)." },
  { name: "Port", kind: "type", doc: "A TCP or UDP port: `Int(1..65535)`." },
  { name: "Package", kind: "type", doc: "A nixpkgs package, written `pkgs.name`. Interpolated into a string it becomes a Nix store path." },
  { name: "Secret", kind: "type", doc: "A secret held by sops-nix or agenix, written `secret(\"name\")`. Never interpolated or printed." },
  { name: "Nix", kind: "type", doc: "Raw Nix code, written `nix\"…\"`: the escape hatch for what Herd's types do not cover." },
  { name: "NixOptions", kind: "type", doc: "Raw NixOS options: nested records of values, as in a NixOS module." },
  { name: "Placement", kind: "type", doc: "Placement rules, written `place { … }`." },
  { name: "pkgs", kind: "value", doc: "The nixpkgs package set: `pkgs.htop`, `pkgs.python3Packages.requests`." },
  { name: "secret", kind: "function", signature: "secret(name: String): Secret", doc: "Names a secret held by sops-nix or agenix on the machine." },
  { name: "tf", kind: "function", signature: "tf(reference: String): String", doc: "A Terraform expression, `tf(\"hcloud_network.private.id\")`, for the `terraform { … }` block: emitted as `${hcloud_network.private.id}`." },
  { name: "len", kind: "function", signature: "len(x: [T] | {String: T} | String): Int", doc: "The number of items, entries or characters." },
  { name: "range", kind: "function", signature: "range(from: Int, to: Int): [Int]", doc: "`range(n)` is `[0, …, n-1]`; `range(a, b)` is `[a, …, b-1]`." },
  { name: "join", kind: "function", signature: "join(items: [String], separator: String = \"\"): String", doc: "Joins strings with a separator." },
  { name: "split", kind: "function", signature: "split(text: String, separator: String): [String]", doc: "Splits a string at each separator." },
  { name: "keys", kind: "function", signature: "keys(map: {String: T}): [String]", doc: "A map's keys, sorted." },
  { name: "values", kind: "function", signature: "values(map: {String: T}): [T]", doc: "A map's values, in the order of its sorted keys." },
  { name: "toString", kind: "function", signature: "toString(x: Int | Float | Bool | String | Bytes | Cpu | Duration): String", doc: "A value as text; units are written as literals (`512MiB`)." },
  { name: "contains", kind: "function", signature: "contains(haystack: [T] | String, needle: T): Bool", doc: "Whether a list holds an item, or a string a substring." },
  { name: "startsWith", kind: "function", signature: "startsWith(text: String, prefix: String): Bool", doc: "Whether a string starts with a prefix." },
  { name: "endsWith", kind: "function", signature: "endsWith(text: String, suffix: String): Bool", doc: "Whether a string ends with a suffix." },
  { name: "replace", kind: "function", signature: "replace(text: String, from: String, to: String): String", doc: "Replaces every occurrence of `from`." },
  { name: "lower", kind: "function", signature: "lower(text: String): String", doc: "Lower-case." },
  { name: "upper", kind: "function", signature: "upper(text: String): String", doc: "Upper-case." },
  { name: "min", kind: "function", signature: "min(items: [T]): T", doc: "The smallest of a non-empty list of numbers, units or strings." },
  { name: "max", kind: "function", signature: "max(items: [T]): T", doc: "The largest of a non-empty list of numbers, units or strings." },
  { name: "sum", kind: "function", signature: "sum(items: [T]): T", doc: "The sum of a list of numbers or units of one kind." },
  { name: "flatten", kind: "function", signature: "flatten(lists: [[T]]): [T]", doc: "Concatenates a list of lists." },
  { name: "merge", kind: "function", signature: "merge(a: {String: T}, b: {String: T}): {String: T}", doc: "A map with the entries of both; `b` wins where both have a key." },
];

export const builtins: ReadonlyMap<string, BuiltinInfo> = new Map(list.map((b) => [b.name, b]));
