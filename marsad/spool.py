"""A sequence written once to a temporary file and read back in order: results too many to hold in memory.

The cross-article stage computes every mention and event of the corpus before it may replace the stored ones (in one
transaction, so readers never see half of each). Holding them all would make memory grow with the corpus; writing
them straight into the store would hold its write lock for the whole computation. A spool keeps them on disk in
pickled chunks instead, and they are read back chunk by chunk inside a short transaction.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Spool(Generic[T]):
    """Append items, then iterate over them (as often as needed) in the order they were appended."""

    def __init__(self, chunk: int = 1000) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the spool; closed by close()
        self._chunk = chunk
        self._buffer: list[T] = []
        self._count = 0

    def append(self, item: T) -> None:
        self._buffer.append(item)
        self._count += 1
        if len(self._buffer) >= self._chunk:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self._file.seek(0, 2)
            pickle.dump(self._buffer, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._buffer = []

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[T]:
        self._flush()
        self._file.seek(0)
        end = self._file.seek(0, 2)
        pos = 0
        while pos < end:
            self._file.seek(pos)
            chunk = pickle.load(self._file)
            pos = self._file.tell()
            yield from chunk

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spool[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
