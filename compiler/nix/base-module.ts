// base.nix: what every machine gets, from the `base` declaration — kernel,
// time sync, firewall, SSH, users, packages, Nix settings, secrets, and the
// raw `nixos { … }` options.
import type { Value } from "../../language/eval/values.js";
import { addressesBinding, asBool, asEntries, asList, asNumber, asString, field, type NixValues } from "./values-to-nix.js";
import { attrs, entry, file, list, print, str, type NixEntry } from "./nix-writer.js";

export interface BaseContext {
  nix: NixValues;
  base: Value;
  /** Where the base is declared, e.g. "shop.sys:6". */
  where: string | undefined;
  /** The sops file, relative to out/nix (e.g. "../../secrets/secrets.yaml"). */
  sopsFile: string;
  workspace: string;
}

export function secretsBackend(base: Value): "sops" | "agenix" {
  return asString(field(base, "secrets")) === "agenix" ? "agenix" : "sops";
}

export function baseModule(c: BaseContext): string {
  const b = c.base;
  const nix = c.nix;
  const reads = nix.addressReads;
  const strings = (v: Value | undefined) => list(asList(v).map((x) => nix.text(x)));
  const kernel = field(b, "kernel");
  const timeSync = field(b, "timeSync");
  const firewall = field(b, "firewall");
  const ssh = field(b, "ssh");
  const nixs = field(b, "nix");
  const chrony = asString(field(timeSync, "daemon")) !== "timesyncd";
  const servers = asList(field(timeSync, "servers"));
  const sysctl = asEntries(field(kernel, "sysctl"));
  const kernelPackages = field(kernel, "packages");
  const users: NixEntry[] = [];
  for (const [name, u] of asEntries(field(b, "users"))) {
    const system = asBool(field(u, "system")) === true;
    const uid = asNumber(field(u, "uid"));
    const shell = field(u, "shell");
    users.push(
      entry(["users", "users", name], attrs([
        system ? entry("isSystemUser", "true") : entry("isNormalUser", "true"),
        system && entry("group", str(name)),
        uid !== undefined && entry("uid", String(uid)),
        asList(field(u, "groups")).length > 0 && entry("extraGroups", strings(field(u, "groups"))),
        asList(field(u, "authorizedKeys")).length > 0 && entry("openssh.authorizedKeys.keys", strings(field(u, "authorizedKeys"))),
        shell && shell.t === "package" && entry("shell", nix.node(shell)),
        asString(field(u, "description")) && entry("description", nix.text(field(u, "description"))),
      ])),
    );
    if (system) users.push(entry(["users", "groups", name], attrs([])));
  }
  const gcOlder = asNumber(field(nixs, "gcOlderThan"));
  const raw = field(b, "nixos");
  const rawEntries = asEntries(raw);
  const body = attrs([
    rawEntries.length > 0 && entry("imports", list([nix.node(raw!)]), "Raw NixOS options from `base.nixos`."),
    entry("system.stateVersion", nix.text(field(b, "stateVersion")), "The release the machines' state was first created with."),
    entry("time.timeZone", nix.text(field(b, "timeZone"))),
    entry("i18n.defaultLocale", nix.text(field(b, "locale"))),
    kernelPackages?.t === "package" && entry("boot.kernelPackages", nix.node(kernelPackages), "Kernel."),
    asList(field(kernel, "params")).length > 0 && entry("boot.kernelParams", strings(field(kernel, "params"))),
    asList(field(kernel, "modules")).length > 0 && entry("boot.kernelModules", strings(field(kernel, "modules"))),
    sysctl.length > 0 && entry("boot.kernel.sysctl", attrs(sysctl.map(([k, v]) => entry([k], nix.text(v))))),
    chrony
      ? entry("services.chrony", attrs([entry("enable", "true"), servers.length > 0 && entry("servers", strings(field(timeSync, "servers")))]), "Time sync: chrony.")
      : entry("services.timesyncd.enable", "true", "Time sync: systemd-timesyncd."),
    chrony && entry("services.timesyncd.enable", "false"),
    !chrony && servers.length > 0 && entry("networking.timeServers", strings(field(timeSync, "servers"))),
    entry(
      "networking.firewall",
      attrs([
        entry("enable", String(asBool(field(firewall, "enable")) ?? true)),
        entry("allowedTCPPorts", list(asList(field(firewall, "allowTcp")).map((p) => String(asNumber(p))))),
        entry("allowedUDPPorts", list(asList(field(firewall, "allowUdp")).map((p) => String(asNumber(p))))),
        asList(field(firewall, "trustedInterfaces")).length > 0 && entry("trustedInterfaces", strings(field(firewall, "trustedInterfaces"))),
      ]),
      "Firewall: the ports of the services a machine runs are opened by their modules.",
    ),
    entry(
      "services.openssh",
      attrs([
        entry("enable", "true"),
        entry("ports", list([String(asNumber(field(ssh, "port")) ?? 22)])),
        entry("settings", attrs([entry("PasswordAuthentication", String(asBool(field(ssh, "passwordAuthentication")) ?? false)), entry("KbdInteractiveAuthentication", "false"), entry("PermitRootLogin", nix.text(field(ssh, "permitRootLogin")))])),
      ]),
      "SSH.",
    ),
    asList(field(ssh, "authorizedKeys")).length > 0 && entry("users.users.root.openssh.authorizedKeys.keys", strings(field(ssh, "authorizedKeys"))),
    ...users,
    asList(field(b, "packages")).length > 0 && entry("environment.systemPackages", list(asList(field(b, "packages")).map((p) => nix.node(p)))),
    entry(
      "nix.settings",
      attrs([
        entry("experimental-features", strings(field(nixs, "experimentalFeatures"))),
        entry("trusted-users", strings(field(nixs, "trustedUsers"))),
        asList(field(nixs, "substituters")).length > 0 && entry("extra-substituters", strings(field(nixs, "substituters"))),
        asList(field(nixs, "trustedPublicKeys")).length > 0 && entry("extra-trusted-public-keys", strings(field(nixs, "trustedPublicKeys"))),
      ]),
      "Nix.",
    ),
    asBool(field(nixs, "gc")) !== false && entry("nix.gc", attrs([entry("automatic", "true"), entry("dates", str("weekly")), gcOlder !== undefined && entry("options", str(`--delete-older-than ${gcDays(gcOlder)}`))])),
    entry("nix.optimise.automatic", String(asBool(field(nixs, "optimise")) ?? true)),
    secretsBackend(b) === "sops" && entry("sops.defaultSopsFile", c.sopsFile, "Secrets: sops-nix decrypts them on the machine; only file paths reach the store."),
  ]);
  const bindings = nix.addressReads > reads ? `let\n${addressesBinding("./addresses.nix")}in\n` : "";
  return file(`Generated by Herd from ${c.workspace} — do not edit.\nThe base every machine gets${c.where ? ` (base, ${c.where})` : " (the defaults of Base)"}.`, "{ config, lib, pkgs, ... }:\n\n" + bindings + print(body));
}

/** `14d` for nix-collect-garbage's --delete-older-than, which counts whole days. */
function gcDays(ms: number): string {
  return `${Math.max(1, Math.round(ms / 86_400_000))}d`;
}
