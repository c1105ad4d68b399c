#!/usr/bin/env bash
# The whole test suite, on SQLite and on a private PostgreSQL cluster. Extra arguments go to `swift test`
# (e.g. scripts/test.sh --filter Booking).
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/with-postgres.sh swift test "$@"
