#!/bin/sh
# Compiles the example fleet end to end: set-up, then check, place and build
# the shop example into examples/shop/out (NixOS flake, Colmena hive,
# Terraform), and print where everything runs.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh >&2
node bin/herd.js build examples/shop
node bin/herd.js plan examples/shop
