"""Migration 0008: flags stored as English before it are converted to a message id and its
arguments, once, and render back to the same English; reversed, the English comes back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity
from parity.markers import messages
from tests.mainstreaming.conftest import small_activity

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("mainstreaming", "0007_marker_suggestions")]
AFTER = [("mainstreaming", "0008_flag_message_ids")]
ENGLISH = {
    messages.NO_GENDER_INDICATOR: {"score": "2", "count": "4"},
    messages.SECTOR_PART: {"sectors": "15170 women's rights organisations (40.0000%)"},
    messages.NOT_SCREENED: {},
    messages.ACTUAL_NOT_BY_SEX: {"title": "'Girls enrolled: by sex'", "end": "2020-12-31"},
    messages.NO_RESULTS_OF_VERSION: {"score": "1", "version": "1.05"},
    messages.NO_RESULTS: {"score": "1"},
}
UNMATCHED = "a note written by hand"


def migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_stored_english_becomes_ids_and_arguments_and_back():
    ActivityLoader().load([small_activity("XM-MIGRATED")])
    activity_id = Activity.objects.get().pk
    old_flag = migrate(BEFORE).get_model("mainstreaming", "Flag")
    texts = [messages.TEMPLATES[i] % args for i, args in ENGLISH.items()] + [UNMATCHED]
    now = timezone.now()
    for text in texts:
        old_flag.objects.create(
            activity_id=activity_id, rule="r", severity="info", message=text, created=now
        )
    try:
        new = migrate(AFTER)
        rows = list(
            new.get_model("mainstreaming", "Flag")
            .objects.order_by("id")
            .values_list("message_id", "message_args")
        )
        assert rows == [*ENGLISH.items(), (messages.AS_WRITTEN, {"text": UNMATCHED})]
        assert [messages.render(i, args) for i, args in rows] == texts
        back = migrate(BEFORE).get_model("mainstreaming", "Flag")
        assert list(back.objects.order_by("id").values_list("message", flat=True)) == texts
    finally:
        migrate(executor_leaf())


def executor_leaf() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
