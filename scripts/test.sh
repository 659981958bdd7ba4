#!/usr/bin/env bash
# Set up and run the whole test suite (what CI runs): lint, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
.venv/bin/ruff check marsad tests bench
.venv/bin/python -m pytest "$@"
