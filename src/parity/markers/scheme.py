"""Marker schemes as data: scores, minimum criteria and the mapping to the OECD-DAC marker.

Organisations score gender equality differently (OECD-DAC 0-2, JICA's categories, UNDP GEN0-GEN3,
EU GAP III G0-G2...). Parity keeps each scheme in a data file so a new one needs no code; this
module turns a parsed file into frozen objects and answers questions about scores and criteria.

"Not screened" is deliberately not a score in any scheme: it is the absence of an assessment and
is represented by ``None`` wherever a score code is expected. Treating it as 0 would overstate how
much of a portfolio was actually reviewed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from parity.markers._fields import Fields
from parity.markers.errors import MarkerError, SchemeError
from parity.markers.stages import Stage

DAC_VALUES = (0, 1, 2)

_SCHEME_KEYS = {"id", "name", "owner", "description", "not_screened", "scores", "criteria"}
_SCORE_KEYS = {"code", "label", "description", "gender_focused", "dac", "dac_note"}
_CRITERION_KEYS = {"id", "text", "scores", "stages"}


@dataclass(frozen=True)
class Score:
    """One value a reviewer may choose. ``dac`` is the OECD-DAC equivalent, or None when the
    score has no honest DAC equivalent (``dac_note`` says why the mapping was chosen)."""

    code: str
    label: str
    description: str
    gender_focused: bool
    dac: int | None
    dac_note: str = ""


@dataclass(frozen=True)
class Criterion:
    """A minimum criterion, checked with evidence at the listed stages of the project cycle."""

    id: str
    text: str
    scores: tuple[str, ...]
    stages: tuple[Stage, ...]


@dataclass(frozen=True)
class Scheme:
    id: str
    name: str
    owner: str
    description: str
    not_screened: str  # what the UI says for an activity without any assessment
    scores: tuple[Score, ...]
    criteria: tuple[Criterion, ...]

    def score(self, code: str) -> Score:
        """The score with this code; MarkerError when the scheme has none."""
        for score in self.scores:
            if score.code == code:
                return score
        known = ", ".join(score.code for score in self.scores)
        raise MarkerError(f"{self.name}: {code!r} is not a score (scores are: {known})")

    def validate_score(self, code: str | None) -> Score | None:
        """Check a proposed score. ``None`` is accepted and means "not screened"; an empty or
        unknown code is refused, so nobody records "not screened" as a disguised 0."""
        if code is None:
            return None
        if not isinstance(code, str):
            raise MarkerError(f"{self.name}: score codes are text, got {code!r}")
        if not code.strip():
            raise MarkerError(
                f"{self.name}: empty score; leave the score unset (None) when the activity "
                "has not been screened"
            )
        return self.score(code)

    def to_dac(self, code: str | None) -> int | None:
        """The OECD-DAC gender marker value for a score; None for "not screened" and for scores
        without a DAC equivalent."""
        score = self.validate_score(code)
        return None if score is None else score.dac

    def criteria_for(self, code: str) -> list[Criterion]:
        """The minimum criteria a score requires, in the order of the scheme file."""
        self.score(code)
        return [criterion for criterion in self.criteria if code in criterion.scores]

    def validate_answers(self, answers: Mapping[str, bool]) -> None:
        """Refuse answers to criteria of another scheme and answers that are not yes/no."""
        unknown = sorted(set(answers) - {criterion.id for criterion in self.criteria})
        if unknown:
            raise MarkerError(f"{self.name}: unknown criteria: {', '.join(unknown)}")
        for criterion_id, answer in answers.items():
            if not isinstance(answer, bool):
                raise MarkerError(
                    f"{self.name}: the answer to {criterion_id!r} must be yes or no, got {answer!r}"
                )

    def unmet_criteria(self, code: str, answers: Mapping[str, bool]) -> list[Criterion]:
        """Criteria of ``code`` not answered "yes": the evidence still missing for that score.
        An unanswered criterion counts as unmet, because a score needs positive evidence."""
        self.validate_answers(answers)
        return [c for c in self.criteria_for(code) if answers.get(c.id) is not True]


def parse_scheme(data: object, source: str) -> Scheme:
    """Build a Scheme from parsed JSON/TOML; SchemeError names ``source`` and the bad field."""
    top = Fields(data, source, "", _SCHEME_KEYS)
    scores = tuple(_parse_score(fields) for _, fields in top.objects("scores", _SCORE_KEYS))
    _refuse_duplicates(top, "scores", [score.code for score in scores], "code")
    codes = {score.code for score in scores}
    criteria = tuple(
        _parse_criterion(fields, codes) for _, fields in top.objects("criteria", _CRITERION_KEYS)
    )
    _refuse_duplicates(top, "criteria", [criterion.id for criterion in criteria], "id")
    return Scheme(
        id=top.slug("id"),
        name=top.text("name"),
        owner=top.text("owner"),
        description=top.text("description", required=False),
        not_screened=top.text("not_screened"),
        scores=scores,
        criteria=criteria,
    )


def _parse_score(fields: Fields) -> Score:
    dac = fields.raw("dac")
    # bool is an int in Python; `true` in a file is a mistake, not DAC 1.
    if dac is not None and (isinstance(dac, bool) or dac not in DAC_VALUES):
        raise fields.error("dac", f"{dac!r} is not a DAC gender marker value (0, 1, 2 or null)")
    gender_focused = fields.boolean("gender_focused")
    # DAC 1 and 2 *define* "gender equality focused"; a scheme that disagrees is a data error.
    if dac is not None and gender_focused != (dac > 0):
        raise fields.error(
            "gender_focused", f"must be {str(dac > 0).lower()} for a score that maps to DAC {dac}"
        )
    return Score(
        code=fields.text("code"),
        label=fields.text("label"),
        description=fields.text("description"),
        gender_focused=gender_focused,
        dac=dac,
        dac_note=fields.text("dac_note", required=False),
    )


def _parse_criterion(fields: Fields, codes: set[str]) -> Criterion:
    scores = fields.text_list("scores")
    for index, code in enumerate(scores):
        if code not in codes:
            raise fields.error(f"scores[{index}]", f"{code!r} is not a score of this scheme")
    stage_names = fields.text_list("stages")
    stages = []
    for index, name in enumerate(stage_names):
        try:
            stages.append(Stage(name))
        except ValueError:
            allowed = ", ".join(stage.value for stage in Stage)
            raise fields.error(
                f"stages[{index}]", f"{name!r} is not a stage (stages are: {allowed})"
            ) from None
    return Criterion(
        id=fields.slug("id"), text=fields.text("text"), scores=tuple(scores), stages=tuple(stages)
    )


def _refuse_duplicates(top: Fields, key: str, values: list[str], name: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise SchemeError(top.source, f"{key}[{index}].{name}", f"duplicate {name} {value!r}")
        seen.add(value)
