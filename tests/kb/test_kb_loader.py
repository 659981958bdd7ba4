"""The loader rejects malformed files with one line naming the file and line, and merges the user's files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.kb import KBError, KnowledgeBase, default_kb


def _rec(id_: str, **kw) -> str:
    rec = {"id": id_, "type": "GPE", "name_en": id_.title(), "name_ar": "مدينة", "aliases_ar": [], "aliases_en": []}
    rec.update(kw)
    return json.dumps(rec, ensure_ascii=False)


def _write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _error(path: Path) -> str:
    with pytest.raises(KBError) as info:
        KnowledgeBase.load(path, user=False)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_duplicate_id_names_file_and_line(tmp_path):
    f = _write(tmp_path / "a.jsonl", _rec("alpha"), _rec("beta"), _rec("alpha"))
    message = _error(f)
    assert f"{f}:3" in message
    assert "duplicate id 'alpha'" in message
    assert f"{f}:1" in message  # where it was first defined


def test_duplicate_across_files_of_a_directory(tmp_path):
    _write(tmp_path / "a.jsonl", _rec("alpha"))
    _write(tmp_path / "b.jsonl", "", _rec("alpha"))
    message = _error(tmp_path)
    assert "b.jsonl:2" in message and "duplicate id" in message


def test_bad_json_names_file_and_line(tmp_path):
    f = _write(tmp_path / "a.jsonl", _rec("alpha"), '{"id": "beta", "type": ')
    message = _error(f)
    assert f"{f}:2" in message and "bad JSON" in message


def test_unknown_type_names_file_and_line(tmp_path):
    f = _write(tmp_path / "a.jsonl", _rec("alpha"), _rec("beta", type="CITY"))
    message = _error(f)
    assert f"{f}:2" in message and "unknown type 'CITY'" in message


def test_missing_names_rejected(tmp_path):
    f = _write(tmp_path / "a.jsonl", _rec("alpha", name_en="", name_ar=""))
    assert "missing names" in _error(f)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [("id", "Not A Slug", "bad id"), ("wikidata", "159", "bad wikidata"), ("aliases_ar", "روسيا", "list of strings")],
)
def test_bad_fields_rejected(tmp_path, field, value, words):
    f = _write(tmp_path / "a.jsonl", _rec("alpha", **{field: value}))
    assert words in _error(f)


def test_bad_office_date_rejected(tmp_path):
    office = {"role": "president", "of": "x", "start": "sometime", "end": None}
    f = _write(tmp_path / "a.jsonl", _rec("alpha", type="PERSON", offices=[office]))
    assert "bad office" in _error(f)


def test_extra_fields_become_attrs(tmp_path):
    f = _write(tmp_path / "a.jsonl", _rec("alpha", country="russia", kind="city"))
    entry = KnowledgeBase.load(f, user=False).get("alpha")
    assert entry is not None and entry.attrs == {"country": "russia", "kind": "city"}


def test_user_files_are_merged(tmp_path, isolated_user_kb):
    base = _write(tmp_path / "base.jsonl", _rec("alpha"))
    _write(isolated_user_kb / "mine.jsonl", _rec("gamma", name_ar="غاما"))
    kb = KnowledgeBase.load(base)
    assert {e.id for e in kb.entries()} == {"alpha", "gamma"}
    assert [e.id for e in kb.lookup("غاما")] == ["gamma"]


def test_user_file_may_extend_a_packaged_entry(tmp_path, isolated_user_kb):
    base = _write(tmp_path / "base.jsonl", _rec("alpha", aliases_ar=["ألفا"]))
    _write(
        isolated_user_kb / "mine.jsonl",
        json.dumps({**json.loads(_rec("alpha", aliases_ar=["آلفا سيتي"])), "extend": True}),
    )
    kb = KnowledgeBase.load(base)
    assert kb.lookup("آلفا سيتي")[0].id == "alpha"
    assert kb.lookup("ألفا")[0].id == "alpha"


def test_user_file_may_not_silently_redefine(tmp_path, isolated_user_kb):
    base = _write(tmp_path / "base.jsonl", _rec("alpha"))
    _write(isolated_user_kb / "mine.jsonl", _rec("alpha"))
    with pytest.raises(KBError, match="duplicate id 'alpha'"):
        KnowledgeBase.load(base)


def test_home_file_used_without_env(tmp_path, monkeypatch):
    monkeypatch.delenv("MARSAD_KB")
    home = tmp_path / "home"
    (home / ".marsad").mkdir(parents=True)
    _write(home / ".marsad" / "kb.jsonl", _rec("delta", name_ar="دلتا"))
    base = _write(tmp_path / "base.jsonl", _rec("alpha"))
    assert KnowledgeBase.load(base).get("delta") is not None


def test_default_kb_is_cached_and_fast():
    import time

    default_kb.cache_clear()
    t0 = time.perf_counter()
    first = default_kb()
    elapsed = time.perf_counter() - t0
    assert default_kb() is first
    assert elapsed < 2.0  # typically ~0.2 s; generous for slow CI machines
