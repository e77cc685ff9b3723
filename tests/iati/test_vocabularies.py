"""Codes that 2.03 repeats by vocabulary are read by vocabulary, never "the first one wins".

One parametrised row per quirk, on hand-made 2.03 activities.
"""

from __future__ import annotations

import io

import pytest

from parity.iati.writer import write_activities
from tests.iati.conftest import one_activity, read_xml

V203 = 'version="2.03"'
TX = (
    '<transaction><transaction-type code="3"/><value value-date="2020-01-01">5</value>'
    "{}</transaction>"
)


@pytest.mark.parametrize(
    ("children", "dac", "others"),
    [
        # an earmarking code (vocabulary 2) before the DAC one: the DAC one is the aid type
        ('<aid-type code="1" vocabulary="2"/><aid-type code="C01"/>', "C01", (("2", "1"),)),
        (
            '<aid-type code="C01" vocabulary="1"/><aid-type code="1" vocabulary="2"/>',
            "C01",
            (("2", "1"),),
        ),
        (
            '<aid-type code="A" vocabulary="3"/><aid-type code="B02" vocabulary="1"/>',
            "B02",
            (("3", "A"),),
        ),
        ('<aid-type code="1" vocabulary="4"/>', "", (("4", "1"),)),  # no DAC code: none invented
        ('<aid-type code="D02"/>', "D02", ()),  # no vocabulary is vocabulary 1
        ('<aid-type code="C01"/><aid-type code="D01"/>', "C01", ()),  # repeated DAC: the first
    ],
)
def test_transaction_aid_types_are_read_by_vocabulary(children, dac, others):
    (transaction,) = one_activity(TX.format(children), root=V203).transactions
    assert transaction.aid_type == dac
    assert transaction.other_aid_types == others


@pytest.mark.parametrize(
    ("children", "code", "vocabulary"),
    [
        ('<sector code="A1" vocabulary="99"/><sector code="11220"/>', "11220", "1"),
        ('<sector code="7" vocabulary="7"/><sector code="112" vocabulary="2"/>', "112", "2"),
        ('<sector code="112" vocabulary="2"/><sector code="11220" vocabulary="1"/>', "11220", "1"),
        ('<sector code="A1" vocabulary="99"/>', "A1", "99"),  # no DAC code: what is given
        ('<sector code="11220"/><sector code="12220"/>', "11220", "1"),
    ],
)
def test_a_transaction_sector_is_the_dac_one_whatever_the_order(children, code, vocabulary):
    (transaction,) = one_activity(TX.format(children), root=V203).transactions
    assert (transaction.sector_code, transaction.sector_vocabulary) == (code, vocabulary)


@pytest.mark.parametrize(
    ("children", "dac", "others"),
    [
        (
            '<default-aid-type code="1" vocabulary="2"/><default-aid-type code="B02"/>',
            ("B02",),
            (("2", "1"),),
        ),
        ('<default-aid-type code="A01" vocabulary="1"/>', ("A01",), ()),
        ('<default-aid-type code="A" vocabulary="3"/>', (), (("3", "A"),)),
    ],
)
def test_default_aid_types_keep_other_vocabularies_beside_the_dac_ones(children, dac, others):
    activity = one_activity(children, root=V203)
    assert activity.default_aid_types == dac
    assert activity.other_default_aid_types == others


INDICATOR = (
    '<result type="1"><title><narrative>R</narrative></title>'
    '<indicator measure="1" {}><title><narrative>People trained</narrative></title></indicator>'
    "</result>"
)


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [('aggregation-status="0"', False), ('aggregation-status="true"', True), ("", None)],
)
def test_indicator_aggregation_status_is_read(attrs, expected):
    (result,) = one_activity(INDICATOR.format(attrs), root=V203).results
    assert result.indicators[0].aggregation_status is expected


def test_other_vocabularies_survive_an_export_and_a_new_read():
    body = (
        '<default-aid-type code="1" vocabulary="2"/><default-aid-type code="C01"/>'
        + TX.format('<aid-type code="1" vocabulary="2"/><aid-type code="C01"/>')
        + INDICATOR.format('aggregation-status="0"')
    )
    activity = one_activity(body, root=V203)
    out = io.BytesIO()
    write_activities([activity], out)
    (again,) = read_xml(out.getvalue().decode("utf-8"))
    assert again.other_default_aid_types == activity.other_default_aid_types == (("2", "1"),)
    assert again.transactions[0].other_aid_types == (("2", "1"),)
    assert again.transactions[0].aid_type == "C01"
    assert again.results[0].indicators[0].aggregation_status is False
