#!/bin/sh
# Compiles the example fleet end to end: set-up, then check the shop example
# and print the resolved system.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh >&2
node bin/herd.js check --summary examples/shop
