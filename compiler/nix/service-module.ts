// services/<s>.nix: one module per service, a function of the replica number
// (`{ replica }: { config, pkgs, ... }: { … }`) so that each machine imports
// it for the replicas placed there. Units are named after the service, its
// version and the replica (`herd-api-1.4.2-0`), so an old and a new version
// can run side by side during an upgrade. Secrets reach programs as files
// read at start (systemd credentials), never through the Nix store.
import type { ServiceModel } from "../../language/eval/model.js";
import type { Value } from "../../language/eval/values.js";
import { addressesBinding, asBool, asEntries, asList, asNumber, asString, field, type NixValues } from "./values-to-nix.js";
import { attrs, entry, file, interp, list, print, script, str, type NixEntry, type NixNode } from "./nix-writer.js";

export interface ServiceContext {
  nix: NixValues;
  service: ServiceModel;
  secrets: "sops" | "agenix";
  /** Where the service is declared, e.g. "shop.sys:37". */
  where: string | undefined;
  workspace: string;
  /** Path from out/nix/services to the workspace root, for agenix `.age` files. */
  rootFromServices: string;
}

/** The unit name of one replica, as Nix text (with `replica` interpolated). */
export function unitName(service: ServiceModel): string {
  const version = service.version.replace(/[^A-Za-z0-9_.-]/g, "-");
  return `herd-${service.name}-${version}`;
}

/** A secret's name as a systemd credential id. */
function credentialId(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, "_");
}

