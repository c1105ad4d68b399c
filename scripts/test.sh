#!/usr/bin/env bash
# The whole test suite, on SQLite and on a private PostgreSQL cluster, with a real SMTP server (aiosmtpd,
# installed from PyPI when missing). Extra arguments go to `swift test` (e.g. scripts/test.sh --filter Booking).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check aiosmtpd
exec scripts/with-postgres.sh swift test "$@"
