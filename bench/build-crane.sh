#!/bin/sh
# Builds crane (github.com/google/go-containerregistry v0.22.1) from the Go module proxy into the
# ignored tool folder, for bench/migration.ts.
set -eu
cd "$(dirname "$0")/.."
GOBIN="$(pwd)/.tools/crane/bin" GOFLAGS=-mod=mod go install github.com/google/go-containerregistry/cmd/crane@v0.22.1
.tools/crane/bin/crane version
