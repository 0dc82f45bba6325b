// The program's own `terraform { … }` blocks, merged into the document Herd
// writes. What both declare (a resource, a variable, a provider
// configuration, a pinned provider…) is a collision: Herd's name would be
// silently overwritten, so it is reported instead.
import type { RelatedInfo } from "../../language/diagnostics/diagnostic.js";
import { jsonField, type Emitter, type Owner } from "./context.js";
import { isObject, objectAt, type Json, type JsonObject } from "./json.js";

/** Blocks keyed by a type and a name, such as `resource.hcloud_server.web-1`. */
const TYPED = new Set(["resource", "data"]);
/** Blocks keyed by a name, such as `variable.hcloud_token`; and `locals`, keyed by local. */
const NAMED = new Set(["variable", "output", "module", "locals", "check"]);

function addressOf(path: string[]): string {
  if (path[0] === "resource") return path.slice(1).join(".");
  if (path[0] === "variable") return `var.${path.slice(1).join(".")}`;
  if (path[0] === "locals") return `local.${path.slice(1).join(".")}`;
  return path.join(".");
}

function collision(cx: Emitter, path: string[], owner: Owner | undefined, help: string): void {
  const site = cx.terraformSite();
  const related: RelatedInfo[] = [];
  if (owner?.source) related.push({ file: owner.source.file, span: { start: owner.source.start, end: owner.source.end }, message: `Herd declares it for ${owner.what}` });
  related.push(...site.related);
  const name = addressOf(path);
  cx.report("H0702", site.source, `\`${name}\` is declared twice: Herd writes it as ${owner?.what ?? "part of the build"}, and a \`terraform\` block declares it again`, { help, related });
}

function providerConfigs(v: Json): JsonObject[] {
  return (Array.isArray(v) ? v : [v]).filter(isObject);
}

export function mergeUserBlocks(cx: Emitter, user: JsonObject): void {
  const doc = cx.doc;
  const rename = "rename yours: Herd's own blocks keep their names";
  for (const [key, value] of Object.entries(user)) {
    if (TYPED.has(key) && isObject(value)) {
      for (const [type, byName] of Object.entries(value)) {
        if (!isObject(byName)) {
          objectAt(doc, key)[type] = byName;
          continue;
        }
        for (const [name, body] of Object.entries(byName)) {
          const path = [key, type, name];
          if (jsonField(jsonField(doc[key], type), name) !== undefined) collision(cx, path, cx.owners.get(path.join(".")), rename);
          else objectAt(doc, key, type)[name] = body;
        }
      }
    } else if (NAMED.has(key) && isObject(value)) {
      for (const [name, body] of Object.entries(value)) {
        const path = [key, name];
        if (jsonField(doc[key], name) !== undefined) collision(cx, path, cx.owners.get(path.join(".")), rename);
        else objectAt(doc, key)[name] = body;
      }
    } else if (key === "provider" && isObject(value)) {
      for (const [name, configs] of Object.entries(value)) {
        for (const config of providerConfigs(configs)) {
          const alias = typeof config.alias === "string" ? config.alias : "";
          const path = ["provider", alias ? `${name}.${alias}` : name];
          const owner = cx.owners.get(path.join("."));
          if (owner) {
            collision(cx, path, owner, alias ? "give yours another `alias`" : `give yours an \`alias\` and set \`provider = "${name}.ALIAS"\` where you use it, or leave the configuration to Herd`);
            continue;
          }
          const list = objectAt(doc, "provider")[name];
          if (Array.isArray(list)) list.push(config);
          else objectAt(doc, "provider")[name] = [config];
        }
      }
    } else if (key === "terraform" && isObject(value)) {
      for (const [setting, v] of Object.entries(value)) {
        const ours = jsonField(doc.terraform, setting);
        if (setting === "required_providers" && isObject(v) && isObject(ours)) {
          for (const [name, req] of Object.entries(v)) {
            if (name in ours) collision(cx, ["terraform", "required_providers", name], { what: `the pinned provider ${name}` }, "leave the provider's version to Herd, or use another provider's local name");
            else ours[name] = req;
          }
        } else if (ours !== undefined) collision(cx, ["terraform", setting], { what: "part of its `terraform` settings" }, "leave this setting to Herd");
        else objectAt(doc, "terraform")[setting] = v;
      }
    } else if (doc[key] !== undefined) {
      collision(cx, [key], cx.owners.get(key), rename);
    } else doc[key] = value;
  }
}
