// Types of what tests import from the benchmark workspace generator.
export interface GenerateOptions {
  services: number;
  pools: number;
  files?: number;
  seed?: number;
  /** The workspace folder to write; system.nix, system.json and manifest.json go next to it. */
  out: string;
}

export interface Manifest {
  generator: number;
  services: number;
  pools: number;
  files: number;
  seed: number;
  machines: number;
  replicas: number;
  ws: string;
}

export function generate(opts: GenerateOptions): Manifest;
