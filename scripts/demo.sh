#!/usr/bin/env bash
# The main job on the bundled sample: set up, ingest the seed pages into SQLite, print what was found, serve the page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
db="${MARSAD_DB:-marsad.db}"
.venv/bin/marsad ingest examples/seeds --db "$db" || true
.venv/bin/marsad report --db "$db"
if .venv/bin/marsad serve --help >/dev/null 2>&1 && [ "${MARSAD_NO_SERVE:-}" = "" ]; then
  echo "Serving http://127.0.0.1:${PORT:-8000}/ (Ctrl-C to stop)"
  exec .venv/bin/marsad serve --db "$db" --port "${PORT:-8000}"
fi
