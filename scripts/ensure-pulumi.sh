#!/usr/bin/env bash
# Ensures a Pulumi CLI (v3.248.0) with the Node.js language host and the dynamic-provider plugin.
# Reuses a suitable `pulumi` on PATH; otherwise builds from the Go module proxy into .tools/pulumi/bin.
# Prints the bin directory on stdout (last line); progress goes to stderr.
set -euo pipefail

PULUMI_VERSION="3.248.0"
# The language host module has no release tags; this is the commit of the pkg/v3.248.0 tag
# (see shared/reference/pulumi-dynamic.md §3.1), which the go command turns into a pseudo-version.
LANGUAGE_HOST_COMMIT="dc7edd58bc13179f81b80983aab4eb7f74a01b41"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools/pulumi"
bin="$tools/bin"
say() { printf '[ensure-pulumi] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

plugin_src="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

has_version() { # $1: pulumi binary
  local v; v="$(PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null || true)"
  [ "$v" = "v$PULUMI_VERSION" ]
}

# 1. A pulumi already on PATH, complete with its language host and dynamic-provider plugin.
if onpath="$(command -v pulumi 2>/dev/null)" && has_version "$onpath"; then
  dir="$(dirname "$(readlink -f "$onpath")")"
  if [ -x "$dir/pulumi-language-nodejs" ] && { [ -x "$dir/pulumi-resource-pulumi-nodejs" ] || command -v pulumi-resource-pulumi-nodejs >/dev/null; }; then
    say "using pulumi v$PULUMI_VERSION on PATH ($dir)"
    echo "$dir"; exit 0
  fi
fi

# 2. The cached build.
if [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ] && has_version "$bin/pulumi"; then
  [ -x "$bin/pulumi-resource-pulumi-nodejs" ] || { [ -f "$plugin_src" ] && install -m 755 "$plugin_src" "$bin/"; }
  [ -x "$bin/pulumi-resource-pulumi-nodejs" ] || die "pulumi-resource-pulumi-nodejs missing: run 'npm ci' first (it ships inside @pulumi/pulumi)"
  say "using cached build in .tools/pulumi/bin"
  echo "$bin"; exit 0
fi

# 3. Build from Go modules.
command -v go >/dev/null || die "no pulumi v$PULUMI_VERSION on PATH and no Go toolchain to build one; install Go >= 1.25 or put pulumi v$PULUMI_VERSION on PATH"
[ -f "$plugin_src" ] || die "node_modules/@pulumi/pulumi is missing: run 'npm ci' first (the dynamic-provider plugin ships inside it)"

mod="$tools/module"
mkdir -p "$mod" "$bin"
cd "$mod"
# Only the module files live here; the tool module is throwaway and rebuilt from scratch when absent.
if [ ! -f go.mod ]; then
  say "creating the build module"
  go mod init local.invalid/pulumi-cli >/dev/null 2>&1
  # The one non-local replace in Pulumi's own go.mod files (a fork of clipboard).
  go mod edit -replace=github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
fi
# The public checksum database has no entries for these Pulumi module versions (lookups 404 here);
# skip it for github.com/pulumi/pulumi only, every other module is still verified.
export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/pulumi/pulumi"
start=$(date +%s)
say "resolving modules (first run downloads ~1-2 GB into the Go module cache; this takes several minutes)"
go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_VERSION" >&2
go get -tool "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@$LANGUAGE_HOST_COMMIT" >&2
# pkg and sdk must be at the same release, or MVS mixes them (their go.mod files rely on local replaces).
go get "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" >&2
say "modules resolved in $(( $(date +%s) - start ))s; compiling pulumi and pulumi-language-nodejs (5-15 minutes on 2 cores)"
CGO_ENABLED=0 GOBIN="$bin" go install -trimpath -tags osusergo,grpcnotrace \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" tool >&2
install -m 755 "$plugin_src" "$bin/"
has_version "$bin/pulumi" || die "the built pulumi does not report v$PULUMI_VERSION"
say "built in $(( $(date +%s) - start ))s"
echo "$bin"
