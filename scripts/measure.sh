#!/usr/bin/env bash
# Every measurement of issue 8 (load, national-year scale, crash, PostgreSQL restart) on a release build, with a
# private PostgreSQL cluster, printed as one Markdown table on stdout (each tool's own output goes to stderr).
# Usage: scripts/measure.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check aiosmtpd
swift build -c release --product citas >&2
swift build -c release --product citas-bench >&2
scripts/with-postgres.sh python3 Tools/measure.py "$@"
