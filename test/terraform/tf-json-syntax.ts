// A structural validator for the part of Terraform's JSON configuration
// syntax (developer.hashicorp.com/terraform/language/syntax/json) that Herd
// writes: which top-level keys exist, what each block type holds, which
// meta-arguments a resource, module, output or variable takes and of what
// shape, and that every string is a well-formed template. Written here,
// apart from the emitter, so that the two do not share mistakes.
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: Json | undefined): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const identifier = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const resourceType = /^[a-z][a-z0-9]*_[a-z0-9_]+$/;
const providerName = /^[a-z][a-z0-9-]*$/;

export function validateTerraformJson(doc: Json): string[] {
  const errors: string[] = [];
  const err = (path: string, msg: string) => errors.push(`${path || "<root>"}: ${msg}`);
  const obj = (v: Json | undefined, path: string): v is Obj => {
    if (isObj(v)) return true;
    err(path, `expected an object, got ${JSON.stringify(v)?.slice(0, 40)}`);
    return false;
  };
  const str = (v: Json | undefined, path: string, re?: RegExp) => {
    if (typeof v !== "string") return err(path, "expected a string");
    if (re && !re.test(v)) err(path, `${JSON.stringify(v)} does not match ${re}`);
  };
  const allowed = (o: Obj, keys: string[], path: string) => {
    for (const k of Object.keys(o)) if (!keys.includes(k)) err(`${path}.${k}`, `unexpected key (allowed: ${keys.join(", ")})`);
  };
  const templates = (v: Json, path: string) => {
    if (typeof v === "string") {
      // `${` opens an interpolation unless escaped as `$${`; every one must close.
      let i = 0;
      while (i < v.length) {
        if (v.startsWith("$${", i) || v.startsWith("%%{", i)) i += 3;
        else if (v.startsWith("${", i) || v.startsWith("%{", i)) {
          const close = v.indexOf("}", i);
          if (close < 0) return err(path, `unterminated interpolation in ${JSON.stringify(v)}`);
          if (v.slice(i + 2, close).trim() === "") err(path, "empty interpolation");
          i = close + 1;
        } else i++;
      }
    } else if (Array.isArray(v)) v.forEach((x, i) => templates(x, `${path}[${i}]`));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) templates(x, `${path}.${k}`);
  };
  const refString = (v: Json | undefined, path: string) => str(v, path, /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$/);
  const metaArgs = (body: Obj, path: string, kind: "resource" | "data" | "module") => {
    if ("provider" in body && kind !== "module") str(body.provider, `${path}.provider`, /^[a-z][a-z0-9-]*(\.[A-Za-z_][A-Za-z0-9_-]*)?$/);
    if ("depends_on" in body) {
      if (!Array.isArray(body.depends_on)) err(`${path}.depends_on`, "expected a list");
      else body.depends_on.forEach((d, i) => refString(d, `${path}.depends_on[${i}]`));
    }
    if ("count" in body && "for_each" in body) err(path, "count and for_each together");
    if ("lifecycle" in body && obj(body.lifecycle, `${path}.lifecycle`)) {
      const l = body.lifecycle as Obj;
      allowed(l, ["create_before_destroy", "prevent_destroy", "ignore_changes", "replace_triggered_by", "precondition", "postcondition"], `${path}.lifecycle`);
      if ("ignore_changes" in l && l.ignore_changes !== "all") {
        if (!Array.isArray(l.ignore_changes)) err(`${path}.lifecycle.ignore_changes`, "expected a list or \"all\"");
        else l.ignore_changes.forEach((a, i) => str(a, `${path}.lifecycle.ignore_changes[${i}]`, /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+|\[[0-9]+\])*$/));
      }
    }
  };

  if (!obj(doc, "")) return errors;
  allowed(doc, ["//", "terraform", "variable", "provider", "data", "resource", "module", "locals", "output"], "");
  if ("//" in doc) str(doc["//"], "//");

  if (obj(doc.terraform, "terraform")) {
    const t = doc.terraform as Obj;
    allowed(t, ["required_version", "required_providers", "backend", "cloud"], "terraform");
    str(t.required_version, "terraform.required_version", /^(>=|=|~>)?\s*\d+\.\d+(\.\d+)?$/);
    if (obj(t.required_providers, "terraform.required_providers")) {
      for (const [name, req] of Object.entries(t.required_providers as Obj)) {
        const p = `terraform.required_providers.${name}`;
        if (!providerName.test(name)) err(p, "not a provider local name");
        if (!obj(req, p)) continue;
        allowed(req as Obj, ["source", "version"], p);
        str((req as Obj).source, `${p}.source`, /^[a-z0-9-]+\/[a-z0-9-]+$/);
        // Exact versions only: the same providers everywhere.
        str((req as Obj).version, `${p}.version`, /^\d+\.\d+\.\d+$/);
      }
    }
  }
  if ("variable" in doc && obj(doc.variable, "variable")) {
    for (const [name, v] of Object.entries(doc.variable as Obj)) {
      const p = `variable.${name}`;
      if (!identifier.test(name)) err(p, "not an identifier");
      if (!obj(v, p)) continue;
      allowed(v as Obj, ["type", "description", "default", "sensitive", "nullable", "validation", "ephemeral"], p);
      if ("type" in (v as Obj)) str((v as Obj).type, `${p}.type`, /^(string|number|bool|any|list\(.+\)|map\(.+\)|set\(.+\)|object\(.+\))$/);
      if ("sensitive" in (v as Obj) && typeof (v as Obj).sensitive !== "boolean") err(`${p}.sensitive`, "expected a bool");
    }
  }
  if ("provider" in doc && obj(doc.provider, "provider")) {
    for (const [name, configs] of Object.entries(doc.provider as Obj)) {
      const p = `provider.${name}`;
      if (!providerName.test(name)) err(p, "not a provider local name");
      const list = Array.isArray(configs) ? configs : [configs];
      const aliases = new Set<string>();
      list.forEach((c, i) => {
        if (!obj(c, `${p}[${i}]`)) return;
        const alias = (c as Obj).alias;
        if (alias !== undefined) str(alias, `${p}[${i}].alias`, identifier);
        const key = typeof alias === "string" ? alias : "";
        if (aliases.has(key)) err(`${p}[${i}]`, `two configurations ${key ? `with alias ${key}` : "without an alias"}`);
        aliases.add(key);
      });
    }
  }
  for (const kind of ["resource", "data"] as const) {
    if (!(kind in doc) || !obj(doc[kind], kind)) continue;
    for (const [type, byName] of Object.entries(doc[kind] as Obj)) {
      if (!resourceType.test(type)) err(`${kind}.${type}`, "not a resource type");
      if (!obj(byName, `${kind}.${type}`)) continue;
      for (const [name, body] of Object.entries(byName as Obj)) {
        const p = `${kind}.${type}.${name}`;
        if (!identifier.test(name)) err(p, "not an identifier");
        if (obj(body, p)) metaArgs(body as Obj, p, kind);
      }
    }
  }
  if ("module" in doc && obj(doc.module, "module")) {
    for (const [name, body] of Object.entries(doc.module as Obj)) {
      const p = `module.${name}`;
      if (!identifier.test(name)) err(p, "not an identifier");
      if (!obj(body, p)) continue;
      str((body as Obj).source, `${p}.source`);
      metaArgs(body as Obj, p, "module");
    }
  }
  if ("locals" in doc) obj(doc.locals, "locals");
  if ("output" in doc && obj(doc.output, "output")) {
    for (const [name, body] of Object.entries(doc.output as Obj)) {
      const p = `output.${name}`;
      if (!identifier.test(name)) err(p, "not an identifier");
      if (!obj(body, p)) continue;
      allowed(body as Obj, ["value", "description", "sensitive", "depends_on", "precondition", "ephemeral"], p);
      if (!("value" in (body as Obj))) err(p, "an output needs a value");
    }
  }
  templates(doc, "");
  return errors;
}
