"""Files and folders: ``.txt``, ``.html``/``.htm``, ``.jsonl``/``.jsonl.gz`` (and ``.json`` lists), folders recursively.

A file's ``source`` is its path relative to the folder it was found under (its bare name when given directly); a
JSON Lines record's ``source`` is its ``id``, else its ``url``, else ``file:line``. The content hash of a file is
the hash of its bytes; of a record, the hash of the fields Marsad reads — so re-ingesting unchanged input is a no-op.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from marsad.ingest import Rejected
from marsad.ingest.decode import InputError, decode_bytes
from marsad.ingest.html import extract_html
from marsad.model import Document, content_hash

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json", ".json.gz")

Item = Document | Rejected


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suf in JSONL_SUFFIXES + TEXT_SUFFIXES + HTML_SUFFIXES:
        if name.endswith(suf):
            return suf
    return path.suffix.lower()


def read_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Item]:
    """Every document (or rejection) in ``paths``, in a stable order: folders are walked sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*")
                           if (p.is_file() or p.is_symlink()) and not p.name.startswith("."))
            for f in files:
                if not f.exists():
                    yield Rejected(str(f), "cannot read: broken link")
                    continue
                yield from read_file(f, source=f.relative_to(path).as_posix())
        elif path.exists():
            yield from read_file(path)
        else:
            yield Rejected(str(path), "no such file or folder")


def read_file(path: Path, source: str | None = None) -> Iterator[Item]:
    """Documents of one file, by its extension."""
    source = source or path.name
    suf = _suffix(path)
    where = str(path)
    if suf in JSONL_SUFFIXES:
        yield from read_jsonl(path)
        return
    if suf not in TEXT_SUFFIXES + HTML_SUFFIXES:
        kind = suf or "(no extension)"
        yield Rejected(where, f"unknown file type {kind!r}; expected .txt, .html, .jsonl or .jsonl.gz")
        return
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // 1_000_000
            yield Rejected(where, f"file too large ({size / 1e6:.0f} MB; the limit is {limit} MB)")
            return
        data = path.read_bytes()
        text, encoding = decode_bytes(data)
        if suf in HTML_SUFFIXES:
            page = extract_html(text)
            yield _html_document(source, page, content_hash(data), encoding)
        else:
            yield _text_document(source, text, content_hash(data), encoding)
    except InputError as err:
        yield Rejected(where, str(err))
    except OSError as err:
        yield Rejected(where, f"cannot read: {err.strerror or err}")


def _text_document(source: str, text: str, digest: str, encoding: str, **meta: Any) -> Document:
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"text too long ({len(text):,} characters; the limit is {MAX_TEXT_CHARS:,})")
    if not text.strip():
        raise InputError("no text")
    return Document(
        source=source,
        text=text,
        content_hash=digest,
        meta={"format": "txt", "encoding": encoding, **{k: v for k, v in meta.items() if v}},
    )


def _html_document(source: str, page: dict[str, str | None], digest: str, encoding: str) -> Document:
    title, body = page.get("title") or "", page.get("text") or ""
    text = body if not title or body.lstrip().startswith(title) else f"{title}\n{body}"
    doc = _text_document(source, text, digest, encoding)
    doc.url = page.get("url")
    doc.meta.update(format="html", page_published=page.get("published"), page_outlet=page.get("outlet"))
    return doc


_TEXT_FIELDS = ("text", "content", "body")
_DATE_FIELDS = ("published", "date", "published_at", "pubdate")


def record_document(rec: dict[str, Any], fallback_source: str) -> Document:
    """A document from one JSON record; raises InputError naming what is missing."""
    body = next((rec[f] for f in _TEXT_FIELDS if isinstance(rec.get(f), str) and rec[f].strip()), None)
    if body is None:
        raise InputError("record has no text (expected a 'text', 'content' or 'body' field)")
    title = rec.get("title") if isinstance(rec.get("title"), str) else ""
    title = (title or "").strip()
    if "<" in body and "</" in body and ("<p" in body or "<div" in body or "<html" in body.lower()):
        body = extract_html(body, url=rec.get("url"))["text"] or ""
    text = body if not title or body.lstrip().startswith(title) else f"{title}\n{body}"
    rid = rec.get("id")
    source = str(rid) if rid not in (None, "") else (rec.get("url") or fallback_source)
    published = next((str(rec[f]) for f in _DATE_FIELDS if rec.get(f)), None)
    digest = content_hash(json.dumps([title, body, published, rec.get("outlet"), rec.get("url")], ensure_ascii=False))
    doc = _text_document(str(source), text, digest, "utf-8")
    doc.url = rec.get("url") or None
    doc.meta.update(format="jsonl", record_published=published, record_outlet=rec.get("outlet") or None)
    if title:
        doc.meta["record_title"] = title
    return doc


class TruncatedGzip(EOFError):
    """The compressed stream ended before its end marker."""


def _gz_lines(path: Path, chunk: int = 1 << 20) -> Iterator[bytes]:
    """Lines of a gzip file, streamed; every complete line before damage is yielded before the error is raised."""
    decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pending = b""
    with open(path, "rb") as fh:
        while True:
            data = fh.read(chunk)
            if not data:
                break
            out = decomp.decompress(data)
            while decomp.eof and decomp.unused_data:  # concatenated gzip members
                rest = decomp.unused_data
                decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
                out += decomp.decompress(rest)
            pending += out
            *lines, pending = pending.split(b"\n")
            for line in lines:
                yield line + b"\n"
    if pending:
        yield pending
    if not decomp.eof:
        raise TruncatedGzip("compressed data ended before the end-of-stream marker")


def read_jsonl(path: Path) -> Iterator[Item]:
    """Records of a JSON Lines file (gzip or not), one per line; a ``.json`` file may also hold one list."""
    where = str(path)
    gz = path.name.lower().endswith(".gz")
    line_no = 0
    try:
        with (nullcontext(_gz_lines(path)) if gz else open(path, "rb")) as fh:
            first = True
            for raw in fh:
                line_no += 1
                if first:
                    first = False
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                    if raw.lstrip().startswith(b"[") and path.name.lower().endswith((".json", ".json.gz")):
                        yield from _json_list(path, raw + b"".join(fh))
                        return
                if not raw.strip():
                    continue
                yield from _record(raw, f"{where}:{line_no}", f"{path.name}:{line_no}")
    except (EOFError, zlib.error) as err:
        yield Rejected(where, f"truncated or corrupt gzip after line {line_no}: {err}")
    except OSError as err:
        yield Rejected(where, f"cannot read: {err.strerror or err}")
    if line_no == 0:
        yield Rejected(where, "empty file")


def _record(raw: bytes, where: str, fallback: str) -> Iterator[Item]:
    try:
        rec = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        msg = err.msg if isinstance(err, json.JSONDecodeError) else "not UTF-8"
        yield Rejected(where, f"malformed JSON: {msg}")
        return
    if not isinstance(rec, dict):
        yield Rejected(where, f"expected a JSON object, found {type(rec).__name__}")
        return
    try:
        yield record_document(rec, fallback)
    except InputError as err:
        yield Rejected(where, str(err))


def _json_list(path: Path, data: bytes) -> Iterator[Item]:
    try:
        recs = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        yield Rejected(str(path), f"malformed JSON: {getattr(err, 'msg', err)}")
        return
    for i, rec in enumerate(recs, 1):
        if not isinstance(rec, dict):
            yield Rejected(f"{path}[{i}]", "expected a JSON object")
            continue
        try:
            yield record_document(rec, f"{path.name}[{i}]")
        except InputError as err:
            yield Rejected(f"{path}[{i}]", str(err))
