"""Every pledge download states its basis on each row, in the reader's language; a share of
nothing says so in words."""

# ruff: noqa: RUF001 (Japanese text keeps its own brackets)
from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from parity.commitments.templatetags.pledges import percent, share_of
from tests.commitments.conftest import make_pledge


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "no share (the target is not above zero)"),
        ("ja", "割合なし（目標が0以下）"),
        ("th", "ไม่มีสัดส่วน (เป้าหมายไม่เกินศูนย์)"),
    ],
)
def test_a_share_of_a_zero_or_negative_total_says_why_in_words(language, words) -> None:
    with translation.override(language):
        assert percent(share_of(Decimal("5"), Decimal("0"))) == words
        assert percent(share_of(Decimal("5"), Decimal("-2"))) == words
        assert percent(share_of(Decimal("0"), Decimal("10"))) == "0.0%"


def test_the_money_download_states_basis_prices_currency_and_source(client, portfolio, rates):
    pledge = make_pledge()
    url = reverse("commitments:pledge-evidence", args=[pledge.slug, "money", "csv"])
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert rows
    assert {row["data source"] for row in rows} == {"IATI"}
    (basis,) = {row["basis"] for row in rows}
    assert basis.startswith("Outgoing commitments (IATI type 2) (the editor's choice")
    assert "current prices" in basis and "amounts in USD" in basis
    assert "dated 2016-01-01 to 2020-12-31" in basis
    assert all(row["rate source"] for row in rows if row["currency"] != "USD")


@pytest.mark.parametrize(
    ("language", "header", "words"),
    [
        ("en", "amount in target currency", "current prices as each source reports them"),
        ("ja", "目標通貨での金額", "各出典が報告する名目価格"),
        ("th", "จำนวนเงินในสกุลเงินเป้าหมาย", "ราคาปัจจุบันตามที่แต่ละแหล่งข้อมูลรายงาน"),
    ],
)
def test_the_money_download_speaks_the_readers_language(
    client, portfolio, rates, language, header, words
):
    pledge = make_pledge()
    url = reverse("commitments:pledge-evidence", args=[pledge.slug, "money", "csv"])
    response = client.get(url, headers={"accept-language": language})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows and header in rows[0]
    (basis,) = {row[list(row)[-1]] for row in rows}
    assert words in basis
    assert "USD" in basis and "2016-01-01" in basis  # the values stay as they are
