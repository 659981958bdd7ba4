"""Bytes to text: encodings detected, binary and empty input refused with a reason a user can act on.

Arabic archives come as UTF-8 (with or without BOM), UTF-16 and Windows-1256. A BOM decides at once; valid UTF-8
is taken as UTF-8; anything else goes to ``charset-normalizer``, whose guess is accepted only when it yields
readable text (Arabic or Latin letters, few control characters).
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes


class InputError(ValueError):
    """Input that cannot become a document; the message is one line, ready to show after the input's name."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried in order when the bytes are not UTF-8: the encodings Arabic pages are actually found in.
_CANDIDATES = ["cp1256", "utf_16_le", "utf_16_be", "iso8859_6", "mac_arabic", "cp1252", "latin_1"]


def _readable(text: str) -> bool:
    if not text.strip():
        return False
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f\v")
    letters = sum(1 for ch in sample if ch.isalpha())
    return controls <= len(sample) * 0.01 and letters >= len(sample.strip()) * 0.3


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: every other byte zero in ASCII text, or Arabic high bytes 0x06 in one lane."""
    head = data[:4000]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    for lane, other, enc in ((odd, even, "utf_16_le"), (even, odd, "utf_16_be")):
        hits = sum(1 for b in lane if b in (0, 6))
        if hits >= len(lane) * 0.6 and other.count(0) < len(other) * 0.2:
            return enc
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of ``data``; raises :class:`InputError` for empty or binary input."""
    if not data or not data.strip():
        raise InputError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as err:
                raise InputError(f"broken {enc} text: {err.reason} at byte {err.start}") from None
            if not text.strip():
                raise InputError("empty file")
            return text, enc
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
            if _readable(text):
                return text, utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8000]:
        raise InputError("binary data, not text")
    try:
        text = data.decode("utf-8")
        if _readable(text):
            return text, "utf-8"
        raise InputError("binary data, not text")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000], cp_isolation=_CANDIDATES).best()
    order = ([best.encoding] if best is not None else []) + _CANDIDATES
    for enc in order:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _readable(text):
            return text, enc
    raise InputError("binary data or unknown encoding")
