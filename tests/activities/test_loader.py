"""The loader's write path: rows as tuples (executemany on SQLite, COPY on PostgreSQL), flags
stored with each chunk, and a chunk that fails leaving no part of the activity it refused."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import timezone

from parity.activities import crs_bulk
from parity.activities import models as m
from parity.activities.importer import Importer
from parity.activities.loader import (
    ACTIVITY_COLUMNS,
    PART_MODELS,
    PART_ROWS,
    ActivityLoader,
    _with_activity_ids,
    narratives_json,
)
from parity.iati import model as iati
from parity.iati.rows import dimensions_text, narratives_text
from parity.mainstreaming.flags import as_stored, flags_refresh
from parity.mainstreaming.models import Flag, ReviewState
from tests.activities.iati_files import activity_files
from tests.helpers.sqlite_cache import cache_size

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "narratives",
    [
        (),
        (iati.Narrative("Plain"),),
        (iati.Narrative('Quotes " and \\ back', "en"), iati.Narrative("Égalité\tonglet", "fr")),
        (iati.Narrative("Line\nbreak \x01 control \u2028 separator 女性", "zh"),),
    ],
)
def test_narratives_text_is_what_json_dumps_writes(narratives: tuple) -> None:
    assert narratives_text(narratives) == json.dumps(
        narratives_json(narratives), ensure_ascii=False
    )


def test_dimensions_text_is_what_json_dumps_writes() -> None:
    dimensions = (iati.Dimension('Sexe "F"', "femme", "sex", "female"),)
    expected = [{"name": 'Sexe "F"', "value": "femme", "norm_name": "sex", "norm_value": "female"}]
    assert json.loads(dimensions_text(dimensions)) == expected
    assert dimensions_text(()) == "[]"


def activity(identifier: str, **changes) -> iati.Activity:
    base = iati.Activity(
        identifier=identifier,
        reporting_org=iati.OrgRef(ref="XM-DAC-1", names=(iati.Narrative("Donor"),)),
        titles=(iati.Narrative("Water for girls' schools", "en"),),
        sectors=(iati.Sector(code="15170", percentage=Decimal("50")),),
        policy_markers=(iati.PolicyMarker(code="1", significance="0"),),
        transactions=(
            iati.Transaction(
                type="3", date=None, value=Decimal("10.5"), currency="EUR", value_date=None
            ),
        ),
        results=(
            iati.Result(
                type="1",
                titles=(iati.Narrative("Result"),),
                indicators=(
                    iati.Indicator(
                        measure="1",
                        titles=(iati.Narrative("Girls enrolled"),),
                        periods=(
                            iati.IndicatorPeriod(
                                start=None,
                                end=None,
                                targets=(iati.PeriodValue(value=Decimal("5")),),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
    return replace(base, **changes)


def test_the_activity_columns_follow_the_fields_the_loader_builds() -> None:
    fields = ActivityLoader()._activity_fields(activity("XM-1"), "digest")
    assert ("id", *fields, "created_at", "updated_at") == ACTIVITY_COLUMNS


def test_a_refused_activity_leaves_no_row_in_any_table_and_the_others_land() -> None:
    bad = activity("XM-BAD", sectors=(iati.Sector(code="15170", percentage=Decimal("125")),))
    loader = ActivityLoader(announce=True)
    counts = loader.load([activity("XM-1"), bad, activity("XM-2")])
    assert counts.created == 2
    assert [identifier for identifier, _ in counts.rejected] == ["XM-BAD"]
    assert set(m.Activity.objects.values_list("iati_identifier", flat=True)) == {"XM-1", "XM-2"}
    ids = set(m.Activity.objects.values_list("pk", flat=True))
    for part in PART_MODELS:
        assert set(part.objects.values_list("activity_id", flat=True)) <= ids, part
    assert m.IndicatorValue.objects.count() == 2
    assert set(ReviewState.objects.values_list("activity_id", flat=True)) == ids
    assert set(Flag.objects.values_list("activity_id", flat=True)) <= ids


def test_the_announced_chunk_stores_flags_and_a_second_load_counts_it_unchanged() -> None:
    loader = ActivityLoader(announce=True)
    loader.load([activity("XM-1")])
    state = ReviewState.objects.get()
    assert state.flags_on == timezone.localdate()
    assert state.flags_hash == m.Activity.objects.get().content_hash
    assert "not-targeted-on-gender-sector" in set(Flag.objects.values_list("rule", flat=True))
    assert state.open_flags == Flag.objects.count()
    stored = flag_rows()
    assert "(50.0000%)" in str(stored)  # as the message reads from the database
    Flag.objects.all().delete()
    flags_refresh()
    assert flag_rows() == stored
    again = ActivityLoader(announce=True).load([activity("XM-1")])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_as_stored_reshapes_what_the_database_reshapes() -> None:
    given = activity("XM-1", policy_markers=(iati.PolicyMarker(code="1", significance="02"),))
    stored = as_stored(given)
    assert stored.policy_markers[0].significance == "2"
    assert str(stored.sectors[0].percentage) == "50.0000"
    only_percentage = as_stored(activity("XM-2"))
    assert str(only_percentage.sectors[0].percentage) == "50.0000"
    assert only_percentage.policy_markers == activity("XM-2").policy_markers
    untouched = activity("XM-3", sectors=(), policy_markers=())
    assert as_stored(untouched) is untouched


def flag_rows() -> dict[str, list[tuple]]:
    found: dict[str, list[tuple]] = {}
    rows = Flag.objects.order_by("activity__iati_identifier", "id").values_list(
        "activity__iati_identifier", "rule", "severity", "message_id", "message_args", "element"
    )
    for identifier, *flag in rows:
        found.setdefault(identifier, []).append(tuple(flag))
    return found


def test_flags_stored_with_each_chunk_equal_those_read_back_from_the_database() -> None:
    Importer().run(activity_files())
    with_chunks = flag_rows()
    states = dict(ReviewState.objects.values_list("activity_id", "open_flags"))
    assert with_chunks
    Flag.objects.all().delete()
    flags_refresh()
    assert flag_rows() == with_chunks
    assert dict(ReviewState.objects.values_list("activity_id", "open_flags")) == states


def test_rows_beyond_one_statement_land_whole_and_in_order() -> None:
    # More transactions and values than one grouped SQLite INSERT takes, and a remainder.
    per_statement = crs_bulk.MAX_PARAMS // len(PART_ROWS[m.Transaction][0])
    count = per_statement * 2 + 7
    transactions = tuple(
        iati.Transaction(
            type="3", date=None, value=Decimal(n), currency="EUR", value_date=None, ref=f"T{n}"
        )
        for n in range(count)
    )
    values = tuple(iati.PeriodValue(value=Decimal(n), comment=f"v{n}") for n in range(count))
    base = activity("XM-MANY")
    indicator = replace(
        base.results[0].indicators[0],
        periods=(iati.IndicatorPeriod(start=None, end=None, targets=values, actuals=values),),
    )
    many = replace(
        base,
        transactions=transactions,
        results=(replace(base.results[0], indicators=(indicator,)),),
    )
    assert ActivityLoader().load([many]).created == 1
    stored = list(m.Transaction.objects.order_by("pk").values_list("ref", "value"))
    assert stored == [(f"T{n}", Decimal(n)) for n in range(count)]
    kept = m.IndicatorValue.objects.order_by("pk").values_list("kind", "comment", "value")
    assert list(kept) == [
        (kind, f"v{n}", Decimal(n)) for kind in ("target", "actual") for n in range(count)
    ]


def test_an_over_long_value_in_a_large_batch_is_kept_in_a_note() -> None:
    long_currency = "X" * 40
    batch = [activity(f"XM-{n}") for n in range(50)]
    batch[31] = activity(
        "XM-31",
        transactions=(
            iati.Transaction(
                type="3", date=None, value=Decimal(1), currency=long_currency, value_date=None
            ),
        ),
    )
    assert ActivityLoader().load(batch).created == 50
    note = m.DataNote.objects.get()
    assert (note.activity.iati_identifier, note.part, note.value) == (
        "XM-31",
        "transaction",
        long_currency,
    )
    assert m.Transaction.objects.get(activity=note.activity).currency == ""


def test_chunks_are_written_with_the_collector_and_cache_tuned_for_bulk_loads_then_restored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from django.db import connection

    from parity.activities.sqlite_cache import LOAD_CACHE_KIB

    before = (gc.isenabled(), gc.get_threshold(), cache_size())
    seen = []
    loader = ActivityLoader()
    write = loader.load_batch

    def watched(batch: list[iati.Activity]) -> None:
        seen.append((gc.isenabled(), gc.get_freeze_count() > 0, cache_size()))
        write(batch)

    monkeypatch.setattr(loader, "load_batch", watched)
    assert loader.load([activity("XM-1"), activity("XM-2")]).created == 2
    sqlite_cache = -LOAD_CACHE_KIB if connection.vendor == "sqlite" else None
    # No automatic pass while a chunk is built and written; all restored after.
    assert seen == [(False, True, sqlite_cache)]
    assert (gc.isenabled(), gc.get_threshold(), cache_size()) == before
    assert gc.get_freeze_count() == 0


def test_the_reference_cycles_a_chunk_leaves_are_freed_before_the_next_chunk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the collector's automatic passes off, a cycle made while writing a chunk would
    live until the end of the file: a million activities' worth. The pass between chunks
    frees it."""
    import weakref

    monkeypatch.setattr("parity.activities.loader.BATCH_SIZE", 1)
    loader = ActivityLoader()
    write = loader.load_batch
    cycles: list[weakref.ref] = []
    alive_at_next_chunk: list[bool] = []

    class Node:
        pass

    def watched(batch: list[iati.Activity]) -> None:
        alive_at_next_chunk.extend(ref() is not None for ref in cycles)
        node = Node()
        node.self = node  # type: ignore[attr-defined]  # a cycle: reference counts never free it
        cycles.append(weakref.ref(node))
        del node
        write(batch)

    monkeypatch.setattr(loader, "load_batch", watched)
    assert loader.load([activity(f"XM-{n}") for n in range(3)]).created == 3
    assert alive_at_next_chunk == [False, False, False]


def test_part_rows_get_their_ids_a_chunk_at_a_time() -> None:
    size = crs_bulk.CHUNK_ROWS
    huge = [(0, "3")] * (2 * size + 7)
    small = [(0, "1")] * 3
    chunks = list(_with_activity_ids([(11, None, [huge]), (12, None, [small])], 0))  # type: ignore[list-item]
    assert [len(chunk) for chunk in chunks] == [size, size, 10]
    assert chunks[0][0] == (11, "3")
    assert chunks[-1][-3:] == [(12, "1")] * 3
