"""Opening a CRS file: a .zip as the OECD serves it or the file itself; its encoding; its lines.

The encoding is read from the first bytes: a byte-order mark (UTF-8 or UTF-16), UTF-16
without one (every other byte zero), else UTF-8 if the first 64 KiB decode as UTF-8, else
cp1252 (the legacy files). A byte the chosen encoding cannot decode further on stops the
file with its line and column: the whole file is then refused.
"""

from __future__ import annotations

import codecs
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, cast

from parity.crs.errors import CRSFileError

SNIFF_BYTES = 1 << 16
DATA_SUFFIXES = (".txt", ".csv")
# What a damaged zip raises while its member is being read.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError)


def is_zip(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


def detect_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):
        return "utf-16-le" if sample[1] == 0 else "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


@contextmanager
def open_data(path: Path, name: str) -> Iterator[tuple[Callable[[], BinaryIO], str, int]]:
    """A way to open the data stream (again), the member's name inside a zip ("" if none)
    and the stream's size in bytes."""
    with path.open("rb") as handle:
        if not is_zip(handle.read(4)):
            yield (lambda: path.open("rb")), "", path.stat().st_size
            return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise CRSFileError(
            name, f"not a readable zip file (truncated or damaged?): {error}"
        ) from None
    with archive:
        members = [
            info
            for info in archive.infolist()
            if info.filename.lower().endswith(DATA_SUFFIXES) and not info.is_dir()
        ]
        if len(members) != 1:
            found = ", ".join(info.filename for info in members) or "none"
            raise CRSFileError(
                name, f"a CRS zip holds exactly one .txt or .csv data file; this one: {found}"
            )
        # A zip member is a binary stream; typeshed types it as the wider IO[bytes].
        yield (
            (lambda: cast(BinaryIO, archive.open(members[0]))),
            members[0].filename,
            members[0].file_size,
        )


def text_lines(
    stream: BinaryIO,
    encoding: str,
    name: str,
    on_read: Callable[[int], None] | None = None,
    reopen: Callable[[], BinaryIO] | None = None,
) -> Iterator[str]:
    """The decoded lines of a stream, line endings kept (the csv module wants them).

    Decoding is the io module's, in C. A byte that does not decode is then looked for again
    line by line (``reopen`` gives the stream anew) to name its line and column. ``on_read`` is
    told the size of each line (in characters; two bytes each for UTF-16), for progress."""
    wide = 2 if encoding.startswith("utf-16") else 1
    number = 0
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        for line in text:
            number += 1
            if on_read:
                on_read(wide * len(line))
            yield line
    except UnicodeDecodeError as error:
        if reopen is not None and wide == 1:
            with reopen() as again:
                _locate(again, encoding, name)
        raise CRSFileError(name, f"not valid {encoding}: {error.reason}", line=number + 1) from None
    except ZIP_ERRORS as error:
        raise CRSFileError(name, f"the zip breaks off: {error}", line=number + 1) from None


def _locate(stream: BinaryIO, encoding: str, name: str) -> None:
    """Raise the error of the first line that does not decode, naming its line and column."""
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    for number, raw in enumerate(stream, start=1):
        line = raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw
        try:
            line.decode(codec)
        except UnicodeDecodeError as error:
            column = len(line[: error.start].decode(codec, errors="replace")) + 1
            raise CRSFileError(
                name,
                f"byte 0x{line[error.start]:02x} is not {encoding}: the file's encoding is not "
                "the one its first bytes suggest",
                line=number,
                column=column,
            ) from None
