"""JICA's five gender priority areas, suggested automatically from DAC sector codes.

The rules are data (``priority_rules.json``) so that analysts can argue about them without
touching code. Suggestions are marked ``automatic``: a person confirms or replaces them, and the
tag keeps the rule that produced it so the suggestion can be explained.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from parity.iati.model import Activity
from parity.markers._fields import Fields
from parity.markers.errors import SchemeError

_PURPOSE_CODE = re.compile(r"^\d{5}$")
_PREFIX = re.compile(r"^\d{2,4}$")
PURPOSE_VOCABULARY = "1"  # OECD DAC 5-digit purpose codes
CATEGORY_VOCABULARY = "2"  # OECD DAC 3-digit sector categories
# A code of the wrong shape for its vocabulary is a publishing error; guessing from it would
# give a confident-looking suggestion from bad data, so it suggests nothing.
_SHAPES = {PURPOSE_VOCABULARY: _PURPOSE_CODE, CATEGORY_VOCABULARY: re.compile(r"^\d{3}$")}


@dataclass(frozen=True)
class PriorityArea:
    slug: str
    name: str


@dataclass(frozen=True)
class PriorityRule:
    """``kind`` is "code" (one purpose code) or "prefix" (codes and categories starting so)."""

    kind: str
    value: str
    areas: tuple[str, ...]
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.kind} {self.value}"

    @property
    def specificity(self) -> tuple[bool, int]:
        return (self.kind == "code", len(self.value))

    def matches(self, vocabulary: str, code: str) -> bool:
        shape = _SHAPES.get(vocabulary)
        if shape is None or not shape.match(code):
            return False
        if self.kind == "code":
            return vocabulary == PURPOSE_VOCABULARY and code == self.value
        return code.startswith(self.value)


@dataclass(frozen=True)
class AreaTag:
    """A priority area attached to an activity, with the rule and sector that suggested it."""

    area: PriorityArea
    rule: PriorityRule
    sector_code: str
    automatic: bool = True


@dataclass(frozen=True)
class PriorityRules:
    areas: tuple[PriorityArea, ...]
    rules: tuple[PriorityRule, ...]

    def rule_for(self, vocabulary: str, code: str) -> PriorityRule | None:
        """The most specific rule for a sector: an exact code beats any prefix, and a longer
        prefix beats a shorter one (152 "conflict, peace and security" before 15 "government")."""
        candidates = [rule for rule in self.rules if rule.matches(vocabulary, code)]
        return max(candidates, key=lambda rule: rule.specificity, default=None)


def parse_priority_rules(data: object, source: str) -> PriorityRules:
    top = Fields(data, source, "", {"about", "areas", "rules"})
    areas = tuple(
        PriorityArea(slug=fields.slug("slug"), name=fields.text("name"))
        for _, fields in top.objects("areas", {"slug", "name"})
    )
    slugs = [area.slug for area in areas]
    if len(set(slugs)) != len(slugs):
        raise top.error("areas", "the same slug appears twice")
    rules: list[PriorityRule] = []
    for _, fields in top.objects("rules", {"code", "prefix", "areas", "note"}):
        rule = _parse_rule(fields, set(slugs))
        if any(rule.label == earlier.label for earlier in rules):
            raise fields.error(rule.kind, f"a rule for {rule.label} already exists")
        rules.append(rule)
    return PriorityRules(areas=areas, rules=tuple(rules))


def _parse_rule(fields: Fields, slugs: set[str]) -> PriorityRule:
    if fields.has("code") == fields.has("prefix"):
        raise fields.error("code", "give exactly one of code or prefix")
    kind = "code" if fields.has("code") else "prefix"
    value = fields.text(kind)
    pattern = _PURPOSE_CODE if kind == "code" else _PREFIX
    if not pattern.match(value):
        expected = "a 5-digit purpose code" if kind == "code" else "2 to 4 digits"
        raise fields.error(kind, f"{value!r} is not {expected}")
    areas = fields.text_list("areas")
    for index, slug in enumerate(areas):
        if slug not in slugs:
            raise fields.error(f"areas[{index}]", f"{slug!r} is not a priority area")
    return PriorityRule(kind, value, tuple(areas), fields.text("note", required=False))


@cache
def bundled_priority_rules() -> PriorityRules:
    entry = files("parity.markers").joinpath("priority_rules.json")
    return parse_priority_rules(json.loads(entry.read_bytes()), entry.name)


def load_priority_rules(path: Path) -> PriorityRules:
    """Read another rules file (for an organisation with its own areas)."""
    try:
        data = json.loads(path.read_bytes())
    except ValueError as error:
        raise SchemeError(str(path), "(file)", f"cannot be parsed: {error}") from None
    return parse_priority_rules(data, str(path))


def suggest_priority_areas(activity: Activity, rules: PriorityRules | None = None) -> list[AreaTag]:
    """One automatic tag per suggested area, in the order the rules file lists the areas.

    When several sectors point to the same area, the tag keeps the most specific rule, so the
    explanation shown to the user is the strongest one.
    """
    rules = rules or bundled_priority_rules()
    best: dict[str, AreaTag] = {}
    for sector in activity.sectors:
        code = sector.code.strip()
        rule = rules.rule_for(sector.vocabulary, code)
        if rule is None:
            continue
        for slug in rule.areas:
            current = best.get(slug)
            if current is None or rule.specificity > current.rule.specificity:
                area = next(area for area in rules.areas if area.slug == slug)
                best[slug] = AreaTag(area=area, rule=rule, sector_code=code)
    return [best[area.slug] for area in rules.areas if area.slug in best]
