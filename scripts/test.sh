#!/usr/bin/env bash
# Set up and run the whole test suite (what CI runs): Debian's Chromium for the browser tests, the Python
# environment, lint, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "installing Debian's chromium for the browser tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; browser tests will fail under CI"
fi
bash scripts/setup.sh dev
.venv/bin/ruff check marsad tests bench
.venv/bin/python -m pytest "$@"
