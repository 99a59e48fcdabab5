#!/usr/bin/env bash
# Installs k6 once into the tools cache, outside the clone; a no-op when the cached binary is
# this version. Only the load test needs it (`npm run loadtest`, `npm run loadtest:smoke`).
# Progress goes to stderr; stdout is only the path of the binary.
set -euo pipefail

TOOLS_DIR="${NOTIFY_TOOLS_DIR:-$HOME/.cache/notify-tools}"
BIN="$TOOLS_DIR/bin"
K6_VERSION="v1.8.1"
mkdir -p "$BIN"

if [ ! -x "$BIN/k6" ] || ! "$BIN/k6" version 2>/dev/null | grep -q "${K6_VERSION#v}"; then
  if ! command -v go >/dev/null 2>&1; then
    echo "k6 $K6_VERSION must be built once and needs Go (https://go.dev/dl/)" >&2
    exit 1
  fi
  echo "installing k6 $K6_VERSION (first load test only, several minutes)…" >&2
  started=$SECONDS
  GOBIN="$BIN" go install "go.k6.io/k6@$K6_VERSION"
  echo "installed k6 in $((SECONDS - started)) s" >&2
fi

echo "$BIN/k6"
