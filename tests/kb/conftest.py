"""Keep every knowledge-base test away from the developer's own ~/.marsad and $MARSAD_KB."""

from __future__ import annotations

import pytest

from marsad.kb import KnowledgeBase, default_kb


@pytest.fixture(autouse=True)
def isolated_user_kb(tmp_path, monkeypatch):
    """An empty user KB directory and a fresh default_kb cache for each test."""
    user_dir = tmp_path / "user_kb"
    user_dir.mkdir()
    monkeypatch.setenv("MARSAD_KB", str(user_dir))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    default_kb.cache_clear()
    yield user_dir
    default_kb.cache_clear()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The packaged knowledge base alone (loaded once for the session)."""
    return KnowledgeBase.load(user=False)
