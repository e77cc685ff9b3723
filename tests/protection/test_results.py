"""Feeding an aid activity's result from the protection statistics (`parity feed-result`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from parity.activities.loader import ActivityLoader
from parity.activities.models import IndicatorValue
from parity.iati import model as iati
from parity.protection import results, services
from parity.protection.models import AuditEntry
from tests.conftest import role_group

from .conftest import World, login

HOTLINE = "XM-TEST-HOTLINE"


def hotline_activity() -> iati.Activity:
    def indicator(title: str) -> iati.Indicator:
        return iati.Indicator(measure="1", titles=(iati.Narrative(title),))

    return iati.Activity(
        identifier=HOTLINE,
        reporting_org=iati.OrgRef(ref="XM-TEST", names=(iati.Narrative("Test agency"),)),
        titles=(iati.Narrative("Hotline for trafficked persons"),),
        results=(
            iati.Result(
                "1",
                titles=(iati.Narrative("Survivors supported"),),
                indicators=(
                    indicator("Calls answered"),
                    indicator("Survivors supported, female"),
                ),
            ),
        ),
    )


@pytest.fixture
def hotline(world: World) -> World:
    """The world's case plus 11 more female cases this year (12: above k = 11), the hotline
    activity, and the statistics persona made an editor of the aid data too."""
    for _ in range(11):
        services.case_open(world.actor("case_worker"), exploitation="labour", sex="female")
    ActivityLoader().load([hotline_activity()])
    world.users["statistics"].groups.add(role_group("editor"))
    return world


def feed(world: World, who: str = "statistics", **changes):
    arguments = {"measure": "cases", "dimension": "sex", "value": "female"}
    arguments["year"] = timezone.localdate().year
    arguments.update(changes)
    return results.feed_indicator(world.actor(who), HOTLINE, 2, **arguments)


def actuals() -> list[tuple]:
    return list(
        IndicatorValue.objects.filter(kind="actual").values_list("value", "sex", "period__end")
    )


def test_the_years_count_becomes_the_indicators_actual_with_a_link_back(hotline) -> None:
    year = timezone.localdate().year
    fed = feed(hotline)
    assert (fed.value, fed.created) == (12, True)
    value = IndicatorValue.objects.get(kind="actual")
    assert value.period.indicator.titles[0]["text"] == "Survivors supported, female"
    assert (value.value, value.sex, value.period.start.year) == (Decimal(12), "female", year)
    assert f"/protection/statistics/?measure=cases&by=sex&year={year}#cases-sex-female" in (
        value.comment
    )
    assert AuditEntry.objects.filter(action="stats.feed", outcome="ok").count() == 1


def test_the_link_back_shows_the_figure_that_was_fed(hotline, client) -> None:
    fed = feed(hotline)
    login(client, hotline.users["statistics"])
    page = client.get(fed.link.split("#")[0]).content.decode()
    row = page.split('id="cases-sex-female"')[1].split("</tr>")[0]
    assert '<td class="num">12</td>' in row
    assert client.get("/protection/statistics/?year=last").status_code == 404


def test_the_statistics_page_feeds_the_figure_it_shows(hotline, client) -> None:
    login(client, hotline.users["statistics"])
    year = timezone.localdate().year
    page = client.get(f"/protection/statistics/?year={year}").content.decode()
    assert "Report a figure as an activity" in page
    form = {"measure": "cases", "by": "sex", "value": "female", "year": year}
    response = client.post(
        "/protection/statistics/feed/", {**form, "activity": HOTLINE, "indicator": 2}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#cases-sex-female")
    assert actuals() == [(Decimal(12), "female", date(year, 12, 31))]
    refused = client.post(
        "/protection/statistics/feed/", {**form, "activity": "XM-NONE", "indicator": 1}
    )
    assert refused.status_code == 400
    assert "There is no activity" in refused.content.decode()


def test_feeding_again_updates_the_same_actual(hotline) -> None:
    feed(hotline)
    services.case_open(hotline.actor("case_worker"), exploitation="labour", sex="female")
    again = feed(hotline)
    assert (again.value, again.created) == (13, False)
    assert [v for v, _, _ in actuals()] == [Decimal(13)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": "male"}, "stays suppressed"),  # three male cases: fewer than 11
        ({"value": "femal"}, "is not a sex"),
        ({"measure": "people"}, "unknown measure"),
    ],
)
def test_a_figure_that_cannot_be_written_is_refused_and_audited(hotline, changes, message):
    for _ in range(3):
        services.case_open(hotline.actor("case_worker"), exploitation="labour", sex="male")
    with pytest.raises(results.FeedError, match=message):
        feed(hotline, **changes)
    assert actuals() == []
    assert AuditEntry.objects.filter(action="stats.feed", outcome="refused").count() == 1


def test_a_year_without_cases_is_a_true_zero(hotline) -> None:
    # Suppression hides counts from 1 to k - 1, which could point at a person; 0 cannot.
    assert feed(hotline, year=2001).value == 0
    assert actuals() == [(Decimal(0), "female", date(2001, 12, 31))]


def test_only_statistics_roles_who_also_edit_the_aid_data_may_feed(hotline) -> None:
    with pytest.raises(services.NotAllowedError):
        feed(hotline, who="case_worker")  # no statistics role
    hotline.users["statistics"].groups.clear()
    with pytest.raises(services.NotAllowedError, match="editor role"):
        feed(hotline)
    assert actuals() == []
    assert AuditEntry.objects.filter(action="stats.feed", outcome="forbidden").count() == 1


def test_the_command_lists_the_indicators_and_feeds_one(hotline) -> None:
    out = StringIO()
    call_command("feed_result", HOTLINE, "--list", stdout=out)
    assert out.getvalue().splitlines() == ["1\tCalls answered", "2\tSurvivors supported, female"]
    page = Client().get(f"/activities/{HOTLINE}/").content.decode()  # the same numbers
    assert '<span class="muted">2.</span> <strong>Survivors supported, female</strong>' in page
    year = str(timezone.localdate().year)
    out = StringIO()
    arguments = ["--indicator", "2", "--value", "female", "--year", year, "--user", "statistics"]
    call_command("feed_result", HOTLINE, *arguments, stdout=out)
    assert out.getvalue().startswith(f"Wrote 12 as the {year} actual of {HOTLINE}")
    with pytest.raises(CommandError, match="has 2 indicators"):
        call_command("feed_result", HOTLINE, *arguments[:1], "3", *arguments[2:])
    with pytest.raises(CommandError, match="Give --indicator"):
        call_command("feed_result", HOTLINE, "--user", "statistics")


def test_the_command_counts_one_year_as_the_page_does(hotline, capsys) -> None:
    import json

    year = timezone.localdate().year
    call_command("protection_stats", measure="cases", by="sex", year=year, json=True)
    assert json.loads(capsys.readouterr().out)["cells"] == {"female": 12}
    call_command("protection_stats", measure="cases", by="sex", year=2001, json=True)
    found = json.loads(capsys.readouterr().out)
    assert (found["year"], found["cells"], found["total"]) == (2001, {}, 0)
