#!/usr/bin/env bash
# Builds the CR oracle harness (test/oracle/harness: the official Go SDK cr-20181201 v2.5.0 driving
# the emulator) from the Go module proxy into the ignored .tools/oracle/, keyed by a hash of its
# sources, go.mod and go.sum, so later runs reuse it. Prints the binary's path as the last line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/test/oracle/harness"
key="$(cat "$src"/*.go "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-16)"
out="$root/.tools/oracle/oracle-harness-$key"
if [ ! -x "$out" ]; then
  start=$(date +%s)
  mkdir -p "$root/.tools/oracle"
  (cd "$src" && go build -trimpath -o "$out.partial" .) >&2
  mv "$out.partial" "$out"
  printf '[ensure-oracle] built %s in %ss\n' "$(basename "$out")" "$(( $(date +%s) - start ))" >&2
fi
echo "$out"
