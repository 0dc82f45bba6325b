#!/bin/sh
# Installs everything Herd's build, tests and benchmarks need on a fresh
# Debian machine with Node.js 20 and npm, idempotently: npm packages (from
# package-lock.json), the Debian packages of the real tools the tests drive,
# and the bundled CLI. Safe to run again: it only does what is missing.
set -eu
cd "$(dirname "$0")/.."

# npm packages, when missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Debian packages: nix-bin (nix-instantiate checks generated Nix and is the
# front-end benchmark's peer), glpk-utils (glpsol, the exact solver the
# placement benchmark compares with), chromium (generated pages and the VS Code
# extension are tested in a real browser).
packages="nix-bin glpk-utils chromium"
missing=""
for p in $packages; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else sudo="none"; fi
  if [ "$sudo" = none ]; then
    echo "setup: cannot install Debian packages:$missing (not root and no sudo); tests that need them will say so" >&2
  else
    echo "setup: installing Debian packages:$missing"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

# The bundled CLI (dist/herd.mjs and dist/chunks/), when missing or older than any source.
if [ ! -f dist/herd.mjs ] || [ -n "$(find language compiler lsp stdlib scripts/build.mjs package.json -newer dist/herd.mjs -type f 2>/dev/null | head -n 1)" ]; then
  echo "setup: building the CLI"
  node scripts/build.mjs
fi
