"""What the expert walk (a gender focal point, a ministry official, an analyst; English,
Japanese, Thai) found named by a code where a reader needs a name: a JICA priority area's slug
in the dashboard's table, the marker schemes' ids in the dashboard's filter and in an
activity's marker history, the pillar tags of an activity in English, and English named
"英語(米国)" in the language switch; the real CRS extract's source note in English."""

# ruff: noqa: RUF001 (Japanese text keeps its own brackets and colons)
from __future__ import annotations

import re
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from parity.activities.loader import ActivityLoader
from parity.commitments.models import Pillar, PillarTag
from parity.commitments.seed import load_seed
from parity.sample import generate_portfolio
from tests.conftest import role_group

pytestmark = pytest.mark.django_db

AREAS = "jica-priority-areas"


@pytest.fixture
def demo() -> None:
    load_seed()
    ActivityLoader(is_sample=True).load(generate_portfolio(30))
    call_command("tag_priority_areas", stdout=StringIO())
    call_command("refresh_figures", stdout=StringIO())


def read(path: str, language: str, client: Client | None = None) -> str:
    client = client or Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, figure: str) -> str:
    found = re.search(rf'<section id="{figure}".*?</section>', page, re.S)
    assert found, figure
    return found[0]


def test_the_priority_area_table_names_the_areas_without_their_slugs(demo: None) -> None:
    slugs = set(Pillar.objects.filter(framework__slug=AREAS).values_list("slug", flat=True))
    page = read("/dashboard/?provider_group=all", "en")
    areas = section(page, "priority-areas")
    cells = re.findall(r"<td>([^<]*)</td>", areas)
    assert cells, areas  # the sample's activities are tagged
    assert not slugs & set(cells)
    assert '<th scope="col">Code</th>' not in areas
    assert '<th scope="col">Code</th>' in section(page, "top-recipients")  # ISO codes stay


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("en", "OECD-DAC gender equality policy marker"),
        ("ja", "OECD-DACジェンダー平等政策マーカー"),
    ],
)
def test_the_dashboard_filter_names_the_marker_schemes(
    demo: None, language: str, name: str
) -> None:
    page = read("/dashboard/?provider_group=all", language)
    assert f'<option value="oecd-dac-gender">{name}</option>' in page
    assert ">oecd-dac-gender<" not in page and ">jica-gender<" not in page


@pytest.mark.parametrize("language", ["en", "ja", "th"])
def test_the_language_switch_names_each_language_in_itself(language: str) -> None:
    page = read("/", language)
    options = re.findall(r'<option value="(\w+)" lang="\w+"[^>]*>([^<]+)</option>', page)
    assert options == [("en", "English"), ("ja", "日本語"), ("th", "ภาษาไทย")]


def test_an_activitys_pillar_tags_read_in_japanese(demo: None) -> None:
    tag = PillarTag.objects.filter(pillar__framework__slug=AREAS).select_related("activity").first()
    assert tag is not None
    viewer = User.objects.create_user("vivi")
    viewer.groups.add(role_group("viewer"))
    client = Client()
    client.force_login(viewer)
    page = read(f"/mainstreaming/activities/{tag.activity.iati_identifier}/", "ja", client)
    assert "ジェンダー平等と女性のエンパワメントに関するJICAの5つの重点分野: " in page
    assert "JICA&#x27;s five priority areas" not in page


@pytest.mark.parametrize(
    ("language", "words"),
    [("ja", "実データ：OECD債権国報告システム（CRS）"), ("th", "ข้อมูลจริง: OECD ระบบรายงาน")],
)
def test_the_real_crs_extracts_source_note_reads_in_the_language(language: str, words: str) -> None:
    from parity.activities import crs_demo
    from parity.activities.models import Activity

    ActivityLoader(is_sample=True, source_note=crs_demo.SOURCE_NOTE).load(generate_portfolio(1))
    activity = Activity.objects.get()
    page = read(f"/activities/{activity.iati_identifier}/", language)
    assert words in page and "Real data: OECD" not in page
