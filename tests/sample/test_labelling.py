from parity.sample import SAMPLE_LABEL, SAMPLE_ORG_NAME, SAMPLE_ORG_REF, generate_portfolio


def test_every_title_in_every_language_carries_the_label(portfolio):
    for activity in portfolio:
        assert activity.titles
        assert all(SAMPLE_LABEL in n.text for n in activity.titles), activity.identifier


def test_every_general_description_says_sample_data(portfolio):
    for activity in portfolio:
        general = next(d for d in activity.descriptions if d.type == "1")
        assert general.narratives[0].text.startswith("Sample data (fictional")


def test_the_reporting_org_is_fictional(portfolio):
    assert "(fictional)" in SAMPLE_ORG_NAME
    assert SAMPLE_ORG_REF.startswith("XM-DAC-99999")
    for activity in portfolio[:50]:
        assert activity.reporting_org.ref == SAMPLE_ORG_REF
        assert activity.identifier.startswith(f"{SAMPLE_ORG_REF}-")
        assert activity.reporting_org.names[0].text == SAMPLE_ORG_NAME


def test_every_partner_is_fictional(portfolio):
    for activity in portfolio:
        for party in activity.participating_orgs:
            assert "fictional" in party.org.names[0].text
            assert party.org.ref == "" or party.org.ref.startswith("XM-")


def test_document_links_point_at_a_reserved_domain(portfolio):
    urls = [link.url for a in portfolio for link in a.document_links]
    assert urls
    assert all(url.startswith("https://example.org/parity-sample/") for url in urls)


def test_another_reporting_org_ref_is_used_throughout():
    activity = next(generate_portfolio(1, reporting_org_ref="XM-DAC-99999-OTHER"))
    assert activity.identifier.startswith("XM-DAC-99999-OTHER-")
    assert {p.org.ref for p in activity.participating_orgs if p.role in ("1", "3")} == {
        "XM-DAC-99999-OTHER"
    }
