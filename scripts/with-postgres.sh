#!/usr/bin/env bash
# Runs a command with a private, throw-away PostgreSQL cluster on a free loopback port and
# CITAS_TEST_POSTGRES_URL pointing at it. Installs PostgreSQL from Debian when it is missing.
# Usage: scripts/with-postgres.sh COMMAND [ARGS…]
set -euo pipefail

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

bin=$(find_bin)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "with-postgres: installing PostgreSQL from Debian packages" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bin=$(find_bin)
fi

# initdb refuses to run as root: root runs the cluster as the unprivileged 'postgres' user.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

dir=$(mktemp -d /tmp/citas-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

stop() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

as_owner "$bin/initdb" -D "$dir/data" -U citas -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=500 -c fsync=off -c shared_buffers=64MB"
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "$options" start >/dev/null
as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U citas citas

export CITAS_TEST_POSTGRES_URL="postgres://citas@127.0.0.1:$port/citas"
# Fault tests stop and start the server under load (Tools/restart-test.py).
owner=""
[ "$(id -u)" = 0 ] && owner="runuser -u postgres --"
export CITAS_TEST_POSTGRES_STOP="$owner $bin/pg_ctl -D $dir/data -m fast -w stop"
export CITAS_TEST_POSTGRES_START="$owner $bin/pg_ctl -D $dir/data -l $dir/server.log -w -o '$options' start"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
