#!/usr/bin/env bash
# The whole test suite: Swift tests on SQLite and on a private PostgreSQL cluster, with a real SMTP server
# (aiosmtpd from PyPI when missing), then an independent e-passport check, the citizen journey in a real headless
# browser, the process probe, the crash and restart tests and the deployment test (nginx, pgbouncer, a standby, a
# failover). Extra arguments go to `swift test` and skip everything after it (e.g. scripts/test.sh --filter Booking).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import aiosmtpd, prometheus_client, asn1crypto, cryptography' 2>/dev/null ||
  python3 -m pip install --quiet --disable-pip-version-check aiosmtpd prometheus_client asn1crypto cryptography
scripts/with-postgres.sh swift test "$@"
if [ $# -eq 0 ]; then
  # The e-passport structures checked by a verifier written apart from Citas (asn1crypto + cryptography).
  python3 Tests/e2e/epassport_check.py .build/debug/citas
  scripts/browser-test.sh
  python3 Tests/e2e/process_probe.py .build/debug/citas
  # A short crash test: bookings, cancellations and a draw over two instances on one PostgreSQL while they are
  # SIGKILLed and restarted; then the jobs' exactly-once checks. And PostgreSQL stopped under load.
  swift build --product citas-bench
  scripts/with-postgres.sh python3 Tools/crash-test.py --instances 2 --kills 3 --accounts 200
  scripts/with-postgres.sh python3 Tools/restart-test.py --outage 4
  # The deployment in deploy/ (nginx, pgbouncer, a synchronous standby) started for real, and a failover.
  scripts/deploy-test.sh --quick
fi
