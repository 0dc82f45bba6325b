#!/usr/bin/env bash
# Installs what the VS Code end-to-end test (test/e2e/vscode.test.ts) needs: a
# real VS Code (code-server, from npm) and Debian's Chromium, on a machine that
# can reach the npm registry and Debian's apt repositories but not GitHub.
# Idempotent: a second run only checks. About a minute cold (native modules
# are compiled from source), a second when everything is there.
#
#   bash scripts/setup-e2e.sh          # installs into .cache/vscode-e2e/ in the repo
#   HERD_E2E_ROOT=/elsewhere bash scripts/setup-e2e.sh
#
# playwright-core and @vscode/vsce come from the project's own devDependencies;
# only code-server is installed here, in a folder of its own, because it must
# not become a dependency of the project (it is big and has native modules).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
ROOT=${HERD_E2E_ROOT:-$REPO/.cache/vscode-e2e}
CS_VERSION=4.100.3
# The @vscode/ripgrep version pinned in code-server 4.100.3's
# lib/vscode/npm-shrinkwrap.json, and the release asset its postinstall wants.
RG_PKG_VERSION=1.15.11
RG_TAG=v13.0.0-10
RG_TARGET=x86_64-unknown-linux-musl

mkdir -p "$ROOT"
CS_DIR="$ROOT/cs"
CODE_SERVER="$CS_DIR/node_modules/.bin/code-server"
RG_BIN="$CS_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"

# 1. Debian packages, only those missing: headers for the native modules
#    code-server compiles (kerberos, node-pty, @vscode/spdlog, keytar …),
#    Chromium, and ripgrep (seeds @vscode/ripgrep, see 2).
need=()
for p in build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev \
         libsecret-1-dev chromium ripgrep; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "setup-e2e: missing Debian packages: ${need[*]} (not root and no sudo: install them first)" >&2
    exit 1
  fi
  echo "setup-e2e: installing Debian packages: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Node 20 exactly: code-server 4.100.x refuses other majors.
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" != 20 ]; then
  echo "setup-e2e: code-server $CS_VERSION needs Node.js 20, found $(node --version)" >&2
  exit 1
fi

# 2. code-server, when missing or incomplete.
if [ ! -x "$CODE_SERVER" ] || [ ! -x "$RG_BIN" ] || \
   ! grep -q "\"version\": \"$CS_VERSION\"" "$CS_DIR/node_modules/code-server/package.json" 2>/dev/null; then
  echo "setup-e2e: installing code-server $CS_VERSION into $CS_DIR"
  # Workaround 1: @vscode/ripgrep's postinstall downloads rg from GitHub unless
  # $TMPDIR/vscode-ripgrep-cache-<ver>/ripgrep-<tag>-<target>.tar.gz exists;
  # seed it with Debian's rg (same ripgrep 13).
  export TMPDIR="$ROOT/tmp"
  rg_cache="$TMPDIR/vscode-ripgrep-cache-$RG_PKG_VERSION"
  mkdir -p "$rg_cache"
  if [ ! -s "$rg_cache/ripgrep-$RG_TAG-$RG_TARGET.tar.gz" ]; then
    stage=$(mktemp -d)
    cp "$(command -v rg)" "$stage/rg"
    tar czf "$rg_cache/ripgrep-$RG_TAG-$RG_TARGET.tar.gz" -C "$stage" rg
    rm -rf "$stage"
  fi
  # Workaround 2: node-pty's postinstall runs `npx node-gyp`; npx must not
  # ask (a user's ~/.npmrc may say yes=false, which makes npx give up).
  export npm_config_yes=true
  # Workaround 3: native modules build against the local Node headers instead
  # of downloading them.
  if [ -f /usr/include/node/node_version.h ]; then export npm_config_nodedir=/usr; fi
  mkdir -p "$CS_DIR"
  [ -f "$CS_DIR/package.json" ] || printf '{ "name": "herd-vscode-e2e", "private": true }\n' > "$CS_DIR/package.json"
  (cd "$CS_DIR" && npm install --unsafe-perm --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION")
fi

# 3. Checks. code-server writes config and logs even for --version, so point
#    them at a throw-away place.
XDG_CONFIG_HOME="$ROOT/tmp/xdg-config" XDG_DATA_HOME="$ROOT/tmp/xdg-data" \
  "$CODE_SERVER" --config "$ROOT/tmp/version-check.yaml" --version >/dev/null
"$RG_BIN" --version >/dev/null
node -e "
  require('$CS_DIR/node_modules/code-server/lib/vscode/node_modules/node-pty');
  require('$CS_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog');
"
test -x /usr/bin/chromium
node -e "require.resolve('playwright-core'); require.resolve('@vscode/vsce/package.json')" || {
  echo "setup-e2e: playwright-core or @vscode/vsce missing from node_modules: run npm ci" >&2
  exit 1
}
echo "setup-e2e: ready ($CS_DIR, code-server $CS_VERSION)"
