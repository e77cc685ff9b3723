"""What a reader sees in Japanese and Thai on the pages the roles walk: pledge targets with the
source's qualifier in the reader's word order, organisations by name rather than by code, a
reporting organisation's own sector by the name the file gives, the suggestion model's reasons
and sources in the reader's words, and coded table columns with their code."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from parity.activities.loader import ActivityLoader
from parity.activities.presenting import sector_text
from parity.analytics.basis import Basis
from parity.analytics.charts import figure_json
from parity.analytics.definitions import purpose_codes
from parity.analytics.exports import header
from parity.analytics.tables import Row
from parity.commitments.seed import load_seed
from parity.commitments.templatetags.pledges import money_target, output_target
from parity.mainstreaming.templatetags.marker_suggestions import feature_label
from parity.pagekit.templatetags.parity import org_name
from parity.sample import generate_portfolio


def test_targets_follow_the_readers_word_order() -> None:
    with translation.override("ja"):
        assert money_target("in excess of", "USD", Decimal(3_000_000_000)) == (
            "USD 3,000,000,000超"
        )
        assert output_target("roughly", Decimal(5000), "officers trained") == (
            "約5,000人の行政官を研修"
        )
    with translation.override("th"):
        assert money_target("in excess of", "USD", Decimal(3_000_000_000)) == (
            "มากกว่า USD 3,000,000,000"
        )
    with translation.override("en"):
        assert output_target("approximately", Decimal(50000), "students supported") == (
            "approximately 50,000 students supported"
        )
        assert money_target("", "USD", Decimal(50_000_000)) == "USD 50,000,000"


@pytest.mark.django_db
def test_the_pledge_list_in_japanese_has_no_english_qualifier_and_no_empty_first_line() -> None:
    load_seed()
    client = Client(HTTP_ACCEPT_LANGUAGE="ja")
    client.cookies["django_language"] = "ja"
    html = client.get(reverse("commitments:pledge-list")).content.decode()
    assert "USD 3,000,000,000超" in html
    assert "約5,000人の行政官を研修" in html
    assert "in excess of USD" not in html and "roughly 5,000 officers" not in html
    assert "<td><br>" not in html


def test_one_filter_names_an_organisation_from_a_record_or_an_identifier() -> None:
    organisation = SimpleNamespace(ref="XM-DAC-1", name="Austria")
    with translation.override("ja"):
        assert org_name(organisation) == "オーストリア"
        assert org_name("XM-DAC-1", "XM-DAC-1") == "オーストリア"  # a transaction's provider
        assert org_name("GB-CHC-285776", "CAFOD") == "CAFOD"
        assert org_name(SimpleNamespace(ref="", name=""), "") == ""


def test_a_reporting_organisations_own_sector_is_named_as_the_file_names_it() -> None:
    narratives = [{"lang": "en", "text": "Conflict Resolution"}]
    with translation.override("ja"):
        assert sector_text("", "99", narratives) == "Conflict Resolution（報告機関独自の分野）"  # noqa: RUF001
    with translation.override("en"):
        assert sector_text("", "99", narratives) == (
            "Conflict Resolution (the reporting organisation's own sector)"
        )


def test_the_models_reasons_are_in_the_readers_words() -> None:
    with translation.override("ja"):
        assert feature_label("word: project") == "語：project"  # noqa: RUF001
        assert (
            feature_label("purpose: 15170")
            == "目的コード：15170 女性の権利のための団体・運動及び政府機関"  # noqa: RUF001
        )
    with translation.override("th"):
        assert feature_label("word: women").startswith("คำ: ")
    assert feature_label("something else") == "something else"


def test_a_downloaded_purpose_column_says_its_code_and_its_name() -> None:
    labels = header(purpose_codes([]), None)
    assert "15170 Women's rights organisations and movements, and government institutions" in (
        labels
    )
    assert "Year" in labels


@pytest.mark.django_db
def test_the_dashboard_says_when_its_figures_include_the_fictional_sample() -> None:
    ActivityLoader(is_sample=True, source_note="Synthetic sample data").load(generate_portfolio(5))
    client = Client()
    notice = "synthetic sample data of a fictional agency"
    with_sample = client.get(reverse("analytics:dashboard"), {"provider_group": "all"})
    assert notice in with_sample.content.decode()
    without = client.get(reverse("analytics:dashboard"), {"provider_group": "dac"})
    assert notice not in without.content.decode()
    client.cookies["django_language"] = "th"
    thai = client.get(reverse("analytics:dashboard"), {"provider_group": "all"})
    assert "ข้อมูลตัวอย่างสังเคราะห์ของหน่วยงานสมมติ" in thai.content.decode()


def test_the_purpose_code_chart_names_each_code_in_the_readers_language() -> None:
    row = Row(2016, 2, True, amount=Fraction(1_000_000), count=1, key="15170")
    with translation.override("ja"):
        chart = json.loads(figure_json("purpose-codes", purpose_codes([row]), Basis()) or "{}")
    names = [trace["name"] for trace in chart["data"]]
    assert names[0] == "15170 女性の権利のための団体・運動及び政府機関"
    assert names[2].startswith("15164 女性の平等のための組織・制度")


@pytest.mark.django_db
def test_a_pledges_scope_names_a_dac_members_agency_not_loaded_by_its_country() -> None:
    load_seed()
    client = Client()
    client.cookies["django_language"] = "ja"
    url = reverse(
        "commitments:pledge-detail", args=["g7-ise-shima-officials-and-students-2016-2018"]
    )
    html = client.get(url).content.decode()
    assert "日本 (XM-DAC-701-8)が報告した" in html, re.findall("[^>]*が報告した[^<]*", html)
