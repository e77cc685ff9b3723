"""The error of a CRS file refused whole."""

from __future__ import annotations


class CRSFileError(Exception):
    """A file that cannot be read as CRS data: unknown layout, not a zip, a wrong encoding.

    Raised before the first row or partway through; either way nothing of the file is kept.
    ``line`` and ``column`` say where, when there is a where (column: a character position or
    a column name).
    """

    def __init__(
        self, file: str, message: str, line: int | None = None, column: int | str | None = None
    ) -> None:
        super().__init__(message)
        self.file = file
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"
