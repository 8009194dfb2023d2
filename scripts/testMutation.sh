#!/usr/bin/env sh
# Mutation tests (StrykerJS), one run per domain with its own threshold (stryker/*.config.mjs).
# Usage: npm run test:mutation [-- DOMAIN... ] [-- --STRYKER-OPTION...]
#   npm run test:mutation                       every domain, incremental (what CI runs)
#   npm run test:mutation -- ledger             one domain
#   npm run test:mutation -- ledger --force     re-run every mutant and refresh the incremental file
# Every domain runs even when an earlier one fails; the exit code is 1 if any fell below its threshold.
set -u
cd "$(dirname "$0")/.."

DOMAINS="ledger contracts identity routing storage compute"
chosen=""
options=""
after_option=no
for arg in "$@"; do
  case "$arg" in
    -*) options="$options $arg"; after_option=yes; continue ;;
  esac
  case " $DOMAINS " in
    *" $arg "*) chosen="$chosen $arg" ;;
    *)
      # The value of the option before it (`--concurrency 1`, `--mutate path`).
      if [ "$after_option" = yes ]; then options="$options $arg"
      else echo "test:mutation: unknown domain '$arg'; choose from: $DOMAINS" >&2; exit 2; fi
      ;;
  esac
  after_option=no
done

failed=""
for domain in ${chosen:-$DOMAINS}; do
  started=$(date +%s)
  # shellcheck disable=SC2086 # options are separate words on purpose
  if npx stryker run "stryker/$domain.config.mjs" $options; then status=ok; else status=FAILED; failed="$failed $domain"; fi
  # Stryker writes the machine's checkout path into the committed file; nothing reads it back.
  sed -i 's|"projectRoot": *"[^"]*"|"projectRoot": "."|' "stryker/incremental/$domain.json"
  echo "test:mutation: $domain $status in $(( $(date +%s) - started )) s" >&2
done

if [ -n "$failed" ]; then
  echo "test:mutation: below threshold or broken:$failed (reports/mutation/<domain>.html)" >&2
  exit 1
fi
