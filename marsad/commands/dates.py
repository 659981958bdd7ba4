"""``marsad dates``: the date expressions of a text, one JSON object a line — the temporal tagger from the shell.

Useful to check what the pipeline will read in a sentence: ``echo "سيعقد المنتدى الأربعاء المقبل" | marsad dates
--anchor 2024-05-14``. Offsets are character offsets into the text as given (stdin is read whole, newlines kept).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated

import typer

from marsad.commands.common import fail
from marsad.text.dates import find_dates


def dates_command(
    text: Annotated[
        str | None, typer.Argument(help="The text to read; '-' or nothing reads standard input.", show_default=False)
    ] = None,
    anchor: Annotated[
        str | None,
        typer.Option(
            "--anchor",
            "-a",
            help="Publication date YYYY-MM-DD that relative expressions (أمس، الأسبوع المقبل…) and year-less dates "
            "are resolved against. Without it they are listed with value null.",
        ),
    ] = None,
) -> None:
    """Find date expressions in Arabic (or English) text and print them as JSON Lines.

    Each line: {"text", "start", "end", "value", "end_value", "precision"}.
    """
    anchor_date: dt.date | None = None
    if anchor is not None:
        try:
            anchor_date = dt.date.fromisoformat(anchor.strip())
        except ValueError:
            raise fail(f"--anchor wants a real date like 2024-05-14, not {anchor!r}") from None
    if text is None or text == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise fail("give the text as an argument, or '-' and pipe it on standard input")
        text = sys.stdin.read()
    if not text.strip():
        print("marsad: no text given; nothing to tag", file=sys.stderr)
        return
    if anchor_date is None:
        print("marsad: no --anchor; relative and year-less dates get value null", file=sys.stderr)
    for expr in find_dates(text, anchor_date):
        sys.stdout.write(json.dumps(expr.as_dict(), ensure_ascii=False) + "\n")


def register(app: typer.Typer) -> None:
    app.command("dates")(dates_command)
