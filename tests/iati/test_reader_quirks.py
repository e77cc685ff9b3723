"""One parametrised row per IATI quirk the reader must handle (inline XML)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from parity.iati.model import Narrative
from tests.iati.conftest import one_activity, read_xml

TX = '<transaction-type code="{code}"/><value value-date="2012-01-01">{value}</value>'


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("IF", "1"),
        ("C", "2"),
        ("D", "3"),
        ("E", "4"),
        ("IR", "5"),
        ("LR", "6"),
        ("R", "7"),
        ("QP", "8"),
        ("QS", "9"),
        ("CG", "10"),
        ("d", "3"),
        ("3", "3"),
        ("11", "11"),
        ("13", "13"),
    ],
)
def test_it_upgrades_transaction_type_letters(code: str, expected: str) -> None:
    # A file declaring 2.03 but using letters is upgraded too.
    body = f"<transaction>{TX.format(code=code, value=1)}</transaction>"
    activity = one_activity(body, root='version="2.03"')
    assert activity.transactions[0].type == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1000", "1000"),
        ("1,000,000", "1000000"),
        ("1 000", "1000"),
        ("-5.25", "-5.25"),
        (".5", "0.5"),
        ("-.75", "-0.75"),
        ("2663000000", "2663000000"),
        (" 12 ", "12"),
        ("1\u00a0000", "1000"),
    ],
)
def test_it_reads_values(text: str, expected: str) -> None:
    activity = one_activity(f"<transaction>{TX.format(code='3', value=text)}</transaction>")
    assert activity.transactions[0].value == Decimal(expected)


@pytest.mark.parametrize(
    ("attrs", "value_attrs", "currency"),
    [
        ('default-currency="USD"', "", "USD"),
        ('default-currency="USD"', 'currency="GBP"', "GBP"),
        ("", "", ""),
        ("", 'currency="EUR"', "EUR"),
        ('default-currency="USD"', 'currency=""', "USD"),
    ],
)
def test_it_resolves_currency(attrs: str, value_attrs: str, currency: str) -> None:
    body = f'<transaction><transaction-type code="3"/><value {value_attrs}>5</value></transaction>'
    body += f"<budget><value {value_attrs}>5</value></budget>"
    activity = one_activity(body, attrs=attrs)
    assert activity.transactions[0].currency == currency
    assert activity.budgets[0].currency == currency


@pytest.mark.parametrize(
    ("element", "expected_date", "expected_text"),
    [
        ('<transaction-date iso-date="2010-12-31"/>', date(2010, 12, 31), ""),
        ("<transaction-date>2010</transaction-date>", None, "2010"),
        # Text that only restates the ISO date is not kept; text that says more is.
        ("<transaction-date>2010-06-30</transaction-date>", date(2010, 6, 30), ""),
        (
            '<transaction-date iso-date="2010-06-30">2010-06-30</transaction-date>',
            date(2010, 6, 30),
            "",
        ),
        (
            '<transaction-date iso-date="2011-03-31">Q1 2011</transaction-date>',
            date(2011, 3, 31),
            "Q1 2011",
        ),
        ('<transaction-date iso-date="2011-01-01T00:00:00"/>', date(2011, 1, 1), ""),
        ("<transaction-date>Dec 2010</transaction-date>", None, "Dec 2010"),
        ("", None, ""),
    ],
)
def test_it_reads_transaction_dates(element: str, expected_date, expected_text: str) -> None:
    activity = one_activity(
        f'<transaction><transaction-type code="3"/><value>1</value>{element}</transaction>'
    )
    assert activity.transactions[0].date == expected_date
    assert activity.transactions[0].date_text == expected_text


@pytest.mark.parametrize(
    ("element", "expected"),
    [
        ('<activity-date type="start-planned" iso-date="2010-01-01"/>', "1"),
        ('<activity-date type="start-actual" iso-date="2010-01-01"/>', "2"),
        ('<activity-date type="end-planned" iso-date="2010-01-01"/>', "3"),
        ('<activity-date type="end-actual">2010-01-01</activity-date>', "4"),
        ('<activity-date type="2" iso-date="2010-01-01"/>', "2"),
    ],
)
def test_it_upgrades_activity_date_types(element: str, expected: str) -> None:
    (activity_date,) = one_activity(element).dates
    assert (activity_date.type, activity_date.iso_date) == (expected, date(2010, 1, 1))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("Funding", "1"),
        ("Accountable", "2"),
        ("Extending", "3"),
        ("Implementing", "4"),
        ("implementing", "4"),
        ("4", "4"),
    ],
)
def test_it_upgrades_participating_org_roles(role: str, expected: str) -> None:
    activity = one_activity(f'<participating-org role="{role}" ref="X">Name</participating-org>')
    assert activity.participating_orgs[0].role == expected
    assert activity.participating_orgs[0].org.names == (Narrative("Name"),)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("Multilateral", "40"),
        ("Government", "10"),
        ("International NGO", "21"),
        ("Academic, Training and Research", "80"),
        (" multilateral ", "40"),
        ("40", "40"),
        ("Donor Country Based NGO", "Donor Country Based NGO"),  # no 2.0x code: kept as given
    ],
)
def test_it_upgrades_organisation_type_names(kind: str, expected: str) -> None:
    org = f'ref="X" type="{kind}"'
    body = f"<participating-org role='1' {org}/><transaction>{TX.format(code='3', value=1)}"
    activity = one_activity(f"{body}<provider-org {org}/></transaction>")
    assert activity.participating_orgs[0].org.type == expected
    assert activity.transactions[0].provider is not None
    assert activity.transactions[0].provider.type == expected


@pytest.mark.parametrize(
    ("body", "titles"),
    [
        ("<title>Text</title>", (Narrative("Text"),)),
        ('<title xml:lang="fr">Texte</title>', (Narrative("Texte", "fr"),)),
        (
            '<title><narrative>Water</narrative><narrative xml:lang="fr">Eau</narrative></title>',
            (Narrative("Water"), Narrative("Eau", "fr")),
        ),
        ('<title xml:lang="es"><narrative>Agua</narrative></title>', (Narrative("Agua", "es"),)),
        ("<title/>", ()),
    ],
)
def test_it_reads_narratives_and_element_text(body: str, titles: tuple) -> None:
    assert one_activity(body).titles == titles


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ('<activity-status code="2">Implementation</activity-status>', "2"),
        ("<activity-status>Implementation</activity-status>", "2"),
        ('<activity-status code="4"/>', "4"),
    ],
)
def test_it_reads_activity_status(body: str, status: str) -> None:
    assert one_activity(body).status == status


def test_it_reads_reporting_org_text() -> None:
    xml = (
        '<iati-activity><reporting-org ref="GB-1" type="10">DFID</reporting-org>'
        "<iati-identifier>GB-1-1</iati-identifier></iati-activity>"
    )
    (activity,) = read_xml(xml)
    assert activity.reporting_org.ref == "GB-1"
    assert activity.reporting_org.names == (Narrative("DFID"),)


@pytest.mark.parametrize(
    ("attrs", "vocabulary", "percentage"),
    [
        ('code="11110"', "1", None),
        ('vocabulary="DAC" code="11110"', "1", None),
        ('vocabulary="DAC-3" code="111"', "2", None),
        ('vocabulary="1" code="11110" percentage="50.5"', "1", Decimal("50.5")),
        ('vocabulary="99" code="X"', "99", None),
        ('vocabulary="RO" code="X"', "99", None),
    ],
)
def test_it_reads_sectors(attrs: str, vocabulary: str, percentage) -> None:
    (sector,) = one_activity(f"<sector {attrs}/>").sectors
    assert (sector.vocabulary, sector.percentage) == (vocabulary, percentage)


@pytest.mark.parametrize(
    ("attrs", "vocabulary", "code", "significance"),
    [
        ('code="1" significance="2"', "1", "1", "2"),
        ('vocabulary="DAC" code="1" significance="1"', "1", "1", "1"),
        ('vocabulary="1" code="1" significance="0"', "1", "1", "0"),
        ('vocabulary="1" code="1"', "1", "1", None),
        ('vocabulary="1" code="1" significance=""', "1", "1", None),
        ('vocabulary="99" code="A1" significance="3"', "99", "A1", "3"),
    ],
)
def test_it_reads_policy_markers(attrs, vocabulary, code, significance) -> None:
    (marker,) = one_activity(f"<policy-marker {attrs}/>").policy_markers
    assert (marker.vocabulary, marker.code, marker.significance) == (vocabulary, code, significance)


@pytest.mark.parametrize("significance", ["3", "4"])
def test_it_keeps_an_invalid_gender_significance_with_a_note(significance: str) -> None:
    activity = one_activity(f'<policy-marker code="1" significance="{significance}"/>')
    assert activity.gender_marker().significance == significance
    (note,) = activity.notes
    assert (note.part, note.action, note.value) == ("policy-marker", "kept as given", significance)
    assert f"gender marker significance {significance} is only valid" in note.problem


@pytest.mark.parametrize("significance", ["TEXT", "5", "1.5"])
def test_it_leaves_out_a_significance_outside_0_to_4_with_a_note(significance: str) -> None:
    activity = one_activity(f'<policy-marker code="1" significance="{significance}"/>')
    assert activity.gender_marker().significance is None  # as if not given: not screened
    (note,) = activity.notes
    assert (note.part, note.action, note.value) == ("policy-marker", "dropped", significance)
    assert repr(significance) in note.problem


def test_it_skips_an_empty_1x_policy_marker_placeholder() -> None:
    activity = one_activity('<policy-marker significance="" vocabulary="" code=""/>')
    assert activity.policy_markers == ()
    assert activity.warnings


@pytest.mark.parametrize(
    ("name", "value", "norm_name", "norm_value"),
    [
        ("sex", "female", "sex", "female"),
        ("Gender", "Women", "sex", "female"),
        ("sex", "F", "sex", "female"),
        ("sex", "girls", "sex", "female"),
        ("SEX", "Female", "sex", "female"),
        ("sex", "m", "sex", "male"),
        ("gender", "Boys", "sex", "male"),
        ("Age group", "Adult", "age", "adult"),
        ("Age", "15-24", "age", "15-24"),
        ("disability", "Yes", "disability", "yes"),
    ],
)
def test_it_normalises_result_dimensions(name, value, norm_name, norm_value) -> None:
    body = (
        '<result type="1"><indicator measure="1"><period>'
        '<period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>'
        f'<target value="10"><dimension name="{name}" value="{value}"/></target>'
        '<target value="4"/><actual value="1,000"/><actual value="3"/>'
        "</period></indicator></result>"
    )
    (period,) = one_activity(body).results[0].indicators[0].periods
    dimension = period.targets[0].dimensions[0]
    assert (dimension.name, dimension.value) == (name, value)
    assert (dimension.norm_name, dimension.norm_value) == (norm_name, norm_value)
    assert [t.value for t in period.targets] == [10, 4]
    assert [a.value for a in period.actuals] == [1000, 3]


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [("", "1"), ('type="2"', "2"), ('type="General"', "1"), ('type="Objectives"', "2")],
)
def test_it_reads_description_types(attrs: str, expected: str) -> None:
    (description,) = one_activity(f"<description {attrs}>Text</description>").descriptions
    assert description.type == expected


@pytest.mark.parametrize(
    ("root", "attrs", "version"),
    [
        ('version="2.03"', "", "2.03"),
        ('version="1.01"', "", "1.01"),
        ("", "", ""),
        ('version="1.0"', 'version="1.00"', "1.00"),
        (
            'xmlns:iati-extra="http://datastore.iatistandard.org/ns"',
            'iati-extra:version="2.02"',
            "2.02",
        ),
    ],
)
def test_it_records_the_declared_version(root: str, attrs: str, version: str) -> None:
    assert one_activity("", attrs=attrs, root=root).iati_version == version


def test_it_reads_transaction_details() -> None:
    body = (
        '<transaction ref="T1" humanitarian="1"><transaction-type code="3"/>'
        '<transaction-date iso-date="2012-03-01"/><value currency="USD" value-date="2012-02-01">'
        "10</value><description><narrative>Pay</narrative></description>"
        '<provider-org ref="P" provider-activity-id="P-1"><narrative>P</narrative></provider-org>'
        '<receiver-org ref="R" receiver-activity-id="R-1" type="21">Rec</receiver-org>'
        '<disbursement-channel code="1"/><sector vocabulary="2" code="111"/>'
        '<recipient-country code="KE"/><recipient-region code="298"/><flow-type code="10"/>'
        '<finance-type code="110"/><aid-type code="C01"/><aid-type code="1" vocabulary="2"/>'
        '<tied-status code="5"/></transaction>'
    )
    (tx,) = one_activity(body).transactions
    assert (tx.ref, tx.type, tx.date, tx.value, tx.currency) == (
        "T1",
        "3",
        date(2012, 3, 1),
        10,
        "USD",
    )
    assert tx.value_date == date(2012, 2, 1)
    assert tx.provider.activity_id == "P-1" and tx.receiver.activity_id == "R-1"
    assert tx.receiver.names == (Narrative("Rec"),) and tx.receiver.type == "21"
    assert (tx.sector_code, tx.sector_vocabulary) == ("111", "2")
    assert (tx.recipient_country, tx.recipient_region) == ("KE", "298")
    assert (tx.flow_type, tx.finance_type, tx.aid_type, tx.tied_status) == ("10", "110", "C01", "5")
    assert tx.disbursement_channel == "1"
    assert tx.description == (Narrative("Pay"),)


def test_it_reads_activity_level_codes_and_parts() -> None:
    body = (
        '<activity-scope code="4"/><collaboration-type code="1"/><default-flow-type code="10"/>'
        '<default-finance-type code="110"/><default-aid-type code="A01"/>'
        '<default-aid-type code="1" vocabulary="2"/><default-aid-type code="B03" vocabulary="1"/>'
        '<default-tied-status code="5"/><recipient-country code="KE" percentage="60"/>'
        '<recipient-region code="298" percentage="40"/>'
        '<budget type="2" status="2"><period-start iso-date="2020-01-01"/>'
        '<period-end iso-date="2020-12-31"/><value value-date="2020-01-01">3,000</value></budget>'
        '<document-link url="http://x/doc.pdf" format="application/pdf"><title><narrative>Doc'
        '</narrative></title><category code="A01"/><language code="en"/>'
        '<document-date iso-date="2020-05-01"/></document-link>'
        '<location ref="L1"><name><narrative>Nairobi</narrative></name>'
        '<point srsName="x"><pos>-1.28 36.82</pos></point><exactness code="1"/></location>'
        '<related-activity ref="XM-1-B" type="1"/>'
    )
    activity = one_activity(body, attrs='humanitarian="1" xml:lang="en"')
    assert (activity.scope, activity.collaboration_type) == ("4", "1")
    assert (activity.default_flow_type, activity.default_finance_type) == ("10", "110")
    assert activity.default_aid_types == ("A01", "B03")
    assert activity.default_tied_status == "5"
    assert activity.humanitarian is True and activity.default_lang == "en"
    assert activity.recipient_countries[0].percentage == 60
    assert activity.recipient_regions[0].percentage == 40
    (budget,) = activity.budgets
    assert (budget.type, budget.status, budget.value) == ("2", "2", 3000)
    assert (budget.period_start, budget.period_end) == (date(2020, 1, 1), date(2020, 12, 31))
    (link,) = activity.document_links
    assert (link.categories, link.languages, link.document_date) == (
        ("A01",),
        ("en",),
        date(2020, 5, 1),
    )
    (location,) = activity.locations
    assert (location.latitude, location.longitude) == (Decimal("-1.28"), Decimal("36.82"))
    assert activity.related_activities[0].type == "1"


def test_it_reads_a_bare_activity_root_and_a_wrapped_file() -> None:
    bare = "<iati-activity><iati-identifier>A</iati-identifier></iati-activity>"
    wrapped = (
        '<result><ok>True</ok><iati-activities version="1.03"><query/>'
        f"{bare}{bare.replace('>A<', '>B<')}</iati-activities></result>"
    )
    assert [a.identifier for a in read_xml(bare)] == ["A"]
    assert [(a.identifier, a.iati_version) for a in read_xml(wrapped)] == [
        ("A", "1.03"),
        ("B", "1.03"),
    ]


def test_it_yields_duplicates_and_warns_on_the_later_one() -> None:
    activity = "<iati-activity><iati-identifier>A</iati-identifier></iati-activity>"
    first, second = read_xml(f"<iati-activities>\n{activity}\n{activity}</iati-activities>")
    assert first.warnings == ()
    assert "duplicate iati-identifier (also at line 2)" in second.warnings[0]
