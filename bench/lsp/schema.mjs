// Language-server benchmark: the JSON Schema of the JSON peer's documents
// (the evaluated fleet: pools with their machines, services, policy), with a
// description on every property so that hover has something to show, and
// enums where Herd has literal unions (tiers, machine types, label values).
const TIERS = ["web", "app", "api", "batch", "data", "cache", "edge", "ml", "search", "queue"];
const LOCATIONS = ["fsn1", "nbg1", "hel1"];
const AZS = ["eu-central-1a", "eu-central-1b", "eu-central-1c"];
const TEAMS = Array.from({ length: 17 }, (_, i) => `team-${i}`);
const MACHINE_TYPES = ["cx22", "cx32", "cx42", "cx52", "cpx11", "cpx21", "cpx31", "cpx41", "cpx51", "cax11", "cax21", "cax31", "cax41", "ccx13", "ccx23", "ccx33", "ccx43", "ccx53", "ccx63", "t3.micro", "t3.small", "t3.medium", "t3.large", "t3.xlarge", "t3.2xlarge", "m6i.large", "m6i.xlarge", "m6i.2xlarge", "m6i.4xlarge", "m6i.8xlarge", "m7g.medium", "m7g.large", "m7g.xlarge", "m7g.2xlarge", "c6i.large", "c6i.xlarge", "c6i.2xlarge", "c6i.4xlarge", "r6i.large", "r6i.xlarge", "r6i.2xlarge", "r6i.4xlarge"];

const str = (description, extra = {}) => ({ type: "string", description, ...extra });
const int = (description, extra = {}) => ({ type: "integer", description, ...extra });
const obj = (description, properties, required = Object.keys(properties), extra = {}) => ({ type: "object", description, properties, required, additionalProperties: false, ...extra });
const strMap = (description) => ({ type: "object", description, additionalProperties: { type: "string" } });
const listOf = (description, items) => ({ type: "array", description, items });

const resources = obj("What one replica needs, or what a machine has.", {
  cpu: int("CPU in millicores (1000 = one core).", { minimum: 0 }),
  memory: int("Memory in bytes.", { minimum: 0 }),
  disk: int("Local disk in bytes.", { minimum: 0 }),
});

const labelValue = str("A label value.", { enum: [...TIERS, ...LOCATIONS, ...AZS, ...TEAMS] });
const selector = {
  description: "A label selector: a comparison, or `and`/`or` of selectors.",
  oneOf: [
    obj("A comparison of one label with a value.", { op: str("The comparison.", { enum: ["eq", "ne"] }), label: str("The label compared.", { enum: ["tier", "zone", "team"] }), value: labelValue }),
    obj("Selectors combined.", { op: str("How they combine.", { enum: ["and", "or"] }), operands: { type: "array", description: "The selectors combined.", items: { $ref: "#/definitions/selector" } } }),
  ],
};

const place = obj("Placement rules: where replicas may go.", {
  on: listOf("Only machines whose labels match all of these.", { $ref: "#/definitions/selector" }),
  prefer: listOf("Soft preferences.", { $ref: "#/definitions/selector" }),
  spread: listOf("Balance replicas across the values of a label.", obj("One spread rule.", { label: str("The label to spread over.", { enum: ["tier", "zone", "team"] }), skew: int("Largest difference in replicas between two values.", { minimum: 1 }) })),
  maxPerNode: { description: "At most this many replicas on one machine.", type: ["integer", "null"], minimum: 1 },
  avoid: listOf("Never on a machine that runs one of these services.", str("A service name.")),
  near: listOf("Only on machines that run one of these services.", str("A service name.")),
});

