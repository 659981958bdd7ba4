"""``marsad kb`` through typer's CliRunner."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from marsad.commands.kb import register

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def _root() -> None:  # keep "kb" a sub-command even when it is the only one
        pass

    return app


def test_lookup_prints_entity_with_offices():
    result = runner.invoke(_app(), ["kb", "lookup", "سيرجي لافروف"])
    assert result.exit_code == 0, result.output
    assert "lavrov_sergey" in result.output and "PERSON" in result.output
    assert "وزير الخارجية" in result.output and "2004-03-09" in result.output


def test_lookup_shows_wikidata_and_adjective_match():
    result = runner.invoke(_app(), ["kb", "lookup", "الروسية"])
    assert result.exit_code == 0
    assert "russia" in result.output and "Q159" in result.output and "adjective" in result.output


def test_lookup_unknown_exits_non_zero():
    result = runner.invoke(_app(), ["kb", "lookup", "لا شيء بهذا الاسم"])
    assert result.exit_code == 1


def test_list_filters_by_type_and_limits():
    result = runner.invoke(_app(), ["kb", "list", "--type", "EVENT_SERIES", "--limit", "5"])
    assert result.exit_code == 0
    rows = [line for line in result.output.splitlines() if "\t" in line]
    assert len(rows) == 5 and all(line.split("\t")[1] == "EVENT_SERIES" for line in rows)


def test_list_rejects_unknown_type():
    assert runner.invoke(_app(), ["kb", "list", "--type", "CITY"]).exit_code == 2


def test_stats_counts_types_and_files():
    result = runner.invoke(_app(), ["kb", "stats"])
    assert result.exit_code == 0
    assert "PERSON" in result.output and "countries.jsonl" in result.output


def test_add_appends_to_user_kb_and_is_found(isolated_user_kb):
    args = ["kb", "add", "--type", "GPE", "--name-ar", "مدينة الاختبار", "--name-en", "Testville"]
    result = runner.invoke(_app(), [*args, "--alias-ar", "تستفيل", "--country", "russia"])
    assert result.exit_code == 0, result.output
    lines = (isolated_user_kb / "kb.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["id"] == "testville"
    found = runner.invoke(_app(), ["kb", "lookup", "تستفيل"])
    assert found.exit_code == 0 and "testville" in found.output


def test_add_rejects_existing_id_and_bad_type(isolated_user_kb):
    dup = runner.invoke(_app(), ["kb", "add", "--type", "GPE", "--name-ar", "روسيا", "--name-en", "Russia"])
    assert dup.exit_code == 2 and "already exists" in dup.output
    bad = runner.invoke(_app(), ["kb", "add", "--type", "CITY", "--name-ar", "س", "--name-en", "X", "--id", "x_city"])
    assert bad.exit_code == 2 and "unknown type" in bad.output
    assert not (isolated_user_kb / "kb.jsonl").exists()


def test_help_on_each_command():
    for cmd in ([], ["list"], ["lookup"], ["add"], ["stats"]):
        result = runner.invoke(_app(), ["kb", *cmd, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output
