#!/usr/bin/env bash
# Proves the tests do not depend on where the checkout sits: clones this checkout's
# HEAD (commit first) into a private 0700 directory, as a home directory is, and
# runs test files there with vitest (default: the local stack end to end, which
# runs real WordPress as tenant uids). node_modules is this checkout's, linked
# entry by entry, except the workspace links, which point at the clone's packages.
#
#   scripts/checkPrivateCheckout.sh                          # tests/e2e/localStack.test.ts
#   scripts/checkPrivateCheckout.sh tests/e2e packages/compute/src/adapters/local
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
private="$(mktemp -d "${TMPDIR:-/tmp}/bbws-private-XXXXXX")"
trap 'rm -rf "$private"' EXIT
chmod 0700 "$private"
if [ -n "$(git -C "$repo" status --porcelain)" ]; then
  echo "checkPrivateCheckout: uncommitted changes are not part of the check (it clones HEAD)" >&2
fi
git clone --quiet "$repo" "$private/bbws"
cd "$private/bbws"
shopt -s dotglob
entries=("$repo"/node_modules/*)
mkdir node_modules
ln -s "${entries[@]}" node_modules/
rm node_modules/@bbws
mkdir node_modules/@bbws
for package in packages/*/; do
  package="${package%/}"
  ln -s "../../$package" "node_modules/@bbws/${package#packages/}"
done
# The check proves nothing if the code under test were this checkout's.
case "$(realpath node_modules/@bbws/compute)" in
  "$private/bbws/"*) ;;
  *) echo "checkPrivateCheckout: @bbws/compute does not resolve into the clone" >&2; exit 1 ;;
esac
echo "checkPrivateCheckout: $(git log -1 --format=%h) in $private/bbws (mode $(stat -c %a "$private"))" >&2
if [ "$#" -eq 0 ]; then set -- tests/e2e/localStack.test.ts; fi
npx vitest run "$@"
