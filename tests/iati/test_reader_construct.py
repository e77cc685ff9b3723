"""The reader's fast constructors build objects indistinguishable from the dataclasses' own,
and the reader's placeholder and date-text rules (a row per case)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from parity.iati import model
from parity.iati.construct import constructor, evolve
from tests.iati.conftest import one_activity

CLASSES = [
    cls
    for cls in vars(model).values()
    if isinstance(cls, type)
    and dataclasses.is_dataclass(cls)
    and cls.__module__ == model.__name__
    and "__slots__" not in vars(cls)
]


def test_a_slotted_class_is_refused() -> None:
    with pytest.raises(TypeError, match="slots"):
        constructor(model.DataNote)


def sample_values(cls: type) -> dict[str, object]:
    return {field.name: f"{field.name}-value" for field in dataclasses.fields(cls)}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_a_fast_constructor_builds_the_same_object(cls: type) -> None:
    values = sample_values(cls)
    fast, slow = constructor(cls)(**values), cls(**values)
    assert type(fast) is cls
    assert fast == slow
    assert hash(fast) == hash(slow)
    assert repr(fast) == repr(slow)
    assert vars(fast) == vars(slow)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.x = 1  # type: ignore[attr-defined]


def test_a_fast_constructor_keeps_defaults_and_refuses_unknown_fields() -> None:
    make = constructor(model.Narrative)
    assert make(text="a") == model.Narrative("a")
    with pytest.raises(TypeError):
        make(text="a", colour="red")
    with pytest.raises(TypeError):
        make(lang="en")


def test_evolve_changes_only_what_it_is_given() -> None:
    activity = model.Activity("XM-1", model.OrgRef(), warnings=("a",))
    changed = evolve(activity, warnings=("a", "b"))
    assert changed.warnings == ("a", "b")
    assert dataclasses.replace(activity, warnings=("a", "b")) == changed
    assert activity.warnings == ("a",)


@pytest.mark.parametrize(
    ("element", "expected"),
    [
        ('<activity-date type="1" iso-date="2010-01-01"/>', ("1", date(2010, 1, 1), "")),
        # 1.0x: the element's own text, kept only when it says more than the ISO date.
        ('<activity-date type="1" iso-date="2010-01-01">2010-01-01</activity-date>',
         ("1", date(2010, 1, 1), "")),
        ('<activity-date type="end-actual">2010-01-01</activity-date>',
         ("4", date(2010, 1, 1), "")),
        ('<activity-date type="start-planned">2010</activity-date>', ("1", None, "2010")),
        ('<activity-date type="1" iso-date="2010-01-01">Early 2010</activity-date>',
         ("1", date(2010, 1, 1), "Early 2010")),
        # 2.0x: the narratives are the date's text.
        ('<activity-date type="3" iso-date="2024-05-01"><narrative>Closing date</narrative>'
         "</activity-date>", ("3", date(2024, 5, 1), "Closing date")),
        ('<activity-date type="3" iso-date="2024-05-01"><narrative>Fin</narrative>'
         '<narrative xml:lang="es">Cierre</narrative></activity-date>',
         ("3", date(2024, 5, 1), "Fin Cierre")),
        ('<activity-date type="3" iso-date="2024-05-01"><narrative/></activity-date>',
         ("3", date(2024, 5, 1), "")),
    ],
)  # fmt: skip
def test_it_reads_activity_date_text(element: str, expected: tuple) -> None:
    (found,) = one_activity(element).dates
    assert (found.type, found.iso_date, found.text) == expected


@pytest.mark.parametrize(
    ("body", "field", "expected"),
    [
        ("<description/>", "descriptions", ()),
        ('<description type="1"><narrative/></description>', "descriptions", ()),
        ("<description>  </description>", "descriptions", ()),
        ('<participating-org role=""/>', "participating_orgs", ()),
        ('<participating-org ref="" role=""><narrative/></participating-org>',
         "participating_orgs", ()),
        ('<participating-org role="4"/>', "participating_orgs",
         (model.ParticipatingOrg(model.OrgRef(), "4"),)),
        ('<participating-org ref="XM-1"/>', "participating_orgs",
         (model.ParticipatingOrg(model.OrgRef(ref="XM-1"), ""),)),
    ],
)  # fmt: skip
def test_it_drops_empty_placeholders(body: str, field: str, expected: tuple) -> None:
    assert getattr(one_activity(body), field) == expected


def test_it_drops_an_empty_document_category() -> None:
    activity = one_activity(
        '<document-link url="http://example.org/a" format="text/html">'
        '<category code=""/><category code="A01"/></document-link>'
    )
    assert activity.document_links[0].categories == ("A01",)
