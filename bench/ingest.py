"""Ingest + clean + store throughput on the whole SaudiNewsNet corpus (the foundation's figure), then a second
ingest of the same input, which must add nothing.

    .venv/bin/python bench/ingest.py [--limit N]

Same measurement as ``bench/pipeline.py --clean-only --again``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline import main  # noqa: E402 - the bench folder is not a package

if __name__ == "__main__":
    sys.argv[1:1] = ["--clean-only", "--again"]
    main()
