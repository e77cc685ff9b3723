"""The words from Parity's data files (codelists, marker schemes, the source document's seed)
reach the catalogues through ``src/parity/catalogue/data_messages.py``: it must be what
``scripts/data_messages.py`` writes, and the source document's own names read in Japanese as
Japan publishes them."""

# ruff: noqa: RUF001 (Japanese text keeps its own brackets)
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]


def _script():  # the script, loaded from its path
    spec = importlib.util.spec_from_file_location(
        "data_messages", ROOT / "scripts/data_messages.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_file_is_current() -> None:
    script = _script()
    assert script.TARGET.read_text(encoding="utf-8") == script.render()


def test_it_lists_the_codelists_schemes_and_seed() -> None:
    texts = {text for _, text in _script().messages()}
    assert {"Disbursement", "Myanmar", "Standard grant", "Principal objective"} <= texts
    assert "Development Strategy for Gender Equality and Women's Empowerment" in texts
    assert "G7 Ise-Shima Summit" in texts


@pytest.mark.parametrize(
    ("english", "japanese"),
    [
        ("Development Cooperation Charter", "開発協力大綱"),
        (
            "Development Strategy for Gender Equality and Women's Empowerment",
            "女性の活躍推進のための開発戦略",
        ),
        ("Promotion of women's and girls' rights", "女性の権利の尊重"),
        (
            "National Action Plan on Women, Peace and Security",
            "女性・平和・安全保障に関する行動計画",
        ),
        ("Basic Design for Peace and Health", "平和と健康のための基本方針"),
        ("SDGs Implementation Guiding Principles", "SDGs実施指針"),
        ("G7 Ise-Shima Summit", "G7伊勢志摩サミット"),
        (
            "Sixth Tokyo International Conference on African Development (TICAD VI)",
            "第6回アフリカ開発会議（TICAD VI）",
        ),
        ("OECD-DAC gender equality policy marker", "OECD-DACジェンダー平等政策マーカー"),
        ("Principal objective", "主要目的"),
        ("Significant objective", "重要目的"),
        ("Standard grant", "贈与"),
        ("Myanmar", "ミャンマー"),
    ],
)
def test_the_source_documents_names_read_in_japanese(english: str, japanese: str) -> None:
    with translation.override("ja"):
        assert translation.gettext(english) == japanese


@pytest.mark.parametrize(
    ("english", "thai"),
    [("Myanmar", "พม่า"), ("Thailand", "ไทย"), ("Disbursement", "การเบิกจ่าย")],
)
def test_codelist_names_read_in_thai(english: str, thai: str) -> None:
    with translation.override("th"):
        assert translation.gettext(english) == thai


@pytest.mark.parametrize(
    ("language", "ref", "name", "shown"),
    [
        ("ja", "XM-DAC-1", "Austria", "オーストリア"),
        ("th", "XM-DAC-12", "United Kingdom", "สหราชอาณาจักร"),
        ("ja", "XM-DAC-701", "Japan", "日本"),
        ("en", "XM-DAC-301", "Canada", "Canada"),
        ("ja", "XM-DAC-1-2", "Austrian Development Agency", "Austrian Development Agency"),
        ("ja", "XM-SAMPLE-NGO-001", "", "XM-SAMPLE-NGO-001"),
    ],
)
def test_a_donor_country_is_named_in_the_readers_language(
    language: str, ref: str, name: str, shown: str
) -> None:
    from parity.pagekit.templatetags.parity import organisation_name

    with translation.override(language):
        assert organisation_name(ref, name) == shown


@pytest.mark.parametrize(
    ("language", "code", "shown"),
    [
        ("ja", "16040", "16040 低価格住宅"),
        ("ja", "15180", "15180 女性と女児に対する暴力の撤廃"),
        ("th", "16030", "16030 นโยบายและการบริหารจัดการด้านที่อยู่อาศัย"),
        ("en", "16040", "16040 Low-cost housing"),
    ],
)
def test_the_demos_purpose_codes_are_named_in_the_readers_language(
    language: str, code: str, shown: str
) -> None:
    from parity.activities.presenting import sector_text

    with translation.override(language):
        assert sector_text(code, "1") == shown


@pytest.mark.parametrize("language", ["ja", "th"])
def test_every_purpose_the_demo_uses_is_in_the_catalogue(language: str) -> None:
    """The sample's sectors, its non-sector purposes (budget support, administrative costs,
    development awareness) and the CRS extract's: none shows in English in a Japanese or Thai
    page."""
    import json

    from parity.iati import codelists

    themes = json.loads((ROOT / "src/parity/sample/sector_themes.json").read_text("utf-8"))
    codes = {row["code"] for key in ("sectors", "gender_sectors") for row in themes[key]}
    codes |= {row["code"] for row in themes["non_sector"].values()}
    codes |= set(_script().PURPOSES)
    names = {codelists.name("Sector", code) for code in codes}
    assert {"General budget support-related aid", "Low-cost housing"} <= names
    with translation.override(language):
        assert [name for name in names if translation.gettext(name) == name] == []


@pytest.mark.parametrize(
    ("english", "japanese"),
    [("Hamburg", "ハンブルク"), ("Buenos Aires, Argentina", "ブエノスアイレス（アルゼンチン）")],
)
def test_event_places_read_in_japanese(english: str, japanese: str) -> None:
    with translation.override("ja"):
        assert translation.gettext(english) == japanese
