#!/usr/bin/env bash
# Runs the unit, provider and emulator suites and one end-to-end example on another Node major
# (CI legs for the versions users run). Everything the tests spawn by name (`node` for the Pulumi
# language host and provider host) resolves to that version through PATH.
set -euo pipefail
major="${1:?usage: node-leg.sh <major>}"
cd "$(dirname "$0")/.."
bin="$(bash scripts/ensure-node.sh "$major" | tail -n 1)"
export PATH="$bin:$PATH" ACR_NODE_LEG="$major"
start=$(date +%s)
echo "[node $major] $(node --version): unit, provider, emulator, e2e same-account"
# The package suites are left to the main run: they pack and install with npm, which is the host's.
node node_modules/vitest/vitest.mjs run test/runtime test/sdk test/provider test/emulator test/e2e/same-account.test.ts
echo "[node $major] leg passed in $(( $(date +%s) - start ))s"
