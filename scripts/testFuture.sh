#!/usr/bin/env sh
# The suite with the clock a year ahead (libfaketime), so a test that only passes
# near the day it was written fails the day it is written. Every process the tests
# start inherits the moved clock: Node, DynamoDB Local's JVM (its TTL sweeper),
# php and the MariaDB client. Monotonic clocks are left alone: timers and timeouts
# keep their real length.
set -eu
cd "$(dirname "$0")/.."
command -v faketime >/dev/null 2>&1 || {
  echo "test:future needs libfaketime: apt-get install -y faketime" >&2
  exit 1
}
FAKETIME_DONT_FAKE_MONOTONIC=1 exec faketime -f "${BBWS_FAKETIME:-+365d}" npx vitest run "$@"
