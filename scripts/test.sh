#!/bin/sh
# The whole test suite, as CI runs it: set-up, type check, unit and
# integration tests, then the end-to-end tests in a real browser and editor.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
echo "test: type check"
npx tsc -p tsconfig.json --noEmit
npx tsc -p vscode-extension/tsconfig.json --noEmit
echo "test: unit and integration tests"
npx vitest run
echo "test: end-to-end tests"
# code-server and Chromium for the VS Code test (about a minute the first time).
[ "${HERD_SKIP_VSCODE_E2E:-}" = 1 ] || bash scripts/setup-e2e.sh
npx vitest run --config vitest.e2e.config.ts
