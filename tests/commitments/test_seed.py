"""The demo holds the source document's system, as facts with their source, nothing invented."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from parity.activities.models import Activity
from parity.commitments.models import Event, Framework, Pledge
from parity.commitments.seed import load_seed, read_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> None:
    load_seed()


def test_it_loads_the_gender_strategy_with_its_three_pillars(seeded) -> None:
    strategy = Framework.objects.get(slug="gender-strategy-2016")
    assert strategy.adopted_on.year == 2016 and strategy.adopted_on.month == 5
    assert [p.number for p in strategy.pillars.all()] == [1, 2, 3]


def test_it_loads_jicas_five_priority_areas(seeded) -> None:
    areas = Framework.objects.get(slug="jica-priority-areas").pillars.all()
    assert [a.slug for a in areas] == [
        "economic-empowerment",
        "rights-and-security",
        "education-and-health",
        "governance",
        "infrastructure",
    ]


def test_it_loads_the_3_billion_pledge_with_its_reported_status(seeded) -> None:
    pledge = Pledge.objects.get(slug="oda-for-women-3bn-2016-2018")
    assert (pledge.money_amount, pledge.money_currency) == (Decimal("3000000000"), "USD")
    assert pledge.money_qualifier == "in excess of"
    assert (pledge.period_start.year, pledge.period_end.year) == (2016, 2018)
    assert pledge.pillars.count() == 3
    assert "fully implemented" in pledge.reported_status.lower()


def test_it_loads_the_ise_shima_output_targets_for_women(seeded) -> None:
    pledge = Pledge.objects.get(slug="g7-ise-shima-officials-and-students-2016-2018")
    targets = {t.quantity: t.sex for t in pledge.output_targets.all()}
    assert targets == {Decimal("5000"): "female", Decimal("50000"): "female"}
    assert pledge.money_amount is None
    assert pledge.event.slug == "g7-ise-shima-2016"


def test_it_leaves_figures_the_source_does_not_give_empty(seeded) -> None:
    we_fi = Pledge.objects.get(slug="we-fi-50m-2017")
    assert we_fi.money_amount == Decimal("50000000")
    assert we_fi.period_start is None and we_fi.period_end is None
    waw = Event.objects.get(slug="waw-2017")
    assert waw.participants_total == 2400
    assert waw.participants_female is None and waw.participants_male is None


def test_every_seed_record_names_its_source(seeded) -> None:
    for model in (Framework, Event, Pledge):
        assert not model.objects.filter(source="").exists(), model.__name__
    assert not Activity.objects.filter(source_note="").exists()


def test_it_loads_the_anti_trafficking_projects_under_rights_and_security(seeded) -> None:
    hotline = Activity.objects.get(iati_identifier="PARITY-SEED-JICA-TIP-VN-HOTLINE")
    assert hotline.recipient_countries.get().code == "VN"
    assert hotline.gender_marker is None  # the source gives no marker: not screened
    assert [t.pillar.slug for t in hotline.pillar_tags.all()] == ["rights-and-security"]
    assert [d.text for d in hotline.dates.all()] == ["2018", "2021"]


def test_loading_twice_changes_nothing(seeded) -> None:
    before = (Framework.objects.count(), Event.objects.count(), Pledge.objects.count())
    load_seed()
    assert (Framework.objects.count(), Event.objects.count(), Pledge.objects.count()) == before


def test_the_demo_generates_a_password_and_prints_it_once(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path  # the demo writes its first suggestion model there
    out = StringIO()
    call_command("demo", "--sample-size", "20", stdout=out)
    text = out.getvalue()
    assert "Loaded 20 sample activities" in text
    password = text.split("with the password ")[1].split(" ")[0]
    user = get_user_model().objects.get(username="demo")
    assert user.check_password(password)
    again = StringIO()
    call_command("demo", "--no-sample", stdout=again)
    assert password not in again.getvalue()
    assert "already exists" in again.getvalue()


def test_sample_data_is_labelled_and_removable() -> None:
    call_command("demo", "--sample-size", "15", "--no-account", "--no-crs", stdout=StringIO())
    samples = Activity.objects.filter(is_sample=True)
    assert samples.count() == 15
    assert not Pledge.objects.filter(scope_activities__is_sample=True).exists()
    call_command("demo", "--remove-sample", stdout=StringIO())
    assert not Activity.objects.filter(is_sample=True).exists()
    assert Activity.objects.filter(is_sample=False).count() == len(read_seed()["activities"])
