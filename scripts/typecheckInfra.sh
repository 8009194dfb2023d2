#!/usr/bin/env sh
# Type-checks sst.config.ts against SST's real component types, offline.
# `sst install` fetches the providers through npm (~30 s, once); every other sst
# command needs AWS and Pulumi and cannot run here.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f .sst/platform/config.d.ts ]; then
  echo "typecheck:infra: installing SST providers (once)" >&2
  mkdir -p .sst/xdg
  XDG_CONFIG_HOME="$PWD/.sst/xdg" SST_SKIP_DEPENDENCY_CHECK=true SST_NO_BUN=1 SST_STAGE=dev SST_TELEMETRY_DISABLED=1 \
    npx sst install >&2
fi
npx tsc -p tsconfig.sst.json
