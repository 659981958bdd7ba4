"""Ingestion end to end through the CLI: formats, encodings, bad input, idempotence, interruption."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.store import open_store
from tests.conftest import EXAMPLES

runner = CliRunner()

ARTICLE = (
    "وزير الخارجية يصل إلى الرياض في زيارة رسمية\n"
    "وصل وزير الخارجية إلى الرياض اليوم في زيارة رسمية تستغرق يومين، يلتقي خلالها عددا من المسؤولين "
    "لبحث سبل تعزيز التعاون الاقتصادي بين البلدين.\n"
)


def run(*args: str):
    return runner.invoke(app, list(args))


def docs(db: Path) -> list[tuple[str, int, str]]:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT source, part, text FROM documents ORDER BY source, part").fetchall()


def test_seed_folder_ingests_and_second_run_adds_nothing(db_path: Path) -> None:
    first = run("ingest", str(EXAMPLES), "--db", str(db_path))
    assert first.exit_code == 0, first.output
    assert "5 read, 5 new" in first.output
    stored = docs(db_path)
    assert len(stored) == 6  # one page carries an appended story
    again = run("ingest", str(EXAMPLES), "--db", str(db_path))
    assert again.exit_code == 0
    assert "0 new" in again.output and "5 unchanged" in again.output
    assert docs(db_path) == stored


def test_changed_page_replaces_its_old_version(tmp_path: Path, db_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(ARTICLE, encoding="utf-8")
    run("ingest", str(page), "--db", str(db_path))
    page.write_text(ARTICLE.replace("يومين", "ثلاثة أيام"), encoding="utf-8")
    out = run("ingest", str(page), "--db", str(db_path))
    assert "1 updated" in out.output
    [(source, part, text)] = docs(db_path)
    assert source == "page.txt" and "ثلاثة أيام" in text and "يومين" not in text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1256"])
def test_encodings_detected(tmp_path: Path, db_path: Path, encoding: str) -> None:
    page = tmp_path / f"page-{encoding}.txt"
    page.write_bytes(ARTICLE.encode(encoding))
    out = run("ingest", str(page), "--db", str(db_path))
    assert out.exit_code == 0, out.output
    [(_, _, text)] = docs(db_path)
    assert text == ARTICLE.strip()


def test_html_page_main_text_and_title(tmp_path: Path, db_path: Path) -> None:
    html = f"""<html><head><meta charset="windows-1256"><title>زيارة رسمية</title></head><body>
    <nav><a href="/">الرئيسية</a> <a href="/en">English</a></nav>
    <article><h1>وزير الخارجية يصل إلى الرياض</h1>
    <p>{ARTICLE.splitlines()[1]}</p><p>وأضاف أن الجانبين سيوقعان مذكرة تفاهم في مجال الاستثمار.</p></article>
    <footer>جميع الحقوق محفوظة</footer></body></html>"""
    page = tmp_path / "page.html"
    page.write_bytes(html.encode("cp1256"))
    out = run("ingest", str(page), "--db", str(db_path))
    assert out.exit_code == 0, out.output
    [(_, _, text)] = docs(db_path)
    assert "مذكرة تفاهم" in text and "الرياض" in text
    assert "جميع الحقوق محفوظة" not in text


def test_jsonl_fields_and_sources(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "corpus.jsonl.gz"
    recs = [
        {"id": "a1", "title": "عنوان أول", "text": ARTICLE, "published": "2015-07-21", "outlet": "okaz"},
        {"url": "http://example.org/2", "content": ARTICLE + "نص آخر.", "date": "2015-07-22T10:00:00Z"},
        {"body": ARTICLE + "نص ثالث."},
    ]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    out = run("ingest", str(path), "--db", str(db_path))
    assert out.exit_code == 0, out.output
    store = open_store(str(db_path))
    got = {d.source: d for d in store.documents()}
    assert set(got) == {"a1", "http://example.org/2", "corpus.jsonl.gz:3"}
    assert got["a1"].published == "2015-07-21" and got["a1"].outlet == "okaz"
    assert got["a1"].text.startswith("عنوان أول\n")
    assert got["http://example.org/2"].published == "2015-07-22"


def test_bad_inputs_each_reported_batch_goes_on_and_store_intact(tmp_path: Path, db_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    assert run("ingest", str(good), "--db", str(db_path)).exit_code == 0
    before = docs(db_path)

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (bad / "notes.docx").write_bytes(b"PK\x03\x04")
    (bad / "lines.jsonl").write_text(
        json.dumps({"id": "ok1", "text": ARTICLE}, ensure_ascii=False) + "\n{not json\n[1, 2]\n"
        + json.dumps({"id": "nt", "title": "x"}) + "\n",
        encoding="utf-8",
    )
    lines = "".join(json.dumps({"id": f"gz{i}", "text": f"{ARTICLE} الفقرة {i * 7919 % 10007}"}, ensure_ascii=False)
                    + "\n" for i in range(400))
    whole = gzip.compress(lines.encode())
    (bad / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (bad / "broken.html").write_text("<html><body><div><p>", encoding="utf-8")
    (bad / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")

    out = run("ingest", str(bad), str(tmp_path / "missing-folder"), "--db", str(db_path))
    assert out.exit_code == 1
    errors = [line for line in out.output.splitlines() if line.startswith("rejected:")]
    text = "\n".join(errors)
    assert "empty.txt: empty file" in text
    assert "binary.txt: binary" in text
    assert "notes.docx: unknown file type" in text
    assert "lines.jsonl:2: malformed JSON" in text
    assert "lines.jsonl:3: expected a JSON object" in text
    assert "lines.jsonl:4: record has no text" in text
    assert "cut.jsonl.gz: truncated or corrupt gzip" in text
    assert "broken.html:" in text
    assert "dangling.txt:" in text
    assert "missing-folder: no such file or folder" in text
    assert all(len(line) < 300 for line in errors)
    sources = {s for s, _, _ in docs(db_path)}
    assert {"good.txt", "ok1", "gz1"} <= sources  # good records before the damage are kept
    assert "gz399" not in sources
    assert [d for d in docs(db_path) if d[0] == "good.txt"] == [d for d in before if d[0] == "good.txt"]


def test_kill_during_ingest_keeps_committed_documents_and_rerun_completes(tmp_path: Path, db_path: Path) -> None:
    corpus = tmp_path / "big.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(6000):
            fh.write(json.dumps({"id": f"r{i}", "text": f"{ARTICLE}الفقرة رقم {i} من النص."}, ensure_ascii=False))
            fh.write("\n")
    cmd = [sys.executable, "-m", "marsad.cli", "ingest", str(corpus), "--db", str(db_path), "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    committed = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db_path.exists():
            try:
                with sqlite3.connect(db_path, timeout=1) as con:
                    committed = con.execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if committed >= 200:
                break
    assert proc.poll() is None, "ingest finished before it could be interrupted"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db_path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kept = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        orphans = con.execute(
            "SELECT count(*) FROM documents d LEFT JOIN sources s ON s.source = d.source WHERE s.source IS NULL"
        ).fetchone()[0]
    assert kept >= committed and orphans == 0
    out = run("ingest", str(corpus), "--db", str(db_path))
    assert out.exit_code == 0, out.output
    with sqlite3.connect(db_path) as con:
        assert con.execute("SELECT count(*), count(DISTINCT source) FROM documents").fetchone() == (6000, 6000)
