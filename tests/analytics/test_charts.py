"""Charts a ministry would publish: whole years, money in millions, "All others" apart, the
target drawn beside the bars, and a sentence saying why when there is nothing to draw."""

from __future__ import annotations

import json
from decimal import Decimal

from parity.analytics import charts
from parity.analytics.basis import Basis
from parity.analytics.tables import Table

BASIS = Basis()


def test_year_axes_show_whole_years_and_money_in_millions() -> None:
    rows = [
        {"period": "2019", "principal": Decimal("12345678.00"), "significant": Decimal("0")},
        {"period": "2020", "principal": Decimal("2500000.00"), "significant": Decimal("100")},
    ]
    for row in rows:
        row["focused_share"] = Decimal("0.5")
    figure = json.loads(charts.figure_json("focused-share", Table([], rows), BASIS))
    assert figure["layout"]["xaxis"]["tickformat"] == "d"
    assert figure["layout"]["xaxis"]["dtick"] == 1
    assert figure["data"][0]["x"] == [2019, 2020]
    assert figure["data"][0]["y"] == [12.3, 2.5]
    assert figure["layout"]["yaxis"]["title"]["text"] == "USD million"
    # The share's own axis: 0 to 100 per cent in whole steps of 20, not the money's ticks.
    share_axis = figure["layout"]["yaxis2"]
    assert (share_axis["tickmode"], share_axis["tick0"], share_axis["dtick"]) == ("linear", 0, 20)
    assert share_axis["range"] == [0, 105]


def test_all_others_is_told_apart_from_the_top_rows() -> None:
    rows = [
        {"code": "MM", "name": "Myanmar", "principal": Decimal(3_000_000), "significant": 0},
        {"code": "", "name": "All others (40)", "principal": Decimal(90_000_000)},
    ]
    for row in rows:
        row.setdefault("significant", 0)
        row["focused"] = row["principal"]
    table = Table([], rows)
    figure = json.loads(charts.figure_json("top-recipients", table, BASIS))
    assert figure["data"][0]["y"] == ["Myanmar"]
    summary = charts.summary("top-recipients", table, BASIS)
    assert "All others (40)" in summary and "USD 90.0 million" in summary


def test_an_empty_chart_is_a_sentence_saying_why() -> None:
    table = Table([], [])
    assert charts.figure_json("by-marker", table, BASIS) is None
    assert charts.summary("by-marker", table, BASIS).startswith("No chart: no transaction")


def test_pledge_progress_draws_the_target_beside_the_bars() -> None:
    table = Table([], [{"pledge": "A pledge with a very long name " * 4, "share": Decimal("0.4")}])
    figure = json.loads(charts.figure_json("pledge-progress", table, BASIS))
    assert figure["layout"]["shapes"][0]["x0"] == 100
    assert figure["data"][0]["x"] == [40.0]
    label = figure["data"][0]["y"][0]
    # The whole title, on lines of about WRAP_WIDTH characters.
    assert label.replace("<br>", " ") == ("A pledge with a very long name " * 4).strip()
    assert all(len(line) <= charts.WRAP_WIDTH for line in label.split("<br>"))
    assert "\u2026" not in label


def test_a_japanese_pledge_title_wraps_between_characters() -> None:
    title = "開発途上国の女性の能力強化のため2016年から2018年までの3年間で" + "総額30億ドル以上"
    table = Table([], [{"pledge": title, "share": Decimal("0.5")}])
    label = json.loads(charts.figure_json("pledge-progress", table, BASIS))["data"][0]["y"][0]
    assert label.replace("<br>", "") == title and label.count("<br>") >= 2


def test_a_pledge_the_data_cannot_verify_gets_no_bar() -> None:
    rows = [
        {"pledge": "Verified", "share": Decimal("0.25")},
        {"pledge": "Nothing loaded counts for it", "share": None},
    ]
    figure = json.loads(charts.figure_json("pledge-progress", Table([], rows), BASIS))
    assert figure["data"][0]["y"] == ["Verified"] and figure["data"][0]["x"] == [25.0]
    # Only unverifiable pledges: a sentence instead of an empty frame.
    assert charts.figure_json("pledge-progress", Table([], rows[1:]), BASIS) is None
    assert "can verify" in charts.empty_reason("pledge-progress", BASIS)
