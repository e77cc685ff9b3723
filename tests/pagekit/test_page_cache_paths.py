"""After each way Parity changes the aid data, every cached page equals the page computed anew.

Each case caches the three public pages, makes one kind of change through the code path users
take (an import, a rates file, a review approved, a refresh, an edit, a deletion), then asks
for each page again with the cache and without it: the two must be the same. Real commits
(``transaction=True``), since the cache is keyed by the committed data generation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, override_settings

from parity.activities.importer import Importer
from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity
from parity.analytics.facts import facts_refresh
from parity.commitments.models import Pledge
from parity.commitments.seed import load_seed
from parity.iati.writer import write_activities
from parity.mainstreaming import services
from parity.pagekit.freshness import changes_aid_data
from parity.sample import generate_portfolio
from tests.commitments.conftest import make_pledge, rates_csv
from tests.conftest import role_group
from tests.mainstreaming.conftest import complete, small_activity

pytestmark = pytest.mark.django_db(transaction=True)
OURS = "XM-TEST-1"


@pytest.fixture
def pages() -> list[str]:
    load_seed()
    ActivityLoader(is_sample=True).load(generate_portfolio(25, seed=9))
    ActivityLoader().load([small_activity()])
    facts_refresh()
    pledge = make_pledge()
    return ["/dashboard/", f"/activities/{OURS}/", f"/pledges/{pledge.slug}/"]


def main_part(client: Client, url: str) -> tuple[int, str]:
    response = client.get(url)
    page = response.content.decode()
    return response.status_code, page[page.find('<main id="main">') :]


def import_a_new_version(tmp_path: Path) -> None:
    path = tmp_path / "again.xml"
    with path.open("wb") as out:
        write_activities([small_activity(title="Second phase", sectors=("15180",))], out)
    Importer().run([path])


def load_rates(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text(rates_csv())
    call_command("import_rates", str(path))


def approve_a_review(tmp_path: Path) -> None:
    editor, reviewer = User.objects.create_user("e"), User.objects.create_user("r")
    editor.groups.add(role_group("editor"))
    reviewer.groups.add(role_group("reviewer"))
    activity = Activity.objects.get(iati_identifier=OURS)
    review = services.review_start(activity, "formulation", editor)
    complete(review, editor, score="2")
    # The test data has no gender indicator at both levels: both people keep their answer.
    kept = ["gender-indicators-both-levels"]
    services.review_submit(review, editor, confirmed=kept)
    services.review_approve(review, reviewer, confirmed=kept)


def edit_the_pledge(tmp_path: Path) -> None:
    pledge = Pledge.objects.get(slug="test-pledge")
    pledge.title = "A pledge renamed"
    pledge.save()


CHANGES: dict[str, Callable[[Path], None]] = {
    "import a new version of a file": import_a_new_version,
    "load an exchange-rate file": load_rates,
    "approve a review": approve_a_review,
    "refresh the figures in euros": lambda tmp_path: facts_refresh("EUR"),
    "edit a pledge": edit_the_pledge,
    "delete an activity": lambda tmp_path: Activity.objects.filter(iati_identifier=OURS).delete(),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_cached_page_equals_the_page_computed_anew(pages, change, tmp_path) -> None:
    client = Client()
    before = {url: main_part(client, url) for url in pages}
    CHANGES[change](tmp_path)
    with override_settings(PARITY_PAGE_CACHE=False):
        fresh = {url: main_part(client, url) for url in pages}
    assert {url: main_part(client, url) for url in pages} == fresh
    assert fresh != before, "the change should show on at least one page"


def test_reading_the_pages_moves_nothing(pages) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    with CaptureQueriesContext(connection) as captured:
        for url in pages:
            client.get(url)
    assert not [q["sql"] for q in captured.captured_queries if changes_aid_data(q["sql"])]
