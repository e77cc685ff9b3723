"""Every fact of the source document (shared/seed/international-cooperation.md) is on a page
of the demo, as the source words it: the test walks the list and finds each one."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from parity.commitments.seed import load_seed

EVENT, FRAMEWORK, PLEDGE = (
    "commitments:event-detail",
    "commitments:framework-detail",
    "commitments:pledge-detail",
)
ACTIVITY = "activities:detail"

# (page, slug or identifier, the facts that page must state)
SOURCE_FACTS = [
    (EVENT, "unga-68-2013", ["September 2013", "A Society where Women Shine"]),
    (
        PLEDGE,
        "oda-for-women-3bn-2016-2018",
        [
            "in excess of US$3 billion",
            "2016 to 2018",
            "Fully implemented",
            "promoting women's and girls' rights",
            "building the capacity of women and girls to reach their full potential",
            "advancement of women's leadership in politics, economy and other public fields",
        ],
    ),
    (
        FRAMEWORK,
        "sdgs-guiding-principles-2016",
        [
            "September 2015",
            "achieve gender equality and empower all women and girls",
            "May 2016",
            "December 2016",
        ],
    ),
    (FRAMEWORK, "sdgs-action-plan-2018", ["December 2017", "Regional vitalization"]),
    (FRAMEWORK, "sdgs-action-plan-2019", ["December 2018"]),
    (FRAMEWORK, "development-cooperation-charter-2015", ["February 2015", "human security"]),
    (FRAMEWORK, "basic-design-peace-health-2015", ["September 2015", "universal health coverage"]),
    (FRAMEWORK, "gender-strategy-2016", ["May 2016", "enabling environment"]),
    (
        PLEDGE,
        "g7-ise-shima-officials-and-students-2016-2018",
        [
            "roughly 5,000 female administrative officers",
            "approximately 50,000 female students",
            "Being steadily implemented",
        ],
    ),
    (EVENT, "ticad-vi-2016", ["August 2016", "Kenya", "Nairobi Declaration", "job training"]),
    (EVENT, "ticad-ministerial-2017", ["August 2017", "decision-making"]),
    (EVENT, "ticad-ministerial-2018", ["October 2018"]),
    (
        EVENT,
        "srsg-svc-visit-tokyo",
        [
            "Sexual Violence in Conflict",
            "Ms. Pramila Patten",
            "British Embassy in Tokyo",
            "end of October to early November",
            "Evaluation Committee",
        ],
    ),
    (ACTIVITY, "PARITY-SEED-MOFA-SRSG-SVC", ["Office of the Special Representative"]),
    (
        ACTIVITY,
        "PARITY-SEED-MOFA-UN-WOMEN",
        [
            "approximately US$2 million in 2013",
            "exceeded US$20 million since 2015",
            "second largest contributor",
            "April 2015",
            "only one of its kind in Asia",
        ],
    ),
    (EVENT, "japan-nato-wps-2014", ["May 2014", "Anders Fogh Rasmussen", "NATO Headquarters"]),
    (
        ACTIVITY,
        "PARITY-SEED-MOD-NATO-WPS",
        [
            "December 2014",
            "July 2017",
            "Self-Defense Force",
            "Special Representative for Women, Peace and Security",
        ],
    ),
    (FRAMEWORK, "nap-wps-2015", ["1325", "natural disasters", "since 2016", "reviewed in 2019"]),
    (
        EVENT,
        "g7-ise-shima-2016",
        [
            "G7 Guiding Principles for Capacity Building of Women and Girls",
            "Women's Initiative in Developing STEM Career (WINDS)",
            "Vision for Global Health",
        ],
    ),
    (
        EVENT,
        "g7-taormina-2017",
        [
            "May 2017",
            "Italian G7 Presidency",
            "Roadmap for a Gender-Responsive Economic",
        ],
    ),
    (
        EVENT,
        "g7-gender-ministerial-2017",
        [
            "November 2017",
            "Taormina, Italy",
            "for the first time",
            "Declaration of the Ministers",
        ],
    ),
    (EVENT, "g20-hamburg-2017", ["July 2017", "13 countries", "US$50 million"]),
    (PLEDGE, "we-fi-50m-2017", ["US$50 million", "no period"]),
    (
        EVENT,
        "w20-buenos-aires-2018",
        [
            "Buenos Aires",
            "October 2018",
            "Rural Development",
            "Turkish presidency",
        ],
    ),
    (
        EVENT,
        "un-tip-protocol-2017",
        [
            "July 2017",
            "UN Trafficking in Persons Protocol",
            "women and children are prone to become victims",
        ],
    ),
    (EVENT, "waw-2017", ["November 2017", "2,400", "64 top leaders"]),
    (
        FRAMEWORK,
        "jica-priority-areas",
        [
            "gender mainstreaming",
            "Promoting gender-responsive infrastructure",
            "since 2009",
        ],
    ),
    (ACTIVITY, "PARITY-SEED-JICA-TIP-TH-MDT", ["Multi-Disciplinary Teams", "2009", "2014"]),
    (ACTIVITY, "PARITY-SEED-JICA-TIP-GMS", ["border areas with Laos", "2015", "2019"]),
    (EVENT, "mekong-regional-workshop-8-2018", ["March 2018", "effective social reintegration"]),
    (ACTIVITY, "PARITY-SEED-JICA-TIP-VN-HOTLINE", ["Hotline", "2018", "2021"]),
    (ACTIVITY, "PARITY-SEED-JICA-TIP-MM", ["Networking on Assisting Victims", "2018", "2021"]),
    (ACTIVITY, "PARITY-SEED-JICA-TIP-ASEAN-TRAINING", ["every year", "ASEAN"]),
]


def _text(page: bytes) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.decode())))


@pytest.mark.django_db
def test_every_fact_of_the_source_is_on_a_page(client) -> None:
    load_seed()
    missing = []
    for view, key, facts in SOURCE_FACTS:
        response = client.get(reverse(view, args=[key]))
        assert response.status_code == 200, (view, key)
        text = _text(response.content)
        missing += [(key, fact) for fact in facts if fact not in text]
    assert missing == []


@pytest.mark.django_db
def test_no_page_states_what_the_source_does_not(client) -> None:
    load_seed()
    waw = _text(client.get(reverse(EVENT, args=["waw-2016"])).content)
    assert "Tokyo" not in waw and "January" not in waw  # the source gives neither
    assert "2016" in waw
    pledge = _text(client.get(reverse(PLEDGE, args=["oda-for-women-3bn-2016-2018"])).content)
    assert "January 1, 2016" not in pledge and "2016-01-01" not in pledge.split("Progress")[0]
    assert "the editor's choice" in pledge and "Links made by the editor" in pledge
    we_fi = _text(client.get(reverse(PLEDGE, args=["we-fi-50m-2017"])).content)
    assert "priority areas" not in we_fi
    nato = _text(client.get(reverse(EVENT, args=["japan-nato-wps-2014"])).content)
    assert not re.search(r"\bNone\b(?! recorded)", nato)  # "None recorded." is a sentence
    hotline = _text(client.get(reverse(ACTIVITY, args=["PARITY-SEED-JICA-TIP-VN-HOTLINE"])).content)
    assert "planned" in hotline.lower()
