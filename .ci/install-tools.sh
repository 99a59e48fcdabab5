#!/usr/bin/env bash
# Installs the external binaries the test suites need, cached outside the clone so a second
# run skips the build: FerretDB (MongoDB wire protocol on SQLite). k6 is installed by the load
# test itself (`npm run loadtest:smoke` in .ci/run), the one command that uses it.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "tools ready: $(bash scripts/tools/install-ferretdb.sh)"
