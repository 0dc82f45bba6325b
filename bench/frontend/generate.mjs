#!/usr/bin/env node
// Front-end benchmark: a deterministic generator of one large system, written
// three times with the same content:
//
//   <ws>/*.sys, <ws>/lib/templates.sys   the Herd workspace (entry files + a module)
//   <ws>/../system.nix                   one Nix expression: an attribute set with the
//                                        same pools (expanded into machines) and services,
//                                        built with `let … in` and functions where Herd
//                                        uses templates and the stdlib
//   <ws>/../system.json                  the evaluated data, as plain JSON
//   <ws>/../manifest.json                the parameters, to decide whether to regenerate
//
// The three are equivalent: evaluating system.nix with
// `nix-instantiate --eval --strict --json` gives exactly system.json, and the
// system model `herd check` builds, written in the same plain form, is exactly
// system.json too (bench/frontend/verify.mjs checks both on a small size).
//
// The plain form: amounts in base units (cpu in millicores, memory and disk in
// bytes, durations in milliseconds); `none` is null; a secret is
// {"secret": NAME}; a package interpolated into a string stays symbolic as the
// text `${pkgs.NAME}` (Herd carries it symbolically until the Nix backend; the
// Nix file builds the same text, since nixpkgs is not part of the comparison).
//
// Usage: node bench/frontend/generate.mjs OUT_WS [--services N] [--pools N] [--files N] [--seed N]
// Defaults: 20,000 services, 500 pools, 50 files, seed 1.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const GENERATOR_VERSION = 3;

// ---------------------------------------------------------------- parameters