export function serviceModule(c: ServiceContext): string {
  const s = c.service;
  const nix = c.nix;
  const reads = nix.addressReads;
  const run = s.run;
  const kind = asString(field(run, "kind")) ?? "systemd";
  const secretNames = new Set<string>();
  const secretPath = (v: Value | undefined): string | undefined => {
    if (v?.t !== "secret") return undefined;
    secretNames.add(v.name);
    return c.secrets === "sops" ? `config.sops.secrets.${str(v.name)}.path` : `config.age.secrets.${str(v.name)}.path`;
  };
  const entries: (NixEntry | false | undefined | "")[] = [];
  const ports = s.ports;

  // Secrets handed to a program as environment variables, through systemd credentials.
  const secretEnv = asEntries(field(run, "secretEnv")).flatMap(([name, v]) => {
    const path = secretPath(v);
    return path && v.t === "secret" ? [{ name, id: credentialId(v.name), path }] : [];
  });
  const loadCredential = secretEnv.length > 0 ? list(secretEnv.map((e) => `"${e.id}:\${${e.path}}"`)) : undefined;
  const exportLines = secretEnv.map((e) => `export ${e.name}="$(< "$CREDENTIALS_DIRECTORY/${e.id}")"\n`);

  switch (kind) {
    case "systemd": {
      const exec = field(run, "exec");
      const execParts = exec?.t === "template" ? nix.templateParts(exec) : [asString(exec) ?? ""];
      const user = asString(field(run, "user"));
      const extra = asEntries(field(run, "serviceConfig"));
      const execStart = secretEnv.length > 0 ? `pkgs.writeShellScript "\${unit}-start" ${script([...exportLines, "exec ", ...execParts], "    ")}` : nix.text(exec);
      entries.push(
        entry(
          ["systemd", "services", "${unit}"],
          attrs([
            entry("description", str(`${s.name} ${s.version}, managed by Herd`)),
            entry("wantedBy", list([str("multi-user.target")])),
            entry("after", list([str("network-online.target")])),
            entry("wants", list([str("network-online.target")])),
            asEntries(field(run, "env")).length > 0 && entry("environment", attrs(asEntries(field(run, "env")).map(([k, v]) => entry([k], nix.text(v))))),
            asList(field(run, "path")).length > 0 && entry("path", list(asList(field(run, "path")).map((p) => nix.node(p)))),
            entry(
              "serviceConfig",
              attrs([
                entry("ExecStart", execStart),
                entry("Restart", nix.text(field(run, "restart"))),
                user ? entry("User", str(user)) : entry("DynamicUser", "true"),
                asString(field(run, "workingDirectory")) && entry("WorkingDirectory", nix.text(field(run, "workingDirectory"))),
                loadCredential && entry("LoadCredential", loadCredential),
                ...extra.map(([k, v]) => entry([k], nix.text(v))),
              ]),
            ),
          ]),
          `${s.name} ${s.version}: this replica's unit.`,
        ),
      );
      break;
    }
    case "container": {
      const env = asEntries(field(run, "env"));
      entries.push(entry("virtualisation.oci-containers.backend", str("podman")));
      entries.push(
        entry(
          ["virtualisation", "oci-containers", "containers", "${unit}"],
          attrs([
            entry("image", nix.text(field(run, "image"))),
            ports.length > 0 && entry("ports", list(ports.map((p) => str(`${p}:${p}`)))),
            env.length > 0 && entry("environment", attrs(env.map(([k, v]) => entry([k], nix.text(v))))),
            asList(field(run, "cmd")).length > 0 && entry("cmd", list(asList(field(run, "cmd")).map((x) => nix.text(x)))),
            asList(field(run, "volumes")).length > 0 && entry("volumes", list(asList(field(run, "volumes")).map((x) => nix.text(x)))),
            secretEnv.length > 0 && entry("environmentFiles", list([`"/run/herd/\${unit}.env"`])),
          ]),
          `${s.name} ${s.version}: this replica's container.`,
        ),
      );
      if (secretEnv.length > 0) {
        const lines = ["install -d -m 0700 /run/herd\n", "umask 077\n", "{\n", ...secretEnv.map((e) => `  printf '%s=%s\\n' ${e.name} "$(< "$CREDENTIALS_DIRECTORY/${e.id}")"\n`), "} > /run/herd/", { expr: "unit" }, ".env\n"];
        entries.push(
          entry(["systemd", "services", "podman-${unit}"], attrs([entry("serviceConfig.LoadCredential", loadCredential!), entry("preStart", script(lines, "    "))]), "The container's secrets, written to a private file before it starts."),
        );
      }
      break;
    }
    case "postgres": {
      const version = asNumber(field(run, "version")) ?? 16;
      const settings = asEntries(field(run, "settings"));
      const dbs = asList(field(run, "databases"));
      const pw = secretPath(field(run, "password"));
      entries.push(
        entry(
          "services.postgresql",
          attrs([
            entry("enable", "true"),
            entry("package", `pkgs.postgresql_${version}`),
            entry("enableTCPIP", "true"),
            entry("settings", attrs([entry("port", String(ports[0] ?? 5432)), ...settings.map(([k, v]) => entry([k], nix.text(v)))])),
            dbs.length > 0 && entry("ensureDatabases", list(dbs.map((d) => nix.text(d)))),
            entry("authentication", 'lib.mkAfter "host all all 0.0.0.0/0 scram-sha-256\\nhost all all ::/0 scram-sha-256\\n"'),
          ]),
          `${s.name} ${s.version}: PostgreSQL ${version}.`,
        ),
      );
      if (pw) {
        entries.push(
          entry(
            "systemd.services.postgresql.postStart",
            `lib.mkAfter ${script([{ expr: "config.services.postgresql.package" }, `/bin/psql --port=${ports[0] ?? 5432} -tAc "ALTER USER postgres PASSWORD '$(< `, { expr: pw }, `)'"\n`], "  ")}`,
            "The password of the `postgres` user, from the secret.",
          ),
        );
      }
      break;
    }
    case "redis": {
      const pw = secretPath(field(run, "password"));
      const maxMemory = asNumber(field(run, "maxMemory"));
      entries.push(
        entry(
          ["services", "redis", "servers", `herd-${s.name}`],
          attrs([
            entry("enable", "true"),
            entry("port", String(ports[0] ?? 6379)),
            entry("bind", "null"),
            pw && entry("requirePassFile", pw),
            maxMemory !== undefined && entry("settings.maxmemory", str(String(maxMemory))),
          ]),
          `${s.name} ${s.version}: Redis.`,
        ),
      );
      break;
    }
    case "nginx": {
      const hosts = asEntries(field(run, "virtualHosts"));
      const acme = hosts.some(([, h]) => asBool(field(h, "acme")) === true);
      const extra = asString(field(run, "extraConfig")) ?? "";
      entries.push(
        entry(
          "services.nginx",
          attrs([
            entry("enable", "true"),
            ports[0] !== undefined && ports[0] !== 80 && entry("defaultHTTPListenPort", String(ports[0])),
            entry(
              "virtualHosts",
              attrs(
                hosts.map(([name, h]) => {
                  const proxy = field(h, "proxyPass");
                  const root = field(h, "root");
                  const isAcme = asBool(field(h, "acme")) === true;
                  return entry([name], attrs([
                    proxy && proxy.t !== "none" && entry(["locations", "/", "proxyPass"], nix.text(proxy)),
                    root && root.t !== "none" && entry("root", nix.text(root)),
                    isAcme && entry("enableACME", "true"),
                    isAcme && entry("forceSSL", "true"),
                  ]));
                }),
              ),
            ),
            extra && entry("appendHttpConfig", script([extra], "    ")),
          ]),
          `${s.name} ${s.version}: nginx.`,
        ),
      );
      if (acme) entries.push(entry("security.acme.acceptTerms", "true", "Certificates from Let's Encrypt: set security.acme.defaults.email in base.nixos."));
      break;
    }
  }
  if (ports.length > 0) entries.push(entry("networking.firewall.allowedTCPPorts", list(ports.map(String)), "The service's ports."));
  for (const name of [...secretNames].sort()) {
    if (c.secrets === "sops") {
      const owner = kind === "postgres" ? "postgres" : undefined;
      entries.push(entry(["sops", "secrets", name], attrs([owner ? entry("owner", str(owner)) : false])));
    } else entries.push(entry(["age", "secrets", name, "file"], `${c.rootFromServices}/secrets/${name}.age`));
  }
  entries.push(...healthEntries(s, nix));
  const replicas = nix.machinesOf(s.name);
  const header = `Generated by Herd from ${c.workspace} — do not edit.\nService ${s.name} ${s.version}${c.where ? ` (${c.where})` : ""}: ${s.replicas} replica${s.replicas === 1 ? "" : "s"}${replicas.length > 0 ? `, on ${replicas.join(", ")}` : ""}.\nA function of the replica number: each machine imports it for the replicas it runs.`;
  const addresses = nix.addressReads > reads ? addressesBinding("../addresses.nix") : "";
  const body = `{ replica }:\n{ config, lib, pkgs, ... }:\n\nlet\n${addresses}  unit = "${unitName(s)}-\${toString replica}";\nin\n${print(attrs(entries))}`;
  return file(header, body);
}

