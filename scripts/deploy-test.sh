#!/usr/bin/env bash
# The deployment in deploy/ started for real on this machine: PostgreSQL primary and synchronous standby, pgbouncer,
# two `citas serve`, nginx with TLS; a journey and a load through nginx, then the primary killed and failed over.
# Installs nginx, pgbouncer and PostgreSQL from Debian and prometheus_client from PyPI when missing.
# Usage: scripts/deploy-test.sh [--quick] [.build/debug]
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v nginx >/dev/null || missing+=(nginx)
command -v pgbouncer >/dev/null || missing+=(pgbouncer)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "deploy-test: installing ${missing[*]} from Debian packages" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python3 -c 'import prometheus_client' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check prometheus_client
swift build --product citas-bench >&2
exec python3 Tools/deploy_test.py "$@"
