"""Provider groups from IATI organisation identifiers and CRS provider codes."""

from __future__ import annotations

import pytest

from parity.crs import codes
from parity.providers import (
    DAC,
    MULTILATERAL,
    OTHER,
    Provider,
    crs_provider,
    dac_member_countries,
    provider_of_org,
)


@pytest.mark.parametrize(
    ("ref", "org_type", "expected"),
    [
        ("GB-GOV-1", "10", Provider("12", DAC)),  # DFID: a DAC member's government
        ("GB-GOV-1", "", Provider("12", DAC)),  # no type, but GOV says government
        ("SE-0", "10", Provider("10", DAC)),  # Sida
        ("XM-DAC-701-8", "10", Provider("701", DAC)),  # JICA
        ("XM-DAC-7", "10", Provider("7", DAC)),  # Netherlands MFA
        ("XM-DAC-918-3", "40", Provider("918", DAC)),  # EU institutions by DAC code
        ("XI-IATI-EC_INTPA", "15", Provider("918", DAC)),  # EU institutions by IATI prefix
        ("XM-DAC-41114", "40", Provider("XM-DAC-41114", MULTILATERAL)),  # UNDP: channel code
        ("XM-DAC-905", "40", Provider("905", MULTILATERAL)),  # IDA: a CRS provider code
        ("XI-IATI-AFDB", "40", Provider("XI-IATI-AFDB", MULTILATERAL)),
        ("GB-CHC-202918", "21", Provider("GB-CHC-202918", OTHER)),  # a British charity
        ("TR-GOV-1", "10", Provider("TR-GOV-1", OTHER)),  # Türkiye is not a DAC member
        ("XM-DAC-566", "10", Provider("566", OTHER)),  # Saudi Arabia
        ("XM-DAC-1601", "60", Provider("1601", OTHER)),  # a private foundation
        ("XM-DAC-99999-SAMPLE", "10", Provider("XM-DAC-99999-SAMPLE", OTHER)),  # fictional
    ],
)
def test_an_iati_organisation_belongs_to_one_group(ref, org_type, expected) -> None:
    assert provider_of_org(ref, org_type) == expected


def test_every_dac_member_country_is_a_dac_provider_of_the_crs() -> None:
    dac = {code for code, group in codes.provider_groups().items() if group == "dac"}
    assert len(dac) == 32
    for code in dac:
        assert crs_provider(code).group == DAC
    # every member but the EU institutions has a country its government's identifiers start with
    countries = {provider_of_org(f"{iso}-GOV-1", "10").key for iso in dac_member_countries()}
    assert countries == dac - {"918"}


def test_an_unknown_crs_provider_is_another_provider() -> None:
    assert crs_provider("123456") == Provider("123456", OTHER)
