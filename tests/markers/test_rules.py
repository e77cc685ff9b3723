from datetime import date

import pytest

from parity.iati.model import Dimension, PolicyMarker
from parity.markers import RULES, Flag, Severity, check_activity, summarise

from .builders import (
    AGE,
    FEMALE,
    IDENTIFIER,
    activity,
    gender,
    indicator,
    period,
    sector,
    value,
)

TODAY = date(2025, 6, 30)
ENDED = date(2024, 12, 31)

NO_INDICATOR = "gender-focused-without-gender-indicator"
NO_OBJECTIVE = "principal-without-gender-objective"
INVALID = "gender-marker-invalid-significance"
ZERO_ON_GENDER_SECTOR = "not-targeted-on-gender-sector"
NO_ACTUAL = "sex-disaggregated-target-without-actual"
MISSING = "gender-marker-missing"
NO_SIGNIFICANCE = "gender-marker-without-significance"
NO_RESULTS = "results-not-published"
PARENT = "gender-marker-missing-parent"
PASS_THROUGH = "gender-marker-missing-pass-through"
# The rules of parity.markers.rules; the DAC minimum-criteria rules are tested in test_criteria.
CORE = [
    RULES[rule_id]
    for rule_id in (
        NO_INDICATOR,
        NO_RESULTS,
        NO_OBJECTIVE,
        INVALID,
        ZERO_ON_GENDER_SECTOR,
        NO_ACTUAL,
        MISSING,
        PARENT,
        PASS_THROUGH,
        NO_SIGNIFICANCE,
    )
]

WOMEN = indicator("Number of women trained")
WELLS = indicator("Number of wells built")
SEXE = Dimension(name="Sexe", value="Femmes", norm_name="", norm_value="")
EQUALITY = "Gender equality in local water committees"


def by_sex_target(end, *actuals):
    return indicator("Households connected", period(end, (value("40", FEMALE),), actuals))


def scored(significance, **parts):
    return activity(gender(significance), **parts)


def neutral(*periods):
    return indicator("Wells", *periods)


def overdue(*actuals):
    return (by_sex_target(ENDED, *actuals),)


FEMALE_5 = value("5", FEMALE)

