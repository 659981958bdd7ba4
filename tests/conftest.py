"""Shared fixtures: paths to the bundled sample and the shared data beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "seeds"
SHARED = Path(os.environ.get("MARSAD_SHARED", REPO.parent / "shared"))
SAUDINEWSNET = SHARED / "corpus" / "saudinewsnet" / "saudinewsnet.jsonl.gz"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "marsad.db"
