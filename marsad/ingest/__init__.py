"""Ingestion: every reader turns an input into raw :class:`~marsad.model.Document` items or :class:`Rejected` ones.

Readers never stop a batch: a bad file or a bad line becomes a ``Rejected`` with a one-line reason naming the input
(and the line number), and the batch goes on.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Rejected:
    """An input that could not become a document: ``where`` names it (``file`` or ``file:line``)."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"
