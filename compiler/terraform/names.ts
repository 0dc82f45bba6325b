// Names in the Terraform document: resource labels Terraform accepts, AWS
// provider aliases per region, and labels Hetzner accepts.

const identifier = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Whether Terraform accepts the name as a block label / identifier. */
export function isIdentifier(name: string): boolean {
  return identifier.test(name);
}

/** A Terraform identifier for a name: itself when valid, else with `_` for invalid characters. */
export function tfLabel(name: string): string {
  if (isIdentifier(name)) return name;
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** The AWS provider alias of a region: `eu-central-1` → `eu_central_1`. */
export function regionAlias(region: string): string {
  return tfLabel(region.replace(/-/g, "_"));
}

// Hetzner Cloud labels: keys are an optional DNS-subdomain prefix and `/`,
// then a name of at most 63 characters; names and values begin and end with
// an alphanumeric character and have `-`, `_`, `.` or alphanumerics between
// (values may also be empty). The `hetzner.cloud/` prefix is Hetzner's own.
const labelPart = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const dnsPrefix = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

function cleanPart(s: string): string {
  return s
    .replace(/[^A-Za-z0-9._-]/g, "-")
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/[^A-Za-z0-9]+$/, "");
}

/** A Hetzner label key for a Herd label key, or undefined when nothing of it is usable. */
export function hetznerLabelKey(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  if (slash > 0) {
    const prefix = key.slice(0, slash);
    const name = key.slice(slash + 1);
    if (prefix !== "hetzner.cloud" && prefix.length <= 253 && dnsPrefix.test(prefix) && labelPart.test(name)) return key;
  } else if (labelPart.test(key)) return key;
  const cleaned = cleanPart(key);
  return cleaned === "" ? undefined : cleaned;
}

/** A Hetzner label value for a Herd label value. */
export function hetznerLabelValue(value: string): string {
  return value === "" || labelPart.test(value) ? value : cleanPart(value);
}

/** Labels as Hetzner accepts them; of two keys that clean to the same one, the first (sorted) wins. */
export function hetznerLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) {
    const k = hetznerLabelKey(key);
    if (k === undefined || k in out) continue;
    out[k] = hetznerLabelValue(labels[key]!);
  }
  return out;
}
