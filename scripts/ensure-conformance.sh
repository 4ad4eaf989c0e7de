#!/usr/bin/env bash
# Ensures the OCI distribution-spec conformance suite binary, built from Go modules and cached in
# .tools/conformance/bin. Prints the binary's path as the last line of stdout; progress goes to stderr.
set -euo pipefail

# The conformance directory is its own module with no release tags, so the proxy serves it only as a
# pseudo-version (`go list -m -versions` lists none; `@latest` resolves to this commit of main,
# the "conformance redesign" generation, configured by OCI_REGISTRY / OCI_REPO1 / OCI_API_* …).
MODULE="github.com/opencontainers/distribution-spec/conformance"
VERSION="v0.0.0-20260831232431-97274622c111"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools/conformance"
bin="$tools/bin/oci-conformance"
stamp="$tools/bin/version"
say() { printf '[ensure-conformance] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# 1. The cached build of this exact version.
if [ -x "$bin" ] && [ "$(cat "$stamp" 2>/dev/null || true)" = "$MODULE@$VERSION" ]; then
  say "using the cached build in .tools/conformance/bin"
  echo "$bin"; exit 0
fi

# 2. Build from the Go module proxy.
command -v go >/dev/null || die "no Go toolchain: install Go >= 1.24 (the suite's go.mod asks for it) and make the Go module proxy reachable"
start=$(date +%s)
say "building $MODULE@$VERSION with $(go version | cut -d' ' -f3)"

# A throwaway consumer module: `go build pkg@version` is not a thing, and the tool directive pins the version.
build="$tools/module"
rm -rf "$build"; mkdir -p "$build" "$tools/bin"
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod"
export CGO_ENABLED=0
resolve() { (cd "$build" && go get -tool "$MODULE@$VERSION" >&2); }
(cd "$build" && go mod init local.invalid/conformance-build >/dev/null 2>&1) || die "go mod init failed in $build"
if ! resolve; then
  # The checksum database may be unreachable where the proxy is not; these are the suite's only modules.
  say "resolving with the checksum database failed; retrying without it for the suite's own modules"
  export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/opencontainers,github.com/goccy"
  resolve || die "cannot download $MODULE@$VERSION from the Go module proxy ($(go env GOPROXY)); see the go output above"
fi
(cd "$build" && go build -trimpath -o "$bin.tmp" "$MODULE" >&2) || die "compiling the conformance suite failed (see the go output above)"
mv "$bin.tmp" "$bin"
echo "$MODULE@$VERSION" > "$stamp"
say "built in $(( $(date +%s) - start ))s"
echo "$bin"
