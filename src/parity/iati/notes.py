"""A list subclass, kept out of the compiled modules (mypyc cannot compile one)."""

from __future__ import annotations

from parity.iati.model import DataNote


class Notes(list[DataNote]):
    """One activity's data notes, with the problems already noted (see ``add_once``)."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[tuple[str, str]] = set()
