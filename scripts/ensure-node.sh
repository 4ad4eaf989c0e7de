#!/usr/bin/env bash
# Ensures a Node.js binary of one major version (22 or 24: the versions users run) for CI legs.
# Installs the npm package `node@<major>` (it ships the official binary) into the ignored
# .tools/node/<major>/ and reuses it on later runs. Prints the bin directory as the last line of stdout.
set -euo pipefail

major="${1:?usage: ensure-node.sh <major>, e.g. 22}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$root/.tools/node/$major"
bin="$prefix/node_modules/.bin"
say() { printf '[ensure-node] %s\n' "$*" >&2; }

if [ -x "$bin/node" ] && [[ "$("$bin/node" --version)" == "v$major."* ]]; then
  say "using the cached Node $("$bin/node" --version) in .tools/node/$major"
  echo "$bin"; exit 0
fi

start=$(date +%s)
rm -rf "$prefix"; mkdir -p "$prefix"
npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error "node@$major" >&2
version="$("$bin/node" --version)"
[[ "$version" == "v$major."* ]] || { say "error: node@$major installed $version"; exit 1; }
say "installed Node $version in $(( $(date +%s) - start ))s"
echo "$bin"
