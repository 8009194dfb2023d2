#!/usr/bin/env sh
# The unit tests (vitest.unit.config.ts: no MariaDB, PHP or DynamoDB Local) on Node 24, the
# Lambda runtime's Node (scripts/node24.sh). CI runs the whole suite on Node 24 instead, with
# the clock a year ahead (`npm run test:future:node24`).
set -eu
cd "$(dirname "$0")/.."
node24="$(sh scripts/node24.sh)"
echo "test:node24: $("$node24" --version)" >&2
exec "$node24" node_modules/vitest/vitest.mjs run --config vitest.unit.config.ts "$@"
