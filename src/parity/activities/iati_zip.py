"""An uploaded zip of IATI activity files: recognised by what its members hold, checked before
anything is unpacked, and unpacked into a folder of plain files for the Importer.

A zip is IATI when one of its members starts like an IATI activity file (XML whose first bytes
name ``iati-activities``); any other zip is left to the CRS reader. Before it is queued, an
IATI zip is refused whole when a member would land outside the folder (an absolute path,
``..``, a drive letter, a symbolic link), is encrypted, or when it looks like a zip bomb: more
than MAX_MEMBERS files, a member that expands more than MAX_RATIO times, or more than
MAX_UNPACKED_FACTOR times the upload limit unpacked in all. The sizes a zip declares bound
what is read: Python's zipfile stops at the declared size and checks the CRC.
"""

from __future__ import annotations

import shutil
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import BinaryIO

MAX_MEMBERS = 1000
MAX_RATIO = 100  # uncompressed / compressed size of one member; XML stays well under it
RATIO_FROM = 1 << 20  # members smaller than this (1 MiB) may expand as they like
MAX_UNPACKED_FACTOR = 20  # all members together, in multiples of the upload limit
SNIFF_BYTES = 4096
_SYMLINK = 0o120000


class UnsafeZipError(Exception):
    """A zip refused whole, with the reason in words."""


def looks_like_iati(head: bytes) -> bool:
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"<") and b"iati-activities" in text


def members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The files of the zip worth importing: no folders, no macOS resource forks or dotfiles."""
    return [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and not info.filename.startswith("__MACOSX/")
        and not PurePosixPath(info.filename).name.startswith(".")
    ]


def holds_iati(handle: BinaryIO) -> bool:
    """Whether the zip in ``handle`` holds IATI activity files (read from the start)."""
    try:
        with zipfile.ZipFile(handle) as archive:
            return any(_sniff(archive, info) for info in members(archive)[: MAX_MEMBERS + 1])
    except (zipfile.BadZipFile, OSError, EOFError):
        return False
    finally:
        handle.seek(0)


def _sniff(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    try:
        with archive.open(info) as member:
            return looks_like_iati(member.read(SNIFF_BYTES))
    except (RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error, EOFError):
        return False  # encrypted or an unknown compression: check_zip says so


def check_zip(handle: BinaryIO, limit_bytes: int) -> None:
    """Raise UnsafeZipError unless every member of the zip is safe to unpack."""
    try:
        with zipfile.ZipFile(handle) as archive:
            files = members(archive)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise UnsafeZipError(f"the zip cannot be read: {error}") from error
    finally:
        handle.seek(0)
    if len(files) > MAX_MEMBERS:
        raise UnsafeZipError(f"it holds {len(files)} files, more than the {MAX_MEMBERS} accepted")
    unpacked = 0
    for info in files:
        name = info.filename
        path = PurePosixPath(name.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or ":" in name:
            raise UnsafeZipError(f"the member {name!r} would be written outside the import folder")
        if (info.external_attr >> 16) & 0o170000 == _SYMLINK:
            raise UnsafeZipError(f"the member {name!r} is a symbolic link")
        if info.flag_bits & 0x1:
            raise UnsafeZipError(f"the member {name!r} is encrypted")
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeZipError(
                f"the member {name!r} expands {info.file_size // max(info.compress_size, 1)} "
                f"times (a zip bomb?); at most {MAX_RATIO} times is accepted"
            )
        unpacked += info.file_size
    if unpacked > MAX_UNPACKED_FACTOR * limit_bytes:
        raise UnsafeZipError(
            f"it unpacks to {unpacked // 2**20} MB, more than {MAX_UNPACKED_FACTOR} times the "
            "upload limit"
        )


def unpack(stored: Path, folder: Path) -> dict[Path, str]:
    """Unpack the (checked) zip into ``folder`` as numbered files; each file's member name."""
    shutil.rmtree(folder, ignore_errors=True)  # what a killed earlier attempt left
    folder.mkdir(parents=True)
    names: dict[Path, str] = {}
    with zipfile.ZipFile(stored) as archive:
        for number, info in enumerate(members(archive), start=1):
            target = folder / f"{number:04d}.xml"
            with archive.open(info) as source, target.open("wb") as out:
                shutil.copyfileobj(source, out)
            names[target] = info.filename
    return names
