#!/usr/bin/env sh
# Type-checks sst.config.ts against SST's real component types, offline.
# `sst install` fetches the providers through npm (~30 s, once per SST version); every
# other sst command needs AWS and Pulumi and cannot run here.
set -eu
cd "$(dirname "$0")/.."
wanted=$(node -p 'JSON.parse(require("fs").readFileSync("node_modules/sst/package.json", "utf8")).version')
installed=$(cat .sst/platform/version 2>/dev/null || true)
if [ ! -f .sst/platform/config.d.ts ] || [ "$installed" != "$wanted" ]; then
  echo "typecheck:infra: installing SST $wanted providers (once)" >&2
  rm -rf .sst/platform
  mkdir -p .sst/xdg
  XDG_CONFIG_HOME="$PWD/.sst/xdg" SST_SKIP_DEPENDENCY_CHECK=true SST_NO_BUN=1 SST_STAGE=dev SST_TELEMETRY_DISABLED=1 \
    npx sst install >&2
fi
npx tsc -p tsconfig.sst.json
