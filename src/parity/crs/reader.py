"""Streaming CRS rows out of a file of either layout (the package's entry point).

    with CRSReader(path, name="CRS 2022 data.zip") as reader:
        print(reader.layout, reader.encoding)
        for item in reader:  # Row or Rejected
            ...

Opening reads the first bytes and the header: a file that is not a readable zip, or whose
header is neither layout, raises CRSFileError at once. Iterating yields a ``Row`` per good row
and a ``Rejected`` (file, line, column, reason) per bad one; a byte that does not decode or a
zip that breaks off raises CRSFileError partway (the caller then keeps nothing of the file).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Literal

from parity.crs.errors import CRSFileError
from parity.crs.layouts import LAYOUT_NAMES, Columns, resolve
from parity.crs.model import Rejected, Row
from parity.crs.rows import RowBuilder
from parity.crs.source import SNIFF_BYTES, detect_encoding, open_data, text_lines

DELIMITERS = "|,\t;"


def sniff_delimiter(header_line: str) -> str:
    return max(DELIMITERS, key=header_line.count)


class CRSReader:
    def __init__(
        self, path: str | Path, name: str = "", on_read: Callable[[int], None] | None = None
    ) -> None:
        self.path = Path(path)
        self.name = name or self.path.name
        self.on_read = on_read
        self._stack = ExitStack()
        try:
            self._open()
        except BaseException:
            self._stack.close()
            raise

    def _open(self) -> None:
        opener, self.member, self.size = self._stack.enter_context(open_data(self.path, self.name))
        with opener() as probe:
            head = probe.read(SNIFF_BYTES)
        if not head.strip():
            raise CRSFileError(self.name, "the file is empty")
        self.encoding = detect_encoding(head)
        stream = self._stack.enter_context(opener())
        self._lines = text_lines(stream, self.encoding, self.name, self._count, opener)
        header_line = next(self._lines, "")
        self.delimiter = sniff_delimiter(header_line)
        # The bulk files are pipe-delimited without quoting: a quote is part of the text.
        quoting: Literal[0, 3] = csv.QUOTE_NONE if self.delimiter == "|" else csv.QUOTE_MINIMAL
        header = next(csv.reader([header_line], delimiter=self.delimiter, quoting=quoting))
        self.columns: Columns = resolve(header, self.name)
        self.layout = self.columns.layout.name
        self._csv = csv.reader(self._lines, delimiter=self.delimiter, quoting=quoting)

    def _count(self, size: int) -> None:
        if self.on_read:
            self.on_read(size)

    @property
    def description(self) -> str:
        inside = f" ({self.member} inside the zip)" if self.member else ""
        separator = {"|": "pipe", ",": "comma", "\t": "tab", ";": "semicolon"}[self.delimiter]
        return f"{LAYOUT_NAMES[self.layout]}, {self.encoding}, {separator}-delimited{inside}"

    def __iter__(self) -> Iterator[Row | Rejected]:
        builder = RowBuilder(self.columns, self.name)
        width = len(self.columns.header)
        line = 1  # the header
        try:
            for record in self._csv:
                start, line = line + 1, self._csv.line_num + 1
                if not record or record == [""]:
                    continue
                if len(record) != width:
                    yield Rejected(
                        self.name,
                        start,
                        "",
                        "",
                        f"{len(record)} fields where the header has {width}",
                    )
                    continue
                yield builder.build(record, start)
        except csv.Error as error:
            raise CRSFileError(self.name, f"not readable as CSV: {error}", line=line + 1) from None

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> CRSReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
