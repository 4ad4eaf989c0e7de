#!/usr/bin/env bash
# Ensures a Pulumi CLI v3.248.0 with a Node.js language host and the dynamic-provider plugin.
# Reuses a suitable `pulumi` on PATH; otherwise builds from the Go module proxy into .tools/pulumi/bin
# and caches it there. Prints the bin directory as the last line of stdout; progress goes to stderr.
set -euo pipefail

PULUMI_VERSION="3.248.0"
# The language host module has no release tags; this is the commit of the pkg/v3.248.0 tag
# (shared/reference/pulumi-dynamic.md §3.1), which the go command turns into a pseudo-version.
LANGUAGE_HOST_MODULE="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
LANGUAGE_HOST_COMMIT="dc7edd58bc13179f81b80983aab4eb7f74a01b41"
# Fallback: v3.68.0 is the last sdk/v3 release that still contained the language host as a package.
# The 3.248 engine talks to older hosts by falling back on Unimplemented RPCs (langruntime_plugin.go).
LEGACY_LANGUAGE_HOST_VERSION="3.68.0"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools/pulumi"
bin="$tools/bin"
plugin_src="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
say() { printf '[ensure-pulumi] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
elapsed() { echo "$(( $(date +%s) - start ))s"; }

reports_version() { [ "$(PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null || true)" = "v$PULUMI_VERSION" ]; }
complete_in() { [ -x "$1/pulumi" ] && [ -x "$1/pulumi-language-nodejs" ] && reports_version "$1/pulumi"; }

# 1. A complete pulumi of this version already on PATH.
if onpath="$(command -v pulumi 2>/dev/null)"; then
  dir="$(dirname "$(readlink -f "$onpath")")"
  if complete_in "$dir" && { [ -x "$dir/pulumi-resource-pulumi-nodejs" ] || command -v pulumi-resource-pulumi-nodejs >/dev/null; }; then
    say "using pulumi v$PULUMI_VERSION on PATH ($dir)"
    echo "$dir"; exit 0
  fi
  say "pulumi on PATH ($onpath) is not a complete v$PULUMI_VERSION install; using .tools/pulumi instead"
fi

[ -f "$plugin_src" ] || die "node_modules/@pulumi/pulumi is missing; run 'npm ci' first (the dynamic-provider plugin ships inside it)"
mkdir -p "$bin"
install -m 755 "$plugin_src" "$bin/pulumi-resource-pulumi-nodejs"

# 2. The cached build.
if complete_in "$bin"; then
  say "using the cached build in .tools/pulumi/bin"
  echo "$bin"; exit 0
fi

# 3. Build from Go modules.
command -v go >/dev/null || die "no pulumi v$PULUMI_VERSION on PATH and no Go toolchain to build one: install Go >= 1.25, or put pulumi v$PULUMI_VERSION (with pulumi-language-nodejs beside it) on PATH"
# The public checksum database has no entries for these Pulumi module versions (lookups 404 here);
# skip it for github.com/pulumi/pulumi only: every other module is still verified.
export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/pulumi/pulumi"
export CGO_ENABLED=0
ldflags() { echo "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$1"; }
start=$(date +%s)

# A throwaway consumer module per binary: Pulumi's own go.mod files use local replaces, which block `go install pkg@ver`.
new_module() { # $1: dir
  rm -rf "$1"; mkdir -p "$1"
  (cd "$1" && go mod init local.invalid/pulumi-build >/dev/null 2>&1 &&
    go mod edit -replace=github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e)
}

if ! reports_version "$bin/pulumi" 2>/dev/null; then
  say "building pulumi v$PULUMI_VERSION: the first run downloads ~1 GB of modules and compiles for 5-10 minutes on 2 cores"
  new_module "$tools/cli"
  (cd "$tools/cli" &&
    go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_VERSION" >&2 &&
    # pkg and sdk must be the same release, or MVS mixes them.
    go get "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" >&2 &&
    say "modules resolved after $(elapsed); compiling pulumi" &&
    GOBIN="$bin" go install -trimpath -tags osusergo,grpcnotrace -ldflags "$(ldflags "$PULUMI_VERSION")" tool >&2) ||
    die "building pulumi v$PULUMI_VERSION failed (see the go output above)"
  say "pulumi built after $(elapsed)"
fi

if [ ! -x "$bin/pulumi-language-nodejs" ]; then
  new_module "$tools/language-host"
  if (cd "$tools/language-host" && go get -tool "$LANGUAGE_HOST_MODULE@$LANGUAGE_HOST_COMMIT" >&2 2>/dev/null); then
    say "building pulumi-language-nodejs at the v$PULUMI_VERSION commit"
    (cd "$tools/language-host" &&
      go get "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" >&2 &&
      GOBIN="$bin" go install -trimpath -tags osusergo,grpcnotrace -ldflags "$(ldflags "$PULUMI_VERSION")" tool >&2) ||
      die "building pulumi-language-nodejs failed (see the go output above)"
  else
    say "the module proxy does not serve $LANGUAGE_HOST_MODULE; building the language host from sdk/v3 v$LEGACY_LANGUAGE_HOST_VERSION, the last release that contained it"
    new_module "$tools/language-host"
    (cd "$tools/language-host" &&
      go get -tool "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs@v$LEGACY_LANGUAGE_HOST_VERSION" >&2 &&
      GOBIN="$bin" go install -trimpath -tags osusergo -ldflags "$(ldflags "$LEGACY_LANGUAGE_HOST_VERSION")" tool >&2) ||
      die "building the legacy pulumi-language-nodejs failed (see the go output above)"
  fi
  say "pulumi-language-nodejs built after $(elapsed)"
fi

complete_in "$bin" || die "the build finished but $bin is incomplete"
echo "$bin"