/** A periodic health check: a oneshot unit and its timer. */
function healthEntries(s: ServiceModel, nix: NixValues): NixEntry[] {
  const h = s.health;
  if (!h || (h.t !== "record" && h.t !== "map")) return [];
  const kind = asString(field(h, "kind"));
  const seconds = (v: Value | undefined) => Math.max(1, Math.round((asNumber(v) ?? 0) / 1000));
  const timeout = seconds(field(h, "timeout"));
  const port = asNumber(field(h, "port"));
  let check: (string | { expr: string })[];
  if (kind === "http") {
    const path = asString(field(h, "path")) ?? "/";
    const codes = asList(field(h, "expectStatus")).map((c) => String(asNumber(c))).join("|") || "200";
    check = [`code=$(`, { expr: "pkgs.curl" }, `/bin/curl --silent --output /dev/null --max-time ${timeout} --write-out '%{http_code}' http://127.0.0.1:${port}${path})\n`, `case "$code" in ${codes}) exit 0 ;; esac\n`, `echo "health check failed: HTTP $code" >&2\n`, "exit 1\n"];
  } else if (kind === "tcp") {
    check = [{ expr: "pkgs.netcat" }, `/bin/nc -z -w ${timeout} 127.0.0.1 ${port}\n`];
  } else {
    const cmd = field(h, "command");
    check = [{ expr: "pkgs.coreutils" }, `/bin/timeout ${timeout} `, ...(cmd?.t === "template" ? nix.templateParts(cmd) : [asString(cmd) ?? "true"]), "\n"];
  }
  const every = `${seconds(field(h, "interval"))}s`;
  const unit: NixNode = attrs([entry("description", interp([`health of ${s.name}, replica `, { expr: "toString replica" }])), entry("serviceConfig.Type", str("oneshot")), entry("script", script(check, "    "))]);
  return [
    entry(["systemd", "services", "${unit}-health"], unit, `Health check (${kind}), every ${every}.`),
    entry(["systemd", "timers", "${unit}-health"], attrs([entry("wantedBy", list([str("timers.target")])), entry("timerConfig", attrs([entry("OnActiveSec", str(every)), entry("OnUnitActiveSec", str(every))]))])),
  ];
}
