"""The pure figure definitions: parametrised cases and properties (no database)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parity.analytics import definitions as d
from parity.analytics.basis import Basis
from parity.analytics.counting import effective_aid_type, is_allocable, split
from parity.analytics.tables import ResultValue, Row


@pytest.mark.parametrize(
    ("aid_type", "allocable"),
    [
        ("A02", True),
        ("B01", True),
        ("B03", True),
        ("B031", True),  # a sub-code belongs to its category
        ("B04", True),
        ("C01", True),
        ("D01", True),
        ("D02", True),
        ("E01", True),
        ("A01", False),  # general budget support
        ("B02", False),  # core contributions to multilaterals
        ("B021", False),
        ("E02", False),
        ("G01", False),
        ("H01", False),
        ("", False),
    ],
)
def test_it_knows_bilateral_allocable_aid(aid_type: str, allocable: bool) -> None:
    assert is_allocable(aid_type) is allocable


@pytest.mark.parametrize(
    ("own", "defaults", "expected"),
    [("B01", ["C01"], "B01"), ("", ["C01", "A02"], "C01"), ("", [], "")],
)
def test_it_takes_the_transactions_aid_type_else_the_activitys(own, defaults, expected) -> None:
    assert effective_aid_type(own, defaults) == expected


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([], {}),
        ([("AF", Decimal(100))], {"AF": Fraction(1)}),
        ([("AF", Decimal(60)), ("PK", Decimal(40))], {"AF": Fraction(3, 5), "PK": Fraction(2, 5)}),
        # percentages that do not add up to 100 are scaled so the whole value is allocated
        ([("AF", Decimal(30)), ("PK", Decimal(30))], {"AF": Fraction(1, 2), "PK": Fraction(1, 2)}),
        # a missing percentage: equal split
        ([("AF", Decimal(70)), ("PK", None)], {"AF": Fraction(1, 2), "PK": Fraction(1, 2)}),
        (
            [("AF", None), ("PK", None), ("BD", None)],
            {c: Fraction(1, 3) for c in ("AF", "PK", "BD")},
        ),
        # all zero: equal split rather than dividing by zero
        ([("AF", Decimal(0)), ("PK", Decimal(0))], {"AF": Fraction(1, 2), "PK": Fraction(1, 2)}),
        # the same code twice gets both parts
        ([("AF", Decimal(50)), ("AF", Decimal(50))], {"AF": Fraction(1)}),
    ],
)
def test_it_splits_by_percentages(parts, expected) -> None:
    assert split(parts) == expected


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["AF", "PK", "BD", "KE"]),
            st.one_of(st.none(), st.decimals(0, 100, places=4)),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_split_always_allocates_the_whole_value(parts) -> None:
    assert sum(split(parts).values()) == 1


def row(year, marker, allocable, amount, **kw) -> Row:
    return Row(year, marker, allocable, Fraction(amount), count=1, **kw)


def test_the_headline_share_counts_principal_and_significant_apart() -> None:
    rows = [
        row(2020, 2, True, 100),
        row(2020, 1, True, 300),
        row(2020, 0, True, 400),
        row(2020, None, True, 200),  # not screened: in the denominator, not "0"
        row(2020, 2, False, 5000),  # not bilateral allocable: left out
        row(2021, 1, True, 50, unconverted=3),
        row(2021, None, True, 50),
    ]
    table = d.focused_share(rows)
    first, second, average = table.rows
    assert first["period"] == "2020"
    assert first["principal"] == Decimal("100.00")
    assert first["significant"] == Decimal("300.00")
    assert first["allocable"] == Decimal("1000.00")
    assert first["principal_share"] == Decimal("0.1000")
    assert first["focused_share"] == Decimal("0.4000")
    assert first["screened_share"] == Decimal("0.8000")
    assert first["focused_share_of_screened"] == Decimal("0.5000")
    assert second["focused_share"] == Decimal("0.5000")
    # the two-year average: sums over both years halved, the share a ratio of the sums
    assert average["period"] == "2020-2021 average"
    assert average["allocable"] == Decimal("550.00")
    assert average["focused"] == Decimal("225.00")
    assert average["focused_share"] == Decimal("0.4091")
    assert table.unconverted == 3


def test_a_year_without_aid_has_no_share_rather_than_zero() -> None:
    table = d.focused_share([row(2020, 1, True, 10), row(2022, 1, True, 10)])
    assert [r["period"] for r in table.rows][:3] == ["2020", "2021", "2022"]
    assert table.rows[1]["focused_share"] is None
    assert table.rows[1]["allocable"] == Decimal("0.00")


def test_the_years_asked_for_are_all_shown() -> None:
    table = d.screened([row(2020, 1, True, 10)], years=(2019, 2021))
    assert [r["year"] for r in table.rows] == [2019, 2020, 2021]


def test_top_recipients_keep_ten_and_sum_the_rest() -> None:
    rows = [row(0, 1, False, 100 + i, key=f"C{i:02d}") for i in range(12)]
    rows.append(row(0, 0, False, 10**6, key="BIG"))  # not targeted: not in the figure
    table = d.top_by_key(rows, {}, "Recipient")
    assert len(table.rows) == 11
    assert table.rows[0]["code"] == "C11"
    assert table.rows[-1]["name"] == "All others (2)"
    assert table.rows[-1]["code"] == ""  # a sum of codes has none of its own (it was "*")
    assert table.rows[-1]["focused"] == Decimal("201.00")


def test_amounts_are_rounded_once_at_the_end() -> None:
    thirds = [row(2020, 1, True, Fraction(1, 3)) for _ in range(3)]
    assert d.by_marker(thirds).rows[0]["significant"] == Decimal("1.00")


def test_results_are_summed_by_indicator_and_sex() -> None:
    values = [
        ResultValue("Women trained", "female", Decimal("10"), 1),
        ResultValue("Women  trained", "female", Decimal("5.5"), 2),
        ResultValue("Women trained", "male", Decimal("2"), 2),
        ResultValue("Girls enrolled", "female", Decimal("1000"), 3),
        ResultValue("Girls enrolled", "", Decimal("99"), 3),  # not disaggregated: left out
    ]
    table = d.results_by_sex(values)
    assert table.rows == [
        {
            "indicator": "Girls enrolled",
            "female": Decimal("1000"),
            "male": Decimal("0"),
            "total": Decimal("1000"),
            "activities": 1,
        },
        {
            "indicator": "Women trained",
            "female": Decimal("15.5"),
            "male": Decimal("2"),
            "total": Decimal("17.5"),
            "activities": 2,
        },
    ]


@given(
    st.lists(
        st.tuples(
            st.integers(2015, 2020),
            st.sampled_from([None, 0, 1, 2]),
            st.booleans(),
            st.integers(-(10**9), 10**11),
        ),
        max_size=30,
    )
)
def test_by_marker_adds_up_to_the_rows(rows) -> None:
    table = d.by_marker([Row(y, m, a, Fraction(c, 100), 1) for y, m, a, c in rows])
    years = [r for r in table.rows if "average" not in r["period"]]
    total = sum((r["total"] for r in years), Decimal(0))
    assert total == Decimal(sum(c for *_, c in rows)) / 100


def test_every_figure_has_a_definition_and_a_title() -> None:
    for name, figure in d.FIGURES.items():
        assert figure.name == name
        assert len(figure.definition) > 80 and figure.title


def test_the_basis_says_flow_flow_type_prices_currency_and_providers() -> None:
    basis = Basis("disbursements", "constant", "USD", 2020, "USD")
    assert basis.describe() == (
        "Disbursements and expenditure (IATI transaction types 3 and 4); ODA (IATI flow type "
        "10, CRS category 10); constant 2020 prices (deflator series USD); USD; DAC members"
    )
    assert basis.as_json()["transaction_types"] == ["3", "4"]
    every = Basis(flow_type="all", provider_group="all", sources="Sources: IATI 2016 (3 counted)")
    assert every.describe() == (
        "Commitments (IATI transaction type 2); every flow type (ODA, other official and "
        "private flows); current prices; USD; all providers. Sources: IATI 2016 (3 counted)"
    )
    assert (
        Basis(flow_type="20", provider_group="multilateral")
        .as_json()["text"]
        .endswith("flow type 20 (OOF); current prices; USD; multilateral organisations")
    )


def test_the_sources_figure_says_what_each_source_counted_and_left_out() -> None:
    rows = [
        Row(2016, 1, True, Fraction(10), count=2, key="iati:counted"),
        Row(2016, None, True, Fraction(5), count=1, unconverted=1, key="iati:counted"),
        Row(2017, 2, True, Fraction(7), count=3, key="crs:counted"),
        Row(2017, 2, True, Fraction(7), count=4, key="iati:left"),
    ]
    table = d.sources(rows)
    assert [tuple(r.values()) for r in table.rows] == [
        (2016, "IATI", 4, Decimal("15.00"), 0),
        (2017, "IATI", 0, Decimal("0.00"), 4),
        (2017, "OECD CRS", 3, Decimal("7.00"), 0),
    ]
    assert d.sources_text(table) == (
        "Sources: IATI 2016 (4 counted), OECD CRS 2017 (3 counted); left out: 4 IATI rows where "
        "the other source covers the same provider and year"
    )
