"""HTML pages: main text, title, date and outlet extracted with trafilatura."""

from __future__ import annotations

import trafilatura

from marsad.ingest.decode import InputError


def extract_html(html: str, url: str | None = None) -> dict[str, str | None]:
    """``{"title", "text", "published", "outlet", "url"}`` of a page; raises InputError when it has no article."""
    if "<" not in html:
        raise InputError("not HTML")
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=False,
        deduplicate=False,
    )
    if doc is None:
        raise InputError("no article text found in the HTML")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    if not text:
        raise InputError("no article text found in the HTML")
    return {
        "title": (data.get("title") or "").strip() or None,
        "text": text,
        "published": data.get("date") or None,
        "outlet": data.get("sitename") or None,
        "url": data.get("url") or url,
    }
