"""Whole-file errors raised by the IATI reader. Per-activity problems are not errors: the
reader yields a :class:`parity.iati.model.RejectedActivity` for them and reads on."""

from __future__ import annotations


class IATIFileError(Exception):
    """A file that cannot be read as IATI activities; ``file`` names it in every message."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file
        self.reason = message


class UnsafeXMLError(IATIFileError):
    """DTDs, entity declarations or XInclude: refused before anything is yielded."""


class NotIATIError(IATIFileError):
    """Well-formed (or not even XML-looking) input that is not an IATI activity file."""


class BrokenXMLError(IATIFileError):
    """Not well-formed XML; raised after every complete activity before the break was yielded."""

    def __init__(self, file: str, message: str, line: int | None, column: int | None) -> None:
        where = f"line {line}, column {column}" if line else "unknown position"
        super().__init__(file, f"XML is not well-formed at {where}: {message}")
        self.line = line
        self.column = column


class ElementTooLargeError(BrokenXMLError):
    """One element holds more than the reader keeps in memory at once; like a break, the
    activities before it were yielded and reading stops there."""

    def __init__(self, file: str, what: str, line: int | None, column: int | None = None) -> None:
        where = f"line {line}: " if line else ""
        IATIFileError.__init__(
            self, file, f"{where}{what} (the most one element may hold); reading stopped there"
        )
        self.line = line
        self.column = column
