"""Figures refresh themselves: an import, a review approval or a rates file queues a rebuild on
the worker, the dashboard says while it is pending, and no page asks anyone to run a command."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.test import Client
from huey.contrib.djhuey import HUEY
from huey.storage import MemoryStorage

from parity.activities.importer import Importer
from parity.analytics.facts import facts_refresh
from parity.analytics.models import FigureBuild, FigureRefresh
from parity.analytics.refresh import refresh_pending
from parity.commitments.rates import rates_import
from parity.mainstreaming import services
from parity.markers import Stage
from parity.money import RatePeriod, RateRow
from tests.mainstreaming.conftest import complete, make_user, small_activity

SRC = Path(__file__).resolve().parents[2] / "src" / "parity"
QUEUED = "A rebuild of the figures is queued"


@pytest.fixture
def at_once():
    was = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = was


@pytest.fixture
def queued(monkeypatch):
    """A queue that keeps its tasks (in memory): nothing runs until the test says so."""
    was = HUEY.immediate
    HUEY.immediate = False
    monkeypatch.setattr(HUEY, "storage", MemoryStorage("refresh-test"))
    yield
    HUEY.immediate = was


def iati_file(tmp_path: Path, identifier: str) -> Path:
    from parity.iati.writer import write_activities

    path = tmp_path / f"{identifier}.xml"
    with path.open("wb") as out:
        write_activities([small_activity(identifier)], out)
    return path


def test_a_review_approval_rebuilds_the_figures_and_the_dashboard_shows_them(
    db, at_once, django_capture_on_commit_callbacks
) -> None:
    from parity.activities.loader import ActivityLoader
    from parity.activities.models import Activity

    ActivityLoader().load([small_activity(significance=None)])
    facts_refresh()
    before = FigureBuild.objects.get().pk
    editor, reviewer = make_user("edith", "editor"), make_user("rita", "reviewer")
    review = services.review_start(Activity.objects.get(), Stage.FORMULATION, editor)
    complete(review, editor, score="1")
    with django_capture_on_commit_callbacks(execute=True):
        services.review_approve(services.review_submit(review, editor), reviewer)
    assert FigureBuild.objects.get().pk != before
    assert FigureRefresh.objects.get().finished_at is not None
    page = Client().get("/dashboard/").content.decode()
    assert "being rebuilt" not in page and QUEUED not in page


def test_an_import_queues_one_rebuild_shown_on_the_dashboard_until_the_worker_runs(
    db, queued, tmp_path, django_capture_on_commit_callbacks
) -> None:
    facts_refresh()
    with django_capture_on_commit_callbacks(execute=True) as queued_tasks:
        Importer().run([iati_file(tmp_path, "XM-TEST-1"), iati_file(tmp_path, "XM-TEST-2")])
    assert len(queued_tasks) == 1 and HUEY.pending_count() == 1
    assert FigureRefresh.objects.filter(finished_at=None).count() == 1
    assert QUEUED in Client().get("/dashboard/").content.decode()
    assert refresh_pending()
    build = FigureBuild.objects.first()
    assert build.activities == 2
    page = Client().get("/dashboard/").content.decode()
    assert QUEUED not in page and "Activities changed after" not in page
    assert not refresh_pending()  # a second task finds nothing to do


def test_a_rates_file_queues_a_rebuild(db, queued) -> None:
    rates_import([RateRow("EUR", RatePeriod(2020), Decimal("0.9"), source="test")])
    assert FigureRefresh.objects.filter(started_at=None).exists()


def test_the_command_settles_the_requests_it_made_unnecessary(db, queued) -> None:
    from django.core.management import call_command

    rates_import([RateRow("EUR", RatePeriod(2020), Decimal("0.9"), source="test")])
    call_command("refresh_figures", stdout=StringIO())
    assert not FigureRefresh.objects.filter(finished_at=None).exists()


def test_no_page_asks_a_visitor_to_refresh_the_figures_by_hand() -> None:
    asking = [
        str(path.relative_to(SRC))
        for path in SRC.glob("*/templates/**/*.html")
        if "refresh-figures" in path.read_text() or "refresh-pledges" in path.read_text()
    ]
    assert not asking
