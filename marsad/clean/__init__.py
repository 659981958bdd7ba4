"""Cleaning: from a page as ingested to the article(s) users read.

``clean_document`` removes page furniture line by line, reads the page's own date and outlet, drops related-link
blocks, splits an appended second story into its own document (``part`` 1, 2 …) and keeps repeated paragraphs once.
It never edits the words of a paragraph it keeps, except to cut widget residue glued into it.
"""

from __future__ import annotations

from dataclasses import replace

from marsad.clean.boilerplate import (
    credit_rank,
    credit_value,
    is_boilerplate_line,
    is_tag_line,
    strip_inline_residue,
)
from marsad.clean.meta import dated_line, iso_date, outlet_name
from marsad.clean.repeats import drop_repeats
from marsad.clean.split import split_related
from marsad.model import Document

__all__ = ["clean_document"]


def _page_lines(text: str) -> tuple[list[str], list[str]]:
    """Article lines without furniture, and the credit lines found on the way."""
    kept: list[str] = []
    credits: list[str] = []
    for raw in text.splitlines():
        line = strip_inline_residue(raw)
        if not line:
            continue
        if credit_value(line) is not None:
            credits.append(line)
            continue
        if is_tag_line(line) or is_boilerplate_line(line):
            continue
        kept.append(line)
    return kept, credits


def clean_document(raw: Document) -> list[Document]:
    """The cleaned article of ``raw`` followed by any story appended to it; empty if nothing is left."""
    lines, credits = _page_lines(raw.text)
    stated: str | None = None
    body: list[str] = []
    for i, line in enumerate(lines):
        value = dated_line(line, i) if stated is None else None
        if value:
            stated = value
            continue
        body.append(line)
    meta = raw.meta
    published = stated or iso_date(meta.get("record_published")) or iso_date(meta.get("page_published"))
    outlet = None
    if credits:
        best = min(credits, key=credit_rank)
        outlet = outlet_name(credit_value(best) or "")
    outlet = outlet or meta.get("record_outlet") or meta.get("page_outlet") or None
    docs: list[Document] = []
    for part, part_lines in enumerate(split_related(body)):
        part_lines = drop_repeats(part_lines)
        if not part_lines:
            continue
        docs.append(
            replace(
                raw,
                id="",
                part=part,
                title=part_lines[0],
                text="\n".join(part_lines),
                published=published if part == 0 else None,
                outlet=outlet,
                meta={**meta, "anchor": published} if part else dict(meta),
                sentences=[],
                mentions=[],
                events=[],
            )
        )
    return docs
