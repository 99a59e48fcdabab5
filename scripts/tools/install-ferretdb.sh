#!/usr/bin/env bash
# Builds FerretDB (the MongoDB wire protocol on SQLite) once into the tools cache, outside the
# clone; a no-op when the cached binary is this build. Needed by the tests and by `npm start`
# without MONGODB_URI. Progress goes to stderr; stdout is only the path of the binary.
set -euo pipefail

TOOLS_DIR="${NOTIFY_TOOLS_DIR:-$HOME/.cache/notify-tools}"
BIN="$TOOLS_DIR/bin"
FERRETDB_VERSION="v1.24.2"
# Bump when the patch below changes, so a cached binary built without it is rebuilt.
FERRETDB_BUILD_ID="$FERRETDB_VERSION+id-index.1"
# Measured on the 2-core CI machine with an empty Go module cache (download included).
FIRST_BUILD_ESTIMATE="about 2 minutes"
mkdir -p "$BIN"

if [ ! -x "$BIN/ferretdb" ] || [ "$(cat "$BIN/ferretdb.build" 2>/dev/null)" != "$FERRETDB_BUILD_ID" ]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "FerretDB $FERRETDB_VERSION must be built once and needs Go (https://go.dev/dl/); or set MONGODB_URI to a MongoDB of your own" >&2
    exit 1
  fi
  echo "building FerretDB $FERRETDB_BUILD_ID (first start only, $FIRST_BUILD_ESTIMATE)…" >&2
  started=$SECONDS
  # A plain `go install` yields a binary that dies at start: build/version/version.txt
  # is generated upstream, not shipped in the module, so we write it ourselves.
  src=$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -r "$src/." "$work/"
  chmod -R u+w "$work"
  echo "$FERRETDB_VERSION" > "$work/build/version/version.txt"
  # v1.24.2's SQLite backend queries `_id` as `_ferretdb_sjson->'$._id'` while its unique
  # index is on `_ferretdb_sjson->"_id"`; SQLite matches index expressions textually, so
  # every find, update and delete by `_id` scanned the whole table (EXPLAIN QUERY PLAN:
  # SCAN). Writing the query like the index makes them index lookups (SEARCH ... USING
  # INDEX), as on MongoDB. test/deploy/embedded-store-id-lookup.test.ts proves the result.
  id_column="$work/internal/backends/sqlite/metadata/metadata.go"
  grep -q "IDColumn = DefaultColumn + \"->'\$._id'\"" "$id_column"
  sed -i "s|IDColumn = DefaultColumn + \"->'\$._id'\"|IDColumn = DefaultColumn + \`->\"_id\"\`|" "$id_column"
  grep -q 'IDColumn = DefaultColumn + `->"_id"`' "$id_column"
  # Built beside and renamed over, so servers running the old binary are not disturbed.
  (cd "$work" && CGO_ENABLED=0 go build -o "$BIN/ferretdb.new" ./cmd/ferretdb)
  mv "$BIN/ferretdb.new" "$BIN/ferretdb"
  echo "$FERRETDB_BUILD_ID" > "$BIN/ferretdb.build"
  echo "built FerretDB in $((SECONDS - started)) s" >&2
fi

echo "$BIN/ferretdb"
