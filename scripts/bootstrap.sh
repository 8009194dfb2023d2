#!/usr/bin/env sh
# Makes a fresh clone runnable: npm dependencies, then the system packages the
# local stack and the tests need (a JRE for DynamoDB Local, MariaDB, PHP and
# Debian's WordPress, libfaketime for the suite with a future clock, the AWS CLI
# the EventBridge endpoint is tested with, Chromium for the console's browser test), and a
# running MariaDB on 127.0.0.1:3306.
# Fast when everything is already there.
set -eu
cd "$(dirname "$0")/.."

say() { printf 'bootstrap: %s\n' "$*" >&2; }
is_root() { [ "$(id -u)" = "0" ]; }

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  # Not `npm ci`: the registry this machine kind reaches has no metadata for other
  # platforms' optional packages (e.g. @biomejs/cli-darwin-*), so npm 11 calls any
  # lock file out of sync. `npm install` still installs the locked versions.
  npm install --no-audit --no-fund >&2
fi

need_apt=""
command -v java >/dev/null 2>&1 || need_apt="$need_apt default-jre-headless"
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need_apt="$need_apt mariadb-server"
command -v php >/dev/null 2>&1 || need_apt="$need_apt php-cli php-mysql php-curl php-xml php-gd php-mbstring php-zip php-intl"
[ -f /usr/share/wordpress/wp-settings.php ] || need_apt="$need_apt wordpress"
command -v setpriv >/dev/null 2>&1 || need_apt="$need_apt util-linux"
command -v faketime >/dev/null 2>&1 || need_apt="$need_apt faketime"
command -v aws >/dev/null 2>&1 || need_apt="$need_apt awscli"
# The console's e2e test drives Debian's Chromium with playwright-core (which downloads no browser).
command -v chromium >/dev/null 2>&1 || need_apt="$need_apt chromium"

if [ -n "$need_apt" ]; then
  if is_root && command -v apt-get >/dev/null 2>&1; then
    say "installing system packages:$need_apt"
    # shellcheck disable=SC2086
    (apt-get install -y --no-install-recommends $need_apt >&2 2>&1) || {
      apt-get update >&2 && apt-get install -y --no-install-recommends $need_apt >&2
    }
  else
    say "missing system packages:$need_apt"
    say "run: sudo apt-get update && sudo apt-get install -y --no-install-recommends$need_apt"
    exit 1
  fi
fi

# The tests talk to MariaDB on 127.0.0.1:3306 (root, empty password).
if ! bash -c 'exec 3<>/dev/tcp/127.0.0.1/3306' 2>/dev/null; then
  if is_root; then
    say "starting MariaDB"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd >&2
    for _ in $(seq 1 50); do bash -c 'exec 3<>/dev/tcp/127.0.0.1/3306' 2>/dev/null && break; sleep 0.2; done
  else
    say "MariaDB is not running on 127.0.0.1:3306; start it (the local stack can run a private one)"
  fi
fi