const secretRef = obj("A secret, by name: its value is never in the configuration.", { secret: str("The secret's name.") });
const run = {
  description: "How the service runs: a container or a systemd service.",
  oneOf: [
    obj("A container.", {
      kind: { const: "container", description: "A container." },
      image: str("The image reference."),
      ports: listOf("Ports the container listens on.", int("A port.", { minimum: 1, maximum: 65535 })),
      env: strMap("Environment variables."),
      secretEnv: { type: "object", description: "Environment variables set from secrets.", additionalProperties: secretRef },
      cmd: listOf("The command, replacing the image's.", { type: "string" }),
      volumes: listOf("Bind mounts, host:container.", { type: "string" }),
    }),
    obj("A systemd service.", {
      kind: { const: "systemd", description: "A systemd service." },
      exec: str("The command line (ExecStart)."),
      env: strMap("Environment variables."),
      secretEnv: { type: "object", description: "Environment variables set from secrets.", additionalProperties: secretRef },
      ports: listOf("Ports the service listens on.", int("A port.", { minimum: 1, maximum: 65535 })),
      user: { type: ["string", "null"], description: "The user it runs as; null for a dynamic user." },
      path: listOf("Packages on its PATH.", { type: "string" }),
      workingDirectory: { type: ["string", "null"], description: "The working directory." },
      restart: str("When systemd restarts it.", { enum: ["no", "on-failure", "always"] }),
      serviceConfig: strMap("Further [Service] settings."),
    }),
  ],
};
const health = {
  description: "How to tell that a replica is healthy.",
  oneOf: [
    { type: "null" },
    obj("An HTTP check.", { kind: { const: "http", description: "An HTTP check." }, port: int("The port.", { minimum: 1, maximum: 65535 }), path: str("The path requested."), interval: int("Milliseconds between checks."), timeout: int("Milliseconds before a check fails."), expectStatus: listOf("Statuses that mean healthy.", { type: "integer" }), failures: int("Failed checks before unhealthy.") }),
    obj("A TCP check.", { kind: { const: "tcp", description: "A TCP check." }, port: int("The port.", { minimum: 1, maximum: 65535 }), interval: int("Milliseconds between checks."), timeout: int("Milliseconds before a check fails."), failures: int("Failed checks before unhealthy.") }),
    obj("A command run on the machine.", { kind: { const: "exec", description: "A command." }, command: str("The command line."), interval: int("Milliseconds between checks."), timeout: int("Milliseconds before a check fails."), failures: int("Failed checks before unhealthy.") }),
  ],
};
const service = obj("A replicated service.", {
  version: str("The version deployed; a change rolls the service out."),
  replicas: int("How many copies run.", { minimum: 0, maximum: 100000 }),
  resources,
  place: { description: "Placement rules; null places anywhere.", oneOf: [{ type: "null" }, place] },
  run,
  health,
  rollout: obj("How a new version replaces the old.", { maxUnavailable: int("Replicas down at once."), maxSurge: int("Extra replicas during a rollout."), healthTimeout: int("Milliseconds to wait for health."), pause: int("Milliseconds between steps.") }),
});

const machine = obj("One machine of a pool.", {
  name: str("The machine's name, POOL-N."),
  index: int("Its index in the pool, from 0.", { minimum: 0 }),
  machine: obj("What the machine is.", {
    provider: str("The provider.", { enum: ["hetzner", "aws"] }),
    type: str("The provider's machine type.", { enum: MACHINE_TYPES }),
    location: str("The location or region."),
    zone: str("The availability zone (empty at Hetzner)."),
    resources,
    system: str("The Nix system.", { enum: ["x86_64-linux", "aarch64-linux"] }),
    disk: str("The boot disk's device."),
    settings: { type: "object", description: "Provider settings.", additionalProperties: { type: "string" } },
  }),
  labels: obj("Labels placement rules select on.", { tier: str("The tier.", { enum: TIERS }), zone: str("The zone.", { enum: [...LOCATIONS, ...AZS] }), team: str("The owning team.", { enum: TEAMS }) }),
});

export const fleetSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://herd.example/fleet.schema.json",
  description: "A fleet: pools of machines, services, policy.",
  definitions: { selector },
  type: "object",
  properties: {
    pools: { type: "object", description: "Pools of interchangeable machines, by name.", additionalProperties: obj("A pool of machines.", { count: int("How many machines.", { minimum: 0 }), machines: listOf("The machines.", machine) }) },
    services: { type: "object", description: "Services, by name.", additionalProperties: service },
    policy: obj("Rules for the whole system.", { survive: int("Machine failures every service survives.", { minimum: 0 }), reserve: resources, maxUtilization: { type: "number", description: "The largest share of a machine placement may use.", minimum: 0, maximum: 1 } }),
  },
  required: ["pools", "services"],
  additionalProperties: false,
};
