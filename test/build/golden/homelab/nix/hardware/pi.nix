# The hardware configuration of pi (a Raspberry Pi 4 booting from its SD
# card), as `nixos-generate-config --show-hardware-config` printed it. The boot
# loader is set in the node's `nixos` block. Herd copies this file into
# out/nix/hardware/ and imports it from the machine's module.
{ config, lib, pkgs, modulesPath, ... }:

{
  imports = [ (modulesPath + "/installer/scan/not-detected.nix") ];

  boot.initrd.availableKernelModules = [ "xhci_pci" "usbhid" "usb_storage" ];
  boot.initrd.kernelModules = [ ];
  boot.kernelModules = [ ];
  boot.extraModulePackages = [ ];

  fileSystems."/" = {
    device = "/dev/disk/by-label/NIXOS_SD";
    fsType = "ext4";
  };

  swapDevices = [ ];

  networking.useDHCP = lib.mkDefault true;
}
