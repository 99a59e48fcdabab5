#!/usr/bin/env bash
# Installs the external binaries the tests need, cached outside the clone so a
# second run skips the build: FerretDB (MongoDB wire protocol on SQLite) and k6.
set -euo pipefail

TOOLS_DIR="${NOTIFY_TOOLS_DIR:-$HOME/.cache/notify-tools}"
BIN="$TOOLS_DIR/bin"
FERRETDB_VERSION="v1.24.2"
K6_VERSION="v1.8.1"
mkdir -p "$BIN"
export PATH="$BIN:$(go env GOPATH)/bin:$PATH"

if [ ! -x "$BIN/ferretdb" ] || ! "$BIN/ferretdb" --version 2>/dev/null | grep -q "$FERRETDB_VERSION"; then
  echo "building FerretDB $FERRETDB_VERSION"
  # A plain `go install` yields a binary that dies at start: build/version/version.txt
  # is generated upstream, not shipped in the module, so we write it ourselves.
  src=$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  work=$(mktemp -d)
  cp -r "$src/." "$work/"
  chmod -R u+w "$work"
  echo "$FERRETDB_VERSION" > "$work/build/version/version.txt"
  (cd "$work" && CGO_ENABLED=0 go build -o "$BIN/ferretdb" ./cmd/ferretdb)
  rm -rf "$work"
fi

if ! command -v k6 >/dev/null 2>&1; then
  echo "installing k6 $K6_VERSION"
  GOBIN="$BIN" go install "go.k6.io/k6@$K6_VERSION"
fi

echo "tools ready in $BIN: $(ferretdb --version 2>&1 | head -1 | tr -d '\n'), $(k6 version 2>&1 | head -1)"
