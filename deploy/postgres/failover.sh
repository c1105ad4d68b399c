#!/usr/bin/env bash
# The primary died: promote the standby and point pgbouncer at it. Run as the postgres user on the standby's machine
# (and the RELOAD on every pgbouncer machine):
#   DATA=/var/lib/postgresql/15/main NEW_PRIMARY=10.0.0.11 deploy/postgres/failover.sh
# Never promote while the old primary may still take writes: fence it first (stop it, or cut it off the network).
set -euo pipefail
: "${DATA:?the standby's data directory}" "${NEW_PRIMARY:?the standby's address}"
port=${NEW_PRIMARY_PORT:-5432}
pg_ctl --pgdata "$DATA" promote --wait
# The new primary has no standby yet: with the old synchronous_standby_names every COMMIT would wait forever. It runs
# alone (asynchronous) until a new standby is attached with replica-setup.sh and the setting restored.
psql --host "$NEW_PRIMARY" --port "$port" --dbname postgres -v ON_ERROR_STOP=1 \
  -c "ALTER SYSTEM SET synchronous_standby_names = ''" -c "SELECT pg_reload_conf()"
ini=${PGBOUNCER_INI:-/etc/pgbouncer/pgbouncer.ini}
sed -i -E "s/^citas = host=[^ ]+ port=[0-9]+/citas = host=$NEW_PRIMARY port=$port/" "$ini"
psql --host "${PGBOUNCER_HOST:-127.0.0.1}" --port "${PGBOUNCER_PORT:-6432}" --username "${PGBOUNCER_ADMIN:-pgbouncer_admin}" pgbouncer -c RELOAD
