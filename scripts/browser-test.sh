#!/usr/bin/env bash
# The citizen journey and a clerk's morning at the counter in a real headless Chromium (Selenium + axe-core), against a
# freshly built `citas serve`.
# Installs Chromium and chromedriver from Debian (as root) and the Python packages from PyPI when missing.
# CITAS_SCREENSHOTS=docs/screenshots scripts/browser-test.sh refreshes the README's screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromedriver >/dev/null || ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "browser test needs chromium and chromium-driver (apt-get install chromium chromium-driver)" >&2
    exit 1
  fi
fi
python3 -c 'import selenium, axe_core_python, zxingcpp, PIL' 2>/dev/null ||
  python3 -m pip install --quiet --disable-pip-version-check selenium axe-core-python zxing-cpp pillow
swift build --product citas
python3 Tests/e2e/citizen_journey.py .build/debug/citas
python3 Tests/e2e/clerk_morning.py .build/debug/citas
