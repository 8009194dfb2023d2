#!/usr/bin/env sh
# The suite with the clock a year ahead (libfaketime), so a test that only passes
# near the day it was written fails the day it is written. The processes the tests
# start inherit the moved clock: Node, DynamoDB Local's JVM (its TTL sweeper) and
# cognito-local (the tokens it mints). Tenants' php runs with a scrubbed
# environment, on the real clock, and MariaDB is the machine's own: both are
# servers whose clock the tests do not own, as on AWS. The shift is constant, so
# timers keep their length.
# FAKETIME_FORCE_MONOTONIC_FIX: without it the JVM's timed waits never return and
# DynamoDB Local prints its configuration but never answers (seen here).
set -eu
cd "$(dirname "$0")/.."
command -v faketime >/dev/null 2>&1 || {
  echo "test:future needs libfaketime: apt-get install -y faketime" >&2
  exit 1
}
# BBWS_FUTURE_NODE=24 (`npm run test:future:node24`, what CI runs): on Node 24, the Lambda
# runtime's, installed before the clock moves (scripts/node24.sh), so one pass of the whole
# suite looks from both angles.
if [ "${BBWS_FUTURE_NODE:-}" = "24" ]; then
  node24="$(sh scripts/node24.sh)"
  echo "test:future: $("$node24" --version), clock ${BBWS_FAKETIME:-+365d}" >&2
  FAKETIME_FORCE_MONOTONIC_FIX=1 exec faketime -f "${BBWS_FAKETIME:-+365d}" "$node24" node_modules/vitest/vitest.mjs run "$@"
fi
FAKETIME_FORCE_MONOTONIC_FIX=1 exec faketime -f "${BBWS_FAKETIME:-+365d}" npx vitest run "$@"
