"""What the model reads: an activity's texts and codes (``Subject``), and a labelled one."""

from __future__ import annotations

from dataclasses import dataclass

MARKER_SCORES = (0, 1, 2)


@dataclass(frozen=True)
class Subject:
    """An activity as the model sees it: its words and the codes that carry signal."""

    key: str  # IATI identifier or CRS id: names the row in messages and groups the split
    title: str = ""
    description: str = ""
    purpose_codes: tuple[str, ...] = ()  # DAC 5-digit sector codes
    provider: str = ""  # reporting organisation or CRS donor
    aid_type: str = ""  # IATI/CRS aid type code (e.g. C01)

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.description}".strip()


@dataclass(frozen=True)
class LabelledRow:
    """A subject with its known gender marker. ``marker`` is 0/1/2 where the source says it;
    binary sources (focused or not) leave it None and give only ``focused``."""

    subject: Subject
    focused: bool
    marker: int | None = None
    source: str = ""  # which labelled set or "decisions"

    def __post_init__(self) -> None:
        if self.marker is not None and self.marker not in MARKER_SCORES:
            raise ValueError(f"{self.subject.key}: gender marker {self.marker!r} is not 0, 1 or 2")
        if self.marker is not None and self.focused != (self.marker > 0):
            raise ValueError(f"{self.subject.key}: marker {self.marker} disagrees with focused")