CASES = [
    # r1: significant or principal needs a gender-specific indicator
    # a file without results cannot be checked: not the same as a missing indicator
    ("1 without results", scored("1"), [NO_RESULTS]),
    ("2 without results", scored("2", title=EQUALITY), [NO_RESULTS]),
    ("1 with a neutral indicator", scored("1", indicators=(WELLS,)), [NO_INDICATOR]),
    ("1 with an indicator on women", scored("1", indicators=(WOMEN,)), []),
    ("1, neutral and women indicators", scored("1", indicators=(WELLS, WOMEN)), []),
    ("1, curly apostrophe", scored("1", indicators=(indicator("Women\u2019s groups"),)), []),
    ("1, French", scored("1", indicators=(indicator("Filles scolarisées"),)), []),
    ("1, Spanish", scored("1", indicators=(indicator("Niñas matriculadas"),)), []),
    ("1, Japanese", scored("1", indicators=(indicator("女性の参加者数"),)), []),
    ("1, target by sex", scored("1", indicators=(neutral(period(None, (FEMALE_5,))),)), []),
    ("1, actual by sex", scored("1", indicators=(neutral(period(None, (), (FEMALE_5,))),)), []),
    (
        "1, only an age breakdown",
        scored("1", indicators=(neutral(period(None, (value("5", AGE),))),)),
        [NO_INDICATOR],
    ),
    (
        "1, raw French dimension name, not normalised",
        scored("1", indicators=(neutral(period(None, (value("5", SEXE),))),)),
        [],
    ),
    ("0 needs no gender indicator", scored("0"), []),
    # r2: principal should state a gender equality objective (heuristic)
    ("2 stating no objective", scored("2", indicators=(WOMEN,)), [NO_OBJECTIVE]),
    ("2 stating it in the title", scored("2", title=EQUALITY, indicators=(WOMEN,)), []),
    (
        "2 stating it in a description",
        scored("2", description="Towards the empowerment of women.", indicators=(WOMEN,)),
        [],
    ),
    (
        "2 stating it in French",
        scored("2", description="Autonomisation des femmes rurales", indicators=(WOMEN,)),
        [],
    ),
    (
        "2 stating it in Spanish",
        scored("2", title="Igualdad de género en el empleo", indicators=(WOMEN,)),
        [],
    ),
    ("2 stating it in Japanese", scored("2", title="ジェンダー平等推進", indicators=(WOMEN,)), []),
    ("1 need not state it", scored("1", indicators=(WOMEN,)), []),
    # r3: significance 3 and 4 belong to other markers
    ("significance 3", scored("3"), [INVALID]),
    ("significance 4", scored("4"), [INVALID]),
    ("significance 7", scored("7"), [INVALID]),
    ("significance text", scored("high"), [INVALID]),
    # r4: 0 contradicts sectors that are about gender equality by definition
    ("0 on 15180 only", scored("0", sectors=(sector("15180"),)), [ZERO_ON_GENDER_SECTOR]),
    (
        "0 with 15170 as one part",
        scored("0", sectors=(sector("15110", "80"), sector("15170", "20"))),
        [ZERO_ON_GENDER_SECTOR],
    ),
    ("0 on withdrawn 15164", scored("0", sectors=(sector("15164"),)), [ZERO_ON_GENDER_SECTOR]),
    ("0 on 15110", scored("0", sectors=(sector("15110"),)), []),
    ("0 on 15180 as vocabulary 99", scored("0", sectors=(sector("15180", vocabulary="99"),)), []),
    ("1 on 15180", scored("1", sectors=(sector("15180"),), indicators=(WOMEN,)), []),
    # r5: sex-disaggregated targets need sex-disaggregated actuals once the period is over
    ("ended, no actual", scored("0", indicators=overdue()), [NO_ACTUAL]),
    ("ended, total only", scored("0", indicators=overdue(value("90"))), [NO_ACTUAL]),
    ("ended, empty actual", scored("0", indicators=overdue(value(None, FEMALE))), [NO_ACTUAL]),
    ("ended, actual by sex", scored("0", indicators=overdue(value("38", FEMALE))), []),
    ("ends today", scored("0", indicators=(by_sex_target(TODAY),)), []),
    ("no end date", scored("0", indicators=(by_sex_target(None),)), []),
    ("ended, total target", scored("0", indicators=(neutral(period(ENDED, (value("9"),))),)), []),
    # r6: no marker at all is "not screened", never 0
    ("no policy marker", activity(), [MISSING]),
    ("only the environment marker", activity(PolicyMarker(code="2", significance="1")), [MISSING]),
    ("gender marker in vocabulary 99", activity(gender("1", vocabulary="99")), [MISSING]),
    ("0 is screened", scored("0"), []),
    # a marker without significance: not screened, with its own message
    ("no significance", scored(None), [NO_SIGNIFICANCE]),
    ("blank significance", scored(" "), [NO_SIGNIFICANCE]),
]


@pytest.mark.parametrize(("case", "subject", "expected"), CASES, ids=[row[0] for row in CASES])
def test_rules_fire_exactly_where_expected(case, subject, expected):
    assert [flag.rule_id for flag in check_activity(subject, TODAY, CORE)] == expected


MESSAGES = [
    (scored("1"), "its file carries no result indicators, so gender indicators cannot be"),
    (scored("1", indicators=(WELLS,)), "none of its 1 result indicators mentions"),
    (scored("2", indicators=(WOMEN,)), "(it publishes no description); this check only looks"),
    (scored("3"), "significance '3', which is invalid: 3 is only defined for the desertif"),
    (scored("4"), "4 is only defined for the RMNCH marker"),
    (scored("x"), "it is not a policy significance code"),
    (
        scored("0", sectors=(sector("15180", "100"),)),
        "but all of its sectors are gender equality sectors: 15180 ending violence against "
        "women and girls (100%)",
    ),
    (
        scored("0", sectors=(sector("15110", "80"), sector("15170", "20"))),
        "but part of it is under gender equality sectors: 15170 women's rights",
    ),
    (
        scored("0", indicators=overdue()),
        "'Households connected' has targets by sex for the period ending 2024-12-31, but no "
        "actual value was reported",
    ),
    (scored("0", indicators=overdue(value("90"))), "its actual values are not broken down by sex"),
    (activity(), "not screened (this is not the same as 0)"),
    (scored(None), "without a significance; treated as not screened"),
]


