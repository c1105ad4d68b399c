#!/usr/bin/env bash
# Makes this machine a streaming standby of PRIMARY (as the postgres user, with an empty data directory):
#   PRIMARY=10.0.0.10 DATA=/var/lib/postgresql/15/main deploy/postgres/replica-setup.sh
# The standby names itself citas_replica, which the primary's synchronous_standby_names waits for.
set -euo pipefail
: "${PRIMARY:?the primary's address}" "${DATA:?an empty data directory}"
pg_basebackup --host "$PRIMARY" --port "${PRIMARY_PORT:-5432}" --username "${REPLICATION_USER:-replicator}" \
  --pgdata "$DATA" --wal-method=stream --write-recovery-conf --checkpoint=fast
echo "primary_conninfo = 'host=$PRIMARY port=${PRIMARY_PORT:-5432} user=${REPLICATION_USER:-replicator} application_name=citas_replica'" \
  >> "$DATA/postgresql.auto.conf"