export function parseArgs(argv) {
  const opts = { services: 20_000, pools: 500, files: 50, seed: 1, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${a} needs a whole number`);
      return v;
    };
    if (a === "--services") opts.services = num();
    else if (a === "--pools") opts.pools = num();
    else if (a === "--files") opts.files = num();
    else if (a === "--seed") opts.seed = num();
    else if (!a.startsWith("--") && opts.out === undefined) opts.out = a;
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

// ---------------------------------------------------------------- data shared by all three forms

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const GB = 1e9;

/** std/hetzner's catalog (cpu in millicores, memory and disk in bytes). */
const HETZNER = {
  cx22: [2, 4, 40], cx32: [4, 8, 80], cx42: [8, 16, 160], cx52: [16, 32, 320],
  cpx11: [2, 2, 40], cpx21: [3, 4, 80], cpx31: [4, 8, 160], cpx41: [8, 16, 240], cpx51: [16, 32, 360],
  cax11: [2, 4, 40], cax21: [4, 8, 80], cax31: [8, 16, 160], cax41: [16, 32, 320],
  ccx13: [2, 8, 80], ccx23: [4, 16, 160], ccx33: [8, 32, 240], ccx43: [16, 64, 360], ccx53: [32, 128, 600], ccx63: [48, 192, 960],
};
/** std/aws's catalog (no local disk: the EBS size is a parameter). */
const AWS = {
  "t3.micro": [2, 1], "t3.small": [2, 2], "t3.medium": [2, 4], "t3.large": [2, 8], "t3.xlarge": [4, 16], "t3.2xlarge": [8, 32],
  "m6i.large": [2, 8], "m6i.xlarge": [4, 16], "m6i.2xlarge": [8, 32], "m6i.4xlarge": [16, 64], "m6i.8xlarge": [32, 128],
  "m7g.medium": [1, 4], "m7g.large": [2, 8], "m7g.xlarge": [4, 16], "m7g.2xlarge": [8, 32],
  "c6i.large": [2, 4], "c6i.xlarge": [4, 8], "c6i.2xlarge": [8, 16], "c6i.4xlarge": [16, 32],
  "r6i.large": [2, 16], "r6i.xlarge": [4, 32], "r6i.2xlarge": [8, 64], "r6i.4xlarge": [16, 128],
};
const hetznerRes = (t) => ({ cpu: HETZNER[t][0] * 1000, memory: HETZNER[t][1] * GiB, disk: HETZNER[t][2] * GB });

const TIERS = ["web", "app", "api", "batch", "data", "cache", "edge", "ml", "search", "queue"];
const LOCATIONS = ["fsn1", "nbg1", "hel1"];
const AZS = ["a", "b", "c"];
const HETZNER_TYPES = ["cx42", "ccx33", "cpx41"]; // all 8 cores, 16–32 GiB
const AWS_TYPES = ["m6i.2xlarge", "c6i.2xlarge"]; // 8 cores, 16–32 GiB
const AWS_DISK = 100 * GB;
const REGISTRY = "registry.example.com/bench";
const DEFAULT_MEMORY = 256 * MiB;
const BASE_PORT = 10_000;
const POLICY = { survive: 0, reserve: { cpu: 250, memory: 512 * MiB, disk: 0 }, maxUtilization: 0.9 };

// ---------------------------------------------------------------- the system, as data

function rng(seed) {
  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The abstract system: files, each with a tier, pools and services. Services
 * come in five forms (by position in the file, i % 5):
 *   0 webApp(…) positional           1 webApp(…) with named arguments
 *   2 worker { … } record call       3 block form, systemd, `near` the form-0 service 3 before
 *   4 block form, container, `avoid` the service just before, `on … && zone != "hel1"`
 */
export function buildSystem(opts) {
  const { services: nServices, pools: nPools } = opts;
  if (nServices > 55_000) throw new Error("--services: at most 55,000 (every service with a port gets its own)");
  const nFiles = Math.max(1, Math.min(opts.files, nPools || 1, nServices || 1));
  const rand = rng(opts.seed);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const between = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

  const files = [];
  let svcIndex = 0;
  for (let k = 0; k < nFiles; k++) {
    const nS = Math.floor((nServices * (k + 1)) / nFiles) - Math.floor((nServices * k) / nFiles);
    const nP = Math.floor((nPools * (k + 1)) / nFiles) - Math.floor((nPools * k) / nFiles);
    const file = { k, name: `f${String(k).padStart(2, "0")}`, tier: TIERS[k % TIERS.length], team: `team-${k % 17}`, basePort: BASE_PORT + svcIndex, pools: [], services: [] };
    svcIndex += nS;
    for (let i = 0; i < nS; i++) {
      const name = `s${k}-${i}`;
      const form = i % 5;
      let s;
      if (form === 0) s = { form, name, port: file.basePort + i, replicas: between(2, 3) };
      else if (form === 1) s = { form, name, port: file.basePort + i, replicas: between(1, 3), cpu: pick([250, 500]), memory: pick([256, 384, 512]) * MiB, version: `1.${between(0, 9)}.${between(0, 20)}` };
      else if (form === 2) s = { form, name, queue: `q${between(0, 6)}`, replicas: between(1, 4), memory: pick([128, 192, 256]) * MiB };
      else if (form === 3) {
        const target = file.services[i - 3];
        s = { form, name, port: file.basePort + i, replicas: between(1, target.replicas), near: target.name, cpu: pick([100, 200, 300]), memory: pick([64, 128, 192]) * MiB, version: `0.${between(1, 9)}.${between(0, 9)}` };
      } else s = { form, name, port: file.basePort + i, replicas: between(1, 2), avoid: file.services[i - 1].name, cpu: pick([200, 300, 400]), memory: pick([128, 256]) * MiB, disk: pick([1, 2, 5]) * GB, image: pick(["nginx", "caddy", "envoy", "haproxy"]) };
      file.services.push(s);
    }
    for (let j = 0; j < nP; j++) {
      const aws = j % 5 === 4;
      file.pools.push({ name: `p${k}-${j}`, aws, type: aws ? pick(AWS_TYPES) : pick(HETZNER_TYPES), count: 0, shift: between(0, 2) });
    }
    files.push(file);
  }

  // Size the pools: every tier gets at least 2.5 times the cpu and memory its
  // services ask for (plus the policy's reserve), and every pool at least 3 machines.
  const demand = new Map(TIERS.map((t) => [t, { cpu: 0, memory: 0 }]));
  const poolsOf = new Map(TIERS.map((t) => [t, []]));
  for (const f of files) {
    for (const s of f.services) {
      const v = evalService(f, s);
      demand.get(f.tier).cpu += v.resources.cpu * v.replicas;
      demand.get(f.tier).memory += v.resources.memory * v.replicas;
    }
    poolsOf.get(f.tier).push(...f.pools);
  }
  for (const t of TIERS) {
    const ps = poolsOf.get(t);
    if (ps.length === 0) continue;
    const d = demand.get(t);
    const usable = (r) => ({ cpu: (r.cpu - POLICY.reserve.cpu) * POLICY.maxUtilization, memory: (r.memory - POLICY.reserve.memory) * POLICY.maxUtilization });
    const per = usable({ cpu: 8000, memory: 16 * GiB }); // the smallest machine type used
    const machines = Math.max(Math.ceil((2.5 * d.cpu) / per.cpu), Math.ceil((2.5 * d.memory) / per.memory));
    const each = Math.max(3, Math.ceil(machines / ps.length));
    for (const p of ps) p.count = each + between(0, 4);
  }
  return { opts: { ...opts, files: nFiles }, files };
}

// ---------------------------------------------------------------- evaluation (what Herd computes), in plain form

const emptyPlace = () => ({ on: [], prefer: [], spread: [], maxPerNode: null, avoid: [], near: [] });
const eq = (label, value) => ({ op: "eq", label, value });
const ne = (label, value) => ({ op: "ne", label, value });
const pkg = (name) => "${pkgs." + name + "}";
const secret = (name) => ({ secret: name });

function container({ image, ports = [], env = {}, secretEnv = {}, cmd = [], volumes = [] }) {
  return { kind: "container", image, ports, env, secretEnv, cmd, volumes };
}
function systemdService({ exec, env = {}, secretEnv = {}, ports = [], user = null, path = [], workingDirectory = null, restart = "on-failure", serviceConfig = {} }) {
  return { kind: "systemd", exec, env, secretEnv, ports, user, path, workingDirectory, restart, serviceConfig };
}
function http({ port, path = "/", interval = 10_000, timeout = 2_000, expectStatus = [200], failures = 3 }) {
  return { kind: "http", port, path, interval, timeout, expectStatus, failures };
}
function tcp({ port, interval = 10_000, timeout = 2_000, failures = 3 }) {
  return { kind: "tcp", port, interval, timeout, failures };
}
function command({ command, interval = 10_000, timeout = 5_000, failures = 3 }) {
  return { kind: "exec", command, interval, timeout, failures };
}
/** The Service schema's defaults. */
function service({ version = "0", replicas = 1, resources = {}, place = null, run, health = null, rollout = {} }) {
  return {
    version,
    replicas,
    resources: { cpu: 100, memory: 128 * MiB, disk: 0, ...resources },
    place: place === null ? null : { ...emptyPlace(), ...place },
    run,
    health,
    rollout: { maxUnavailable: 1, maxSurge: 0, healthTimeout: 300_000, pause: 0, ...rollout },
  };
}
/** lib/templates.sys: webApp. */
function webApp({ name, port, replicas, tier, cpu = 250, memory = DEFAULT_MEMORY, version = "1.0.0" }) {
  return service({
    version,
    replicas,
    resources: { cpu, memory },
    place: { on: [eq("tier", tier)], spread: [{ label: "zone", skew: 1 }], maxPerNode: 1 },
    run: container({ image: `${REGISTRY}/${name}:${version}`, ports: [port], env: { PORT: `${port}`, SERVICE: name, TIER: tier } }),
    health: http({ port, path: "/healthz" }),
    rollout: { maxUnavailable: 1, maxSurge: 1 },
  });
}
/** lib/templates.sys: worker. */
function worker({ name, queue, replicas, tier, memory = 128 * MiB }) {
  return service({
    version: "2.3.1",
    replicas,
    resources: { cpu: 100, memory },
    place: { on: [eq("tier", tier)], maxPerNode: 2 },
    run: systemdService({ exec: `${pkg("bench-worker")}/bin/worker --queue ${queue} --name ${name}`, env: { QUEUE: queue }, restart: "always" }),
    health: command({ command: `${pkg("bench-worker")}/bin/worker --ping`, interval: 30_000 }),
  });
}

export function evalService(f, s) {
  switch (s.form) {
    case 0:
      return webApp({ name: s.name, port: s.port, replicas: s.replicas, tier: f.tier });
    case 1:
      return webApp({ name: s.name, port: s.port, replicas: s.replicas, tier: f.tier, cpu: s.cpu, memory: s.memory, version: s.version });
    case 2:
      return worker({ name: s.name, queue: s.queue, replicas: s.replicas, tier: f.tier, memory: s.memory });
    case 3:
      return service({
        version: s.version,
        replicas: s.replicas,
        resources: { cpu: s.cpu, memory: s.memory },
        place: { near: [s.near] },
        run: systemdService({
          exec: `${pkg("bench-svc")}/bin/svc --name ${s.name} --port ${s.port}`,
          ports: [s.port],
          env: { SVC_NAME: s.name, SVC_TEAM: f.team, LOG_LEVEL: "info" },
          serviceConfig: { MemoryMax: `${s.memory / MiB}M` },
        }),
        health: http({ port: s.port, path: "/health", interval: 15_000 }),
      });
    case 4:
      return service({
        version: "3.1.0",
        replicas: s.replicas,
        resources: { cpu: s.cpu, memory: s.memory, disk: s.disk },
        place: { on: [{ op: "and", operands: [eq("tier", f.tier), ne("zone", "hel1")] }], spread: [{ label: "zone", skew: 2 }], avoid: [s.avoid] },
        run: container({
          image: `docker.io/library/${s.image}:stable`,
          ports: [s.port],
          env: { UPSTREAM: `${s.avoid}.${f.team}.internal`, PORT: `${s.port}` },
          secretEnv: { TOKEN: secret(`${s.name}/token`) },
          volumes: [`/var/lib/${s.name}:/data`],
        }),
        health: tcp({ port: s.port }),
        rollout: { maxUnavailable: 1, pause: 10_000 },
      });
  }
}

function evalPool(f, p) {
  const machines = [];
  for (let index = 0; index < p.count; index++) {
    let machine;
    if (p.aws) {
      const [cpu, mem] = AWS[p.type];
      machine = {
        provider: "aws", type: p.type, location: "eu-central-1", zone: `eu-central-1${AZS[(index + p.shift) % 3]}`,
        resources: { cpu: cpu * 1000, memory: mem * GiB, disk: AWS_DISK },
        system: p.type.startsWith("m7g") ? "aarch64-linux" : "x86_64-linux", disk: "/dev/nvme0n1", settings: { ami: "" },
      };
    } else {
      machine = {
        provider: "hetzner", type: p.type, location: LOCATIONS[(index + p.shift) % 3], zone: "",
        resources: hetznerRes(p.type), system: p.type.startsWith("cax") ? "aarch64-linux" : "x86_64-linux", disk: "/dev/sda", settings: { image: "ubuntu-24.04" },
      };
    }
    const labels = { tier: f.tier, zone: p.aws ? machine.zone : machine.location, team: f.team };
    machines.push({ name: `${p.name}-${index + 1}`, index, machine, labels });
  }
  return { count: p.count, machines };
}

/** The evaluated system in plain form: what system.json holds. */
export function evaluate(sys) {
  const pools = {};
  const services = {};
  for (const f of sys.files) {
    for (const p of f.pools) pools[p.name] = evalPool(f, p);
    for (const s of f.services) services[s.name] = evalService(f, s);
  }
  return { pools, services, policy: POLICY };
}

// ---------------------------------------------------------------- Herd

const herdBytes = (b) => (b % GiB === 0 ? `${b / GiB}GiB` : b % MiB === 0 ? `${b / MiB}MiB` : b % GB === 0 ? `${b / GB}GB` : `${b}B`);
const herdCpu = (m) => (m % 1000 === 0 ? `${m / 1000}` : `${m}m`);

const TEMPLATES = `// lib/templates.sys — generated by bench/frontend/generate.mjs: the
// service templates every generated file uses.
import "std/services" { container, systemdService, http, command }

/// The tiers machines and services are sorted into.
type Tier = ${TIERS.map((t) => JSON.stringify(t)).join(" | ")}

/// Replicas of one generated service.
type Replicas = Int(1..10)

let registry = ${JSON.stringify(REGISTRY)}
let defaultMemory: Bytes = ${herdBytes(DEFAULT_MEMORY)}

/// A stateless HTTP service in a container, one replica per machine, spread over zones.
fn webApp(
  name: String,
  port: Port,
  replicas: Replicas,
  tier: Tier,
  cpu: Cpu = 250m,
  memory: Bytes = defaultMemory,
  version: String = "1.0.0",
): Service = {
  version   = version
  replicas  = replicas
  resources = { cpu = cpu, memory = memory }
  place {
    on tier == tier
    spread by zone
    max 1 per node
  }
  run = container {
    image = "\${registry}/\${name}:\${version}"
    ports = [port]
    env   = { PORT = "\${port}", SERVICE = name, TIER = tier }
  }
  health  = http { port = port, path = "/healthz" }
  rollout = { maxUnavailable = 1, maxSurge = 1 }
}

/// A queue worker run by systemd: no port, at most two per machine.
fn worker(name: String, queue: String, replicas: Replicas, tier: Tier, memory: Bytes = 128MiB): Service = {
  version   = "2.3.1"
  replicas  = replicas
  resources = { cpu = 100m, memory = memory }
  place {
    on tier == tier
    max 2 per node
  }
  run = systemdService {
    exec    = "\${pkgs.bench-worker}/bin/worker --queue \${queue} --name \${name}"
    env     = { QUEUE = queue }
    restart = "always"
  }
  health = command("\${pkgs.bench-worker}/bin/worker --ping", interval = 30s)
}
`;

function herdFile(f, first) {
  const L = [];
  L.push(`// ${f.name}.sys — generated by bench/frontend/generate.mjs`);
  const forms = new Set(f.services.map((s) => s.form));
  const std = [forms.has(3) && "systemdService", forms.has(4) && "container", forms.has(3) && "http", forms.has(4) && "tcp"].filter(Boolean);
  const lib = [(forms.has(0) || forms.has(1)) && "webApp", forms.has(2) && "worker", "Tier"].filter(Boolean);
  if (f.pools.some((p) => !p.aws)) L.push(`import "std/hetzner" as hcloud`);
  if (f.pools.some((p) => p.aws)) L.push(`import "std/aws" as aws`);
  if (std.length) L.push(`import "std/services" { ${std.join(", ")} }`);
  L.push(`import "./lib/templates" { ${lib.join(", ")} }`);
  L.push("");
  L.push(`let fileTier: Tier = ${JSON.stringify(f.tier)}`);
  L.push(`let team = ${JSON.stringify(f.team)}`);
  L.push(`let basePort: Port = ${f.basePort}`);
  L.push(`let locations = [${LOCATIONS.map((l) => JSON.stringify(l)).join(", ")}]`);
  L.push(`let azs = [${AZS.map((l) => JSON.stringify(l)).join(", ")}]`);
  L.push("");
  if (first) {
    L.push("policy {");
    L.push(`  reserve        = { cpu = ${herdCpu(POLICY.reserve.cpu)}, memory = ${herdBytes(POLICY.reserve.memory)}, disk = 0B }`);
    L.push(`  maxUtilization = ${POLICY.maxUtilization}`);
    L.push("}");
    L.push("");
  }
  for (const p of f.pools) {
    L.push(`pool ${p.name} {`);
    L.push(`  count   = ${p.count}`);
    if (p.aws) {
      L.push(`  machine = aws.instance { type = ${JSON.stringify(p.type)}, region = "eu-central-1", zone = azs[(index + ${p.shift}) % 3], diskSize = ${herdBytes(AWS_DISK)} }`);
      L.push(`  labels  = { tier = fileTier, zone = machine.zone, team = team }`);
    } else {
      L.push(`  machine = hcloud.server { type = ${JSON.stringify(p.type)}, location = locations[(index + ${p.shift}) % 3] }`);
      L.push(`  labels  = { tier = fileTier, zone = machine.location, team = team }`);
    }
    L.push("}");
    L.push("");
  }
  f.services.forEach((s, i) => {
    switch (s.form) {
      case 0:
        L.push(`service ${s.name} = webApp(${JSON.stringify(s.name)}, basePort + ${i}, ${s.replicas}, fileTier)`);
        break;
      case 1:
        L.push(`service ${s.name} = webApp(${JSON.stringify(s.name)}, basePort + ${i}, ${s.replicas}, fileTier, cpu = ${herdCpu(s.cpu)}, memory = ${herdBytes(s.memory)}, version = ${JSON.stringify(s.version)})`);
        break;
      case 2:
        L.push(`service ${s.name} = worker { name = ${JSON.stringify(s.name)}, queue = ${JSON.stringify(s.queue)}, replicas = ${s.replicas}, tier = fileTier, memory = ${herdBytes(s.memory)} }`);
        break;
      case 3:
        L.push(`service ${s.name} {`);
        L.push(`  version   = ${JSON.stringify(s.version)}`);
        L.push(`  replicas  = ${s.replicas}`);
        L.push(`  resources = { cpu = ${herdCpu(s.cpu)}, memory = ${herdBytes(s.memory)} }`);
        L.push(`  place {`);
        L.push(`    near ${s.near}`);
        L.push(`  }`);
        L.push(`  run = systemdService {`);
        L.push(`    exec          = "\${pkgs.bench-svc}/bin/svc --name ${s.name} --port \${basePort + ${i}}"`);
        L.push(`    ports         = [basePort + ${i}]`);
        L.push(`    env           = { SVC_NAME = ${JSON.stringify(s.name)}, SVC_TEAM = team, LOG_LEVEL = "info" }`);
        L.push(`    serviceConfig = { MemoryMax = "\${resources.memory.mib}M" }`);
        L.push(`  }`);
        L.push(`  health = http { port = basePort + ${i}, path = "/health", interval = 15s }`);
        L.push("}");
        break;
      case 4:
        L.push(`service ${s.name} {`);
        L.push(`  version   = "3.1.0"`);
        L.push(`  replicas  = ${s.replicas}`);
        L.push(`  resources = { cpu = ${herdCpu(s.cpu)}, memory = ${herdBytes(s.memory)}, disk = ${herdBytes(s.disk)} }`);
        L.push(`  place {`);
        L.push(`    on tier == fileTier && zone != "hel1"`);
        L.push(`    spread by zone skew 2`);
        L.push(`    avoid ${s.avoid}`);
        L.push(`  }`);
        L.push(`  run = container {`);
        L.push(`    image     = "docker.io/library/${s.image}:stable"`);
        L.push(`    ports     = [basePort + ${i}]`);
        L.push(`    env       = { UPSTREAM = "${s.avoid}.\${team}.internal", PORT = "\${basePort + ${i}}" }`);
        L.push(`    secretEnv = { TOKEN = secret("${s.name}/token") }`);
        L.push(`    volumes   = ["/var/lib/${s.name}:/data"]`);
        L.push(`  }`);
        L.push(`  health  = tcp(basePort + ${i})`);
        L.push(`  rollout = { maxUnavailable = 1, pause = 10s }`);
        L.push("}");
        break;
    }
    if (s.form >= 3) L.push("");
  });
  return L.join("\n") + "\n";
}

// ---------------------------------------------------------------- Nix

const nixStr = (s) => JSON.stringify(s).replace(/\$\{/g, "\\${");

function nixPrelude() {
  const cat = (entries, f) => entries.map(([k, v]) => `    ${JSON.stringify(k)} = ${f(v)};`).join("\n");
  return `# system.nix — generated by bench/frontend/generate.mjs: the same system as
# the Herd workspace next to it, as one Nix expression. Amounts are plain
# numbers in base units (millicores, bytes, milliseconds).
let
  KiB = 1024;
  MiB = 1024 * KiB;
  GiB = 1024 * MiB;
  GB = 1000000000;
  mod = a: b: a - b * (a / b);
  hasPrefix = p: s: builtins.substring 0 (builtins.stringLength p) s == p;
  pkg = name: "\\\${pkgs.\${name}}";
  secret = name: { secret = name; };

  # std/hetzner
  hetznerCatalog = {
${cat(Object.entries(HETZNER), ([c, m, d]) => `{ cpu = ${c * 1000}; memory = ${m} * GiB; disk = ${d} * GB; }`)}
  };
  server = { type, location ? "fsn1", image ? "ubuntu-24.04" }: {
    provider = "hetzner";
    inherit type location;
    zone = "";
    resources = hetznerCatalog.\${type};
    system = if hasPrefix "cax" type then "aarch64-linux" else "x86_64-linux";
    disk = "/dev/sda";
    settings = { inherit image; };
  };

  # std/aws
  awsCatalog = {
${cat(Object.entries(AWS), ([c, m]) => `{ cpu = ${c * 1000}; memory = ${m} * GiB; disk = 0; }`)}
  };
  instance = { type, region ? "eu-central-1", zone ? "a", diskSize ? 50 * GB, ami ? "" }: {
    provider = "aws";
    inherit type;
    location = region;
    zone = region + zone;
    resources = awsCatalog.\${type} // { disk = diskSize; };
    system = if hasPrefix "m7g" type then "aarch64-linux" else "x86_64-linux";
    disk = "/dev/nvme0n1";
    settings = { inherit ami; };
  };

  # std/services
  container = { image, ports ? [ ], env ? { }, secretEnv ? { }, cmd ? [ ], volumes ? [ ] }: {
    kind = "container";
    inherit image ports env secretEnv cmd volumes;
  };
  systemdService = { exec, env ? { }, secretEnv ? { }, ports ? [ ], user ? null, path ? [ ], workingDirectory ? null, restart ? "on-failure", serviceConfig ? { } }: {
    kind = "systemd";
    inherit exec env secretEnv ports user path workingDirectory restart serviceConfig;
  };
  http = { port, path ? "/", interval ? 10000, timeout ? 2000, expectStatus ? [ 200 ], failures ? 3 }: {
    kind = "http";
    inherit port path interval timeout expectStatus failures;
  };
  tcp = { port, interval ? 10000, timeout ? 2000, failures ? 3 }: {
    kind = "tcp";
    inherit port interval timeout failures;
  };
  command = { command, interval ? 10000, timeout ? 5000, failures ? 3 }: {
    kind = "exec";
    inherit command interval timeout failures;
  };

  # the prelude's schemas: defaults of Service, Resources, Rollout, placement rules
  eq = label: value: { op = "eq"; inherit label value; };
  ne = label: value: { op = "ne"; inherit label value; };
  placement = p: { on = [ ]; prefer = [ ]; spread = [ ]; maxPerNode = null; avoid = [ ]; near = [ ]; } // p;
  service = { version ? "0", replicas ? 1, resources ? { }, place ? null, run, health ? null, rollout ? { } }: {
    inherit version replicas run health;
    resources = { cpu = 100; memory = 128 * MiB; disk = 0; } // resources;
    place = if place == null then null else placement place;
    rollout = { maxUnavailable = 1; maxSurge = 0; healthTimeout = 300000; pause = 0; } // rollout;
  };
  mkPool = name: count: f: {
    inherit count;
    machines = builtins.genList (index: { name = "\${name}-\${toString (index + 1)}"; inherit index; } // f index) count;
  };

  # lib/templates.sys
  registry = ${nixStr(REGISTRY)};
  defaultMemory = ${DEFAULT_MEMORY / MiB} * MiB;
  webApp = { name, port, replicas, tier, cpu ? 250, memory ? defaultMemory, version ? "1.0.0" }: service {
    inherit version replicas;
    resources = { inherit cpu memory; };
    place = {
      on = [ (eq "tier" tier) ];
      spread = [ { label = "zone"; skew = 1; } ];
      maxPerNode = 1;
    };
    run = container {
      image = "\${registry}/\${name}:\${version}";
      ports = [ port ];
      env = { PORT = toString port; SERVICE = name; TIER = tier; };
    };
    health = http { inherit port; path = "/healthz"; };
    rollout = { maxUnavailable = 1; maxSurge = 1; };
  };
  worker = { name, queue, replicas, tier, memory ? 128 * MiB }: service {
    version = "2.3.1";
    inherit replicas;
    resources = { cpu = 100; inherit memory; };
    place = {
      on = [ (eq "tier" tier) ];
      maxPerNode = 2;
    };
    run = systemdService {
      exec = "\${pkg "bench-worker"}/bin/worker --queue \${queue} --name \${name}";
      env = { QUEUE = queue; };
      restart = "always";
    };
    health = command { command = "\${pkg "bench-worker"}/bin/worker --ping"; interval = 30000; };
  };

  locations = [ ${LOCATIONS.map((l) => JSON.stringify(l)).join(" ")} ];
  azs = [ ${AZS.map((l) => JSON.stringify(l)).join(" ")} ];
`;
}

function nixBytes(b) {
  return b % GiB === 0 ? `${b / GiB} * GiB` : b % MiB === 0 ? `${b / MiB} * MiB` : b % GB === 0 ? `${b / GB} * GB` : `${b}`;
}

function nixFile(sys) {
  const L = [nixPrelude()];
  // One `let` per generated file for its constants, like the Herd files' lets.
  for (const f of sys.files) {
    L.push(`  ${f.name} = rec {`);
    L.push(`    fileTier = ${JSON.stringify(f.tier)};`);
    L.push(`    team = ${JSON.stringify(f.team)};`);
    L.push(`    basePort = ${f.basePort};`);
    L.push(`    pools = {`);
    for (const p of f.pools) {
      L.push(`      ${JSON.stringify(p.name)} = mkPool ${JSON.stringify(p.name)} ${p.count} (index: let`);
      if (p.aws) {
        L.push(`        machine = instance { type = ${JSON.stringify(p.type)}; region = "eu-central-1"; zone = builtins.elemAt azs (mod (index + ${p.shift}) 3); diskSize = ${nixBytes(AWS_DISK)}; };`);
        L.push(`      in { inherit machine; labels = { tier = fileTier; zone = machine.zone; inherit team; }; });`);
      } else {
        L.push(`        machine = server { type = ${JSON.stringify(p.type)}; location = builtins.elemAt locations (mod (index + ${p.shift}) 3); };`);
        L.push(`      in { inherit machine; labels = { tier = fileTier; zone = machine.location; inherit team; }; });`);
      }
    }
    L.push(`    };`);
    L.push(`    services = {`);
    f.services.forEach((s, i) => {
      const n = JSON.stringify(s.name);
      switch (s.form) {
        case 0:
          L.push(`      ${n} = webApp { name = ${n}; port = basePort + ${i}; replicas = ${s.replicas}; tier = fileTier; };`);
          break;
        case 1:
          L.push(`      ${n} = webApp { name = ${n}; port = basePort + ${i}; replicas = ${s.replicas}; tier = fileTier; cpu = ${s.cpu}; memory = ${nixBytes(s.memory)}; version = ${JSON.stringify(s.version)}; };`);
          break;
        case 2:
          L.push(`      ${n} = worker { name = ${n}; queue = ${JSON.stringify(s.queue)}; replicas = ${s.replicas}; tier = fileTier; memory = ${nixBytes(s.memory)}; };`);
          break;
        case 3:
          L.push(`      ${n} = let port = basePort + ${i}; memory = ${nixBytes(s.memory)}; in service {`);
          L.push(`        version = ${JSON.stringify(s.version)};`);
          L.push(`        replicas = ${s.replicas};`);
          L.push(`        resources = { cpu = ${s.cpu}; inherit memory; };`);
          L.push(`        place = { near = [ ${JSON.stringify(s.near)} ]; };`);
          L.push(`        run = systemdService {`);
          L.push(`          exec = "\${pkg "bench-svc"}/bin/svc --name ${s.name} --port \${toString port}";`);
          L.push(`          ports = [ port ];`);
          L.push(`          env = { SVC_NAME = ${n}; SVC_TEAM = team; LOG_LEVEL = "info"; };`);
          L.push(`          serviceConfig = { MemoryMax = "\${toString (memory / MiB)}M"; };`);
          L.push(`        };`);
          L.push(`        health = http { inherit port; path = "/health"; interval = 15000; };`);
          L.push(`      };`);
          break;
        case 4:
          L.push(`      ${n} = let port = basePort + ${i}; in service {`);
          L.push(`        version = "3.1.0";`);
          L.push(`        replicas = ${s.replicas};`);
          L.push(`        resources = { cpu = ${s.cpu}; memory = ${nixBytes(s.memory)}; disk = ${nixBytes(s.disk)}; };`);
          L.push(`        place = {`);
          L.push(`          on = [ { op = "and"; operands = [ (eq "tier" fileTier) (ne "zone" "hel1") ]; } ];`);
          L.push(`          spread = [ { label = "zone"; skew = 2; } ];`);
          L.push(`          avoid = [ ${JSON.stringify(s.avoid)} ];`);
          L.push(`        };`);
          L.push(`        run = container {`);
          L.push(`          image = "docker.io/library/${s.image}:stable";`);
          L.push(`          ports = [ port ];`);
          L.push(`          env = { UPSTREAM = "${s.avoid}.\${team}.internal"; PORT = toString port; };`);
          L.push(`          secretEnv = { TOKEN = secret "${s.name}/token"; };`);
          L.push(`          volumes = [ "/var/lib/${s.name}:/data" ];`);
          L.push(`        };`);
          L.push(`        health = tcp { inherit port; };`);
          L.push(`        rollout = { maxUnavailable = 1; pause = 10000; };`);
          L.push(`      };`);
          break;
      }
    });
    L.push(`    };`);
    L.push(`  };`);
  }
  const all = (attr) => sys.files.map((f) => `${f.name}.${attr}`).join(" // ");
  L.push("in");
  L.push("{");
  L.push(`  pools = ${sys.files.length ? all("pools") : "{ }"};`);
  L.push(`  services = ${sys.files.length ? all("services") : "{ }"};`);
  L.push(`  policy = {`);
  L.push(`    survive = ${POLICY.survive};`);
  L.push(`    reserve = { cpu = ${POLICY.reserve.cpu}; memory = ${nixBytes(POLICY.reserve.memory)}; disk = 0; };`);
  L.push(`    maxUtilization = ${POLICY.maxUtilization};`);
  L.push(`  };`);
  L.push("}");
  return L.join("\n") + "\n";
}

// ---------------------------------------------------------------- writing

/** Writes the workspace at `ws` and system.nix, system.json, manifest.json next to it. */
export function generate(opts) {
  const ws = path.resolve(opts.out);
  const dir = path.dirname(ws);
  const sys = buildSystem(opts);
  rmSync(ws, { recursive: true, force: true });
  mkdirSync(path.join(ws, "lib"), { recursive: true });
  writeFileSync(path.join(ws, "lib", "templates.sys"), TEMPLATES);
  sys.files.forEach((f, i) => writeFileSync(path.join(ws, `${f.name}.sys`), herdFile(f, i === 0)));
  writeFileSync(path.join(dir, "system.nix"), nixFile(sys));
  writeFileSync(path.join(dir, "system.json"), JSON.stringify(evaluate(sys)));
  const machines = sys.files.reduce((n, f) => n + f.pools.reduce((m, p) => m + p.count, 0), 0);
  const replicas = sys.files.reduce((n, f) => n + f.services.reduce((m, s) => m + s.replicas, 0), 0);
  const manifest = { generator: GENERATOR_VERSION, services: opts.services, pools: opts.pools, files: sys.opts.files, seed: opts.seed, machines, replicas, ws };
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
    if (!opts.out) throw new Error("usage: node bench/frontend/generate.mjs OUT_WS [--services N] [--pools N] [--files N] [--seed N]");
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  const m = generate(opts);
  console.log(`wrote ${m.ws}: ${m.files} files, ${m.pools} pools (${m.machines} machines), ${m.services} services (${m.replicas} replicas); system.nix, system.json next to it`);
}