@pytest.mark.parametrize(("subject", "fragment"), MESSAGES)
def test_messages_name_the_evidence(subject, fragment):
    (flag,) = check_activity(subject, TODAY, CORE)
    assert fragment in flag.message


def test_a_flag_carries_rule_severity_activity_and_element():
    (flag,) = check_activity(activity(gender("3")), TODAY)
    assert flag == Flag(
        rule_id=INVALID,
        severity=Severity.ERROR,
        activity_id=IDENTIFIER,
        element="policy-marker/@significance",
        message_id="invalid-desertification",
        args={"value": "'3'"},
    )
    assert flag.message.startswith("gender equality marker has significance '3', which is invalid")


def test_one_flag_per_overdue_period():
    two_periods = indicator(
        "Girls enrolled",
        period(date(2023, 12, 31), (value("10", FEMALE),)),
        period(ENDED, (value("12", FEMALE),)),
    )
    flags = check_activity(activity(gender("1"), indicators=(two_periods,)), TODAY, CORE)
    assert [flag.rule_id for flag in flags] == [NO_ACTUAL, NO_ACTUAL]


def test_several_rules_can_fire_on_one_activity():
    subject = activity(gender("2"), indicators=(by_sex_target(ENDED),), title="Referral hospital")
    flags = check_activity(subject, TODAY, CORE)
    assert [flag.rule_id for flag in flags] == [NO_OBJECTIVE, NO_ACTUAL]


def test_a_chosen_subset_of_rules_can_be_run():
    flags = check_activity(activity(gender("2")), TODAY, rules=[RULES[NO_OBJECTIVE]])
    assert [flag.rule_id for flag in flags] == [NO_OBJECTIVE]


def test_the_rule_ids_are_stable():
    # Ids are stored with flags and used in links: renaming one is a data migration.
    assert list(RULES) == [
        NO_INDICATOR,
        NO_RESULTS,
        NO_OBJECTIVE,
        INVALID,
        ZERO_ON_GENDER_SECTOR,
        NO_ACTUAL,
        MISSING,
        PARENT,
        PASS_THROUGH,
        NO_SIGNIFICANCE,
        "gender-analysis-not-recorded",
        "significant-without-gender-objective",
        "people-count-without-sex-breakdown",
        "principal-without-indicators-at-both-levels",
        "no-evaluation-commitment",
    ]


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_every_rule_explains_itself(rule):
    assert rule.title
    assert len(rule.description) > 100  # the docstring gives the reasoning
    assert isinstance(rule.severity, Severity)


def test_the_heuristic_rule_says_it_is_one():
    assert "heuristic" in RULES[NO_OBJECTIVE].description
    assert RULES[NO_OBJECTIVE].severity is Severity.INFO


def test_summarise_counts_by_rule_severity_and_activity():
    flags = [
        Flag(MISSING, Severity.WARNING, "A", "policy-marker", "-"),
        Flag(INVALID, Severity.ERROR, "B", "policy-marker/@significance", "-"),
        Flag(NO_ACTUAL, Severity.WARNING, "C", "result", "-"),
        Flag(NO_ACTUAL, Severity.WARNING, "C", "result", "-"),
    ]
    summary = summarise(flags)
    assert summary.total == 4
    assert summary.activities == 3
    assert summary.by_rule == {INVALID: 1, MISSING: 1, NO_ACTUAL: 2}
    assert summary.by_severity == {Severity.ERROR: 1, Severity.WARNING: 3, Severity.INFO: 0}


def test_summarise_of_nothing_is_all_zero():
    summary = summarise([])
    assert (summary.total, summary.activities, summary.by_rule) == (0, 0, {})
    assert set(summary.by_severity.values()) == {0}
