import json

import pytest

from parity.markers import SchemeError, load_priority_rules, suggest_priority_areas

from .builders import activity, sector


def tags(*sectors):
    return [
        (tag.area.slug, tag.rule.label, tag.sector_code, tag.automatic)
        for tag in suggest_priority_areas(activity(sectors=sectors))
    ]


@pytest.mark.parametrize(
    ("sectors", "expected"),
    [
        # exact codes beat the prefix "15" (government and civil society)
        ([sector("15180")], [("rights-security", "code 15180", "15180", True)]),
        (
            [sector("15170")],
            [
                ("rights-security", "code 15170", "15170", True),
                ("governance", "code 15170", "15170", True),
            ],
        ),
        ([sector("15164")], [("rights-security", "code 15164", "15164", True),
                             ("governance", "code 15164", "15164", True)]),
        ([sector("15110")], [("governance", "prefix 15", "15110", True)]),
        # a longer prefix beats a shorter one
        ([sector("15220")], [("rights-security", "prefix 152", "15220", True)]),
        ([sector("12220")], [("education-health", "prefix 12", "12220", True)]),
        ([sector("13020")], [("education-health", "prefix 13", "13020", True)]),
        ([sector("11220")], [("education-health", "prefix 11", "11220", True)]),
        ([sector("14030")], [("infrastructure", "prefix 14", "14030", True)]),
        ([sector("21020")], [("infrastructure", "prefix 21", "21020", True)]),
        ([sector("23210")], [("infrastructure", "prefix 23", "23210", True)]),
        ([sector("16030")], [("infrastructure", "code 16030", "16030", True)]),
        ([sector("25010")], [("economic-empowerment", "prefix 25", "25010", True)]),
        ([sector("24030")], [("economic-empowerment", "prefix 24", "24030", True)]),
        ([sector("31120")], [("economic-empowerment", "prefix 31", "31120", True)]),
        ([sector("32130")], [("economic-empowerment", "prefix 32", "32130", True)]),
        ([sector("33110")], [("economic-empowerment", "prefix 33", "33110", True)]),
        # 3-digit categories (vocabulary 2) use the same prefixes
        ([sector("151", vocabulary="2")], [("governance", "prefix 15", "151", True)]),
        ([sector("152", vocabulary="2")], [("rights-security", "prefix 152", "152", True)]),
        ([sector("122", vocabulary="2")], [("education-health", "prefix 12", "122", True)]),
        # codes of the wrong shape for their vocabulary, and other vocabularies, suggest nothing
        ([sector("15180", vocabulary="2")], []),
        ([sector("151", vocabulary="1")], []),
        ([sector("15180", vocabulary="99")], []),
        # sectors with no rule suggest nothing
        ([sector("16010")], []),
        ([sector("99810")], []),
        ([], []),
        # codes are matched without surrounding spaces
        ([sector(" 15180 ")], [("rights-security", "code 15180", "15180", True)]),
    ],
)  # fmt: skip
def test_suggested_areas_by_sector(sectors, expected):
    assert tags(*sectors) == expected


def test_one_tag_per_area_keeping_the_most_specific_rule():
    result = tags(sector("15110", "60"), sector("15170", "40"), sector("12220"))
    assert result == [
        ("rights-security", "code 15170", "15170", True),
        ("education-health", "prefix 12", "12220", True),
        ("governance", "code 15170", "15170", True),
    ]


def test_tags_follow_the_area_order_of_the_rules_file_not_the_sector_order():
    slugs = [slug for slug, *_ in tags(sector("21020"), sector("25010"))]
    assert slugs == ["economic-empowerment", "infrastructure"]


@pytest.mark.parametrize(
    ("rules", "field", "problem"),
    [
        ([{"code": "1518", "areas": ["a"]}], "rules[0].code", "not a 5-digit purpose code"),
        ([{"prefix": "1", "areas": ["a"]}], "rules[0].prefix", "not 2 to 4 digits"),
        ([{"code": "15180", "prefix": "15", "areas": ["a"]}], "rules[0].code", "exactly one"),
        ([{"areas": ["a"]}], "rules[0].code", "exactly one"),
        ([{"code": "15180", "areas": ["b"]}], "rules[0].areas[0]", "'b' is not a priority area"),
        (
            [{"prefix": "15", "areas": ["a"]}, {"prefix": "15", "areas": ["a"]}],
            "rules[1].prefix",
            "a rule for prefix 15 already exists",
        ),
    ],
)
def test_a_broken_rules_file_names_the_file_and_field(tmp_path, rules, field, problem):
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"areas": [{"slug": "a", "name": "A"}], "rules": rules}))
    with pytest.raises(SchemeError) as error:
        load_priority_rules(path)
    assert (error.value.source, error.value.field) == (str(path), field)
    assert problem in error.value.problem


def test_another_organisation_can_bring_its_own_areas(tmp_path):
    path = tmp_path / "rules.json"
    path.write_text(
        json.dumps(
            {
                "areas": [{"slug": "peace", "name": "Women, peace and security"}],
                "rules": [{"prefix": "152", "areas": ["peace"]}],
            }
        )
    )
    result = suggest_priority_areas(activity(sectors=(sector("15220"),)), load_priority_rules(path))
    assert [(tag.area.name, tag.rule.label) for tag in result] == [
        ("Women, peace and security", "prefix 152")
    ]
