"""The export writes only codes that are in their 2.03 codelist: each unlisted value stored
from a file is left out (attribute or element) with a note, and the file stays valid."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from lxml import etree

from parity.iati.model import (
    Activity,
    DocumentLink,
    Narrative,
    OrgRef,
    ParticipatingOrg,
    PolicyMarker,
    RecipientCountry,
    RecipientRegion,
    RelatedActivity,
    Sector,
)
from parity.iati.validation import validate_activities_xml
from tests.iati.official_codes import bad_codes
from tests.iati.writer_support import SCHEMA_203, export, full


def with_transaction(activity: Activity, **changes: Any) -> Activity:
    return replace(activity, transactions=(replace(activity.transactions[0], **changes),))


# (what the database holds, an XPath that must find nothing, the start of the note)
CASES = [
    (
        lambda a: replace(a, reporting_org=replace(a.reporting_org, type="Multilateral")),
        "//reporting-org[@type!='']",
        "reporting-org type 'Multilateral' is not in the OrganisationType codelist",
    ),
    (
        lambda a: replace(
            a, participating_orgs=(ParticipatingOrg(OrgRef("XM-2", "Other"), "Donor"),)
        ),
        "//participating-org[@type or @role!='']",
        "participating-org type 'Other'",
    ),
    (
        lambda a: replace(a, collaboration_type="5"),
        "//collaboration-type",
        "collaboration-type '5'",
    ),
    (
        lambda a: replace(a, default_aid_types=("CO1",)),
        "//default-aid-type",
        "default-aid-type: 'CO1' is not in the AidType codelist; the element is left out",
    ),
    (
        lambda a: replace(a, default_tied_status="CO1", status="Active"),
        "//default-tied-status | //activity-status[@code!='']",
        "activity-status 'Active'",
    ),
    (
        lambda a: replace(a, sectors=(Sector("1", vocabulary="WBTheme"),)),
        "//iati-activity/sector",
        "sector: 'WBTheme' is not in the SectorVocabulary codelist; the element is left out",
    ),
    (
        lambda a: replace(a, sectors=(Sector("11111"),)),
        "//iati-activity/sector",
        "sector: '11111' is not in the Sector codelist",
    ),
    (
        lambda a: replace(a, recipient_countries=(RecipientCountry("998"),)),
        "//iati-activity/recipient-country",
        "recipient-country: '998' is not in the Country codelist",
    ),
    (
        lambda a: replace(a, recipient_regions=(RecipientRegion("456"),)),
        "//iati-activity/recipient-region",
        "recipient-region: '456' is not in the Region codelist",
    ),
    (
        lambda a: replace(a, policy_markers=(PolicyMarker("1", "7"), PolicyMarker("99", "1"))),
        "//policy-marker[@significance or @code='99']",
        "policy-marker: '99' is not in the PolicyMarker codelist",
    ),
    (
        lambda a: with_transaction(a, recipient_country="998", sector_code="11111"),
        "//transaction/recipient-country | //transaction/sector",
        "transaction recipient-country '998'",
    ),
    (
        lambda a: with_transaction(a, provider=OrgRef("XM-3", "Government agency")),
        "//provider-org[@type]",
        "provider-org type 'Government agency'",
    ),
    (
        lambda a: replace(
            a, document_links=(DocumentLink("https://x.org/a", "application/mail", (), ("Z1",)),)
        ),
        "//document-link[@format!=''] | //document-link/category[@code!='']",
        "document-link format 'application/mail' is not in the FileFormat codelist",
    ),
    (
        lambda a: replace(a, related_activities=(RelatedActivity("XM-9", "parent"),)),
        "//related-activity",
        "related-activity: 'parent' is not in the RelatedActivityType codelist",
    ),
    (
        lambda a: replace(a, titles=(Narrative("Title", "english"),)),
        "//iati-activity/title/narrative/@xml:lang",
        "title xml:lang 'english' is not in the Language codelist",
    ),
    (
        lambda a: replace(a, other_default_aid_types=(("TEXT", "A01"),)),
        "//default-aid-type[@vocabulary='TEXT']",
        "default-aid-type: 'TEXT' is not in the AidTypeVocabulary codelist",
    ),
    (
        lambda a: with_transaction(a, other_aid_types=(("TEXT", "A01"),)),
        "//transaction/aid-type[@vocabulary='TEXT']",
        "transaction aid-type: 'TEXT' is not in the AidTypeVocabulary codelist",
    ),
]


@pytest.mark.parametrize(("change", "absent", "note"), CASES)
def test_it_leaves_out_each_code_not_in_its_codelist(change: Any, absent: str, note: str) -> None:
    xml = export(change(full()))
    tree = etree.fromstring(xml)
    assert tree.xpath(absent) == []
    comments = " ".join(c.text for c in tree.iter(etree.Comment))
    assert note in comments
    assert validate_activities_xml(xml, SCHEMA_203) == []
    assert bad_codes(xml) == []


def test_it_keeps_listed_codes_and_writes_no_note_for_them() -> None:
    xml = export(full())
    tree = etree.fromstring(xml)
    assert not any("codelist" in c.text for c in tree.iter(etree.Comment))
    assert tree.xpath("//reporting-org/@type") == ["10"]
    assert bad_codes(xml) == []


def test_the_independent_check_finds_a_word_where_a_code_belongs() -> None:
    xml = export(full()).replace(
        b'<reporting-org ref="XM-DAC-1" type="10"',
        b'<reporting-org ref="XM-DAC-1" type="Multilateral"',
    )
    assert bad_codes(xml) == [
        "line 5: //iati-activity/reporting-org/@type 'Multilateral' is not in OrganisationType"
    ]
