// What the generated Terraform is pinned to: Terraform itself, the providers
// (exact versions: `terraform init` installs the same ones everywhere) and
// the nixos-anywhere module that installs NixOS on each new machine.

export const REQUIRED_TERRAFORM = ">= 1.5.0";

export type ProviderName = "hcloud" | "aws" | "local";

export const PROVIDERS: Record<ProviderName, { source: string; version: string }> = {
  hcloud: { source: "hetznercloud/hcloud", version: "1.52.0" },
  aws: { source: "hashicorp/aws", version: "5.100.0" },
  local: { source: "hashicorp/local", version: "2.5.3" },
};

/** Installs NixOS over SSH (kexec, disko, install), then keeps it up to date with nixos-rebuild. */
export const NIXOS_ANYWHERE_MODULE = "github.com/nix-community/nixos-anywhere//terraform/all-in-one";

/** Canonical's AWS account: the owner of the official Ubuntu images. */
export const CANONICAL_AWS_OWNER = "099720109477";

/** The Ubuntu 24.04 image an EC2 machine boots before nixos-anywhere replaces it. */
export function ubuntuAmiName(arch: "x86_64" | "arm64"): string {
  return `ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-${arch === "arm64" ? "arm64" : "amd64"}-server-*`;
}

/** EC2's name for a Nix system's architecture. */
export function awsArch(system: string): "x86_64" | "arm64" {
  return system.startsWith("aarch64") ? "arm64" : "x86_64";
}

/** The user an instance's stock image lets in before NixOS is installed. */
export const INSTALL_USER = { hetzner: "root", aws: "ubuntu" } as const;
