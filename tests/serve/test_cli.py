"""The ``marsad export`` formats this issue adds and ``marsad serve``'s refusals, as a user runs them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
from typer.testing import CliRunner

from marsad.cli import app

runner = CliRunner()


def test_export_gexf_ics_plover_files(seeds_db: Path, tmp_path: Path) -> None:
    out = {fmt: tmp_path / f"out.{fmt}" for fmt in ("gexf", "ics", "plover")}
    for fmt, path in out.items():
        result = runner.invoke(app, ["export", "--db", str(seeds_db), "--format", fmt, "-o", str(path)])
        assert result.exit_code == 0, result.output
    nodes = ET.parse(out["gexf"]).getroot().findall(".//{http://gexf.net/1.3}node")
    assert len(nodes) == 12
    assert len(list(icalendar.Calendar.from_ical(out["ics"].read_bytes()).walk("VEVENT"))) == 6
    records = [json.loads(line) for line in out["plover"].read_text(encoding="utf-8").splitlines()]
    assert len(records) == 6 and {r["event"][0] for r in records} == {"AGREE", "CONSULT", "SUPPORT"}


def test_serve_refuses_a_missing_or_foreign_database(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and not (tmp_path / "none.db").exists()
    foreign = tmp_path / "notes.db"
    foreign.write_text("not a database")
    assert runner.invoke(app, ["serve", "--db", str(foreign)]).exit_code == 2
