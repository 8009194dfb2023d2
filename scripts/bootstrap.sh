#!/usr/bin/env sh
# Makes a fresh clone runnable: npm dependencies, then the system packages the
# local stack and the tests need. Fast when everything is already there.
set -eu
cd "$(dirname "$0")/.."

say() { printf 'bootstrap: %s\n' "$*" >&2; }

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  # Not `npm ci`: the registry this machine kind reaches has no metadata for other
  # platforms' optional packages (e.g. @biomejs/cli-darwin-*), so npm 11 calls any
  # lock file out of sync. `npm install` still installs the locked versions.
  npm install --no-audit --no-fund >&2
fi

need_apt=""
command -v java >/dev/null 2>&1 || need_apt="$need_apt default-jre-headless"

if [ -n "$need_apt" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing system packages:$need_apt"
    (apt-get install -y --no-install-recommends $need_apt >&2 2>&1) || {
      apt-get update >&2 && apt-get install -y --no-install-recommends $need_apt >&2
    }
  else
    say "missing system packages:$need_apt"
    say "run: sudo apt-get update && sudo apt-get install -y$need_apt"
    exit 1
  fi
fi
