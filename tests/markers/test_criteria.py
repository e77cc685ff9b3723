"""The rules for the DAC minimum criteria, and the softer "not screened" cases, on built rows."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from parity.iati.model import DocumentLink, RelatedActivity, Result, Transaction
from parity.markers import RULES, Held, check_activity
from parity.markers.terms import term_list

from .builders import FEMALE, activity, gender, indicator, period, texts, value

TODAY = date(2025, 6, 30)
ANALYSIS = "gender-analysis-not-recorded"
OBJECTIVE_1 = "significant-without-gender-objective"
PEOPLE = "people-count-without-sex-breakdown"
LEVELS = "principal-without-indicators-at-both-levels"
EVALUATION = "no-evaluation-commitment"
MISSING = "gender-marker-missing"
PARENT = "gender-marker-missing-parent"
PASS_THROUGH = "gender-marker-missing-pass-through"

WOMEN = indicator("Number of women trained")
OFFICIALS = indicator("Number of officials trained")
OFFICIALS_BY_SEX = indicator("Number of officials trained", period(None, (value("5", FEMALE),)))
ANALYSED = "A gender analysis was carried out; a final evaluation is planned."
EQUALITY = "Gender equality in local water committees"


def results(*typed):
    return tuple(Result(type=kind, indicators=(found,)) for kind, found in typed)


def run(rule_id, subject):
    return [flag.rule_id for flag in check_activity(subject, TODAY, [RULES[rule_id]])]


def with_documents(subject, *categories, title="Report"):
    links = tuple(
        DocumentLink("https://example.org/d", titles=texts(title), categories=(c,))
        for c in categories
    )
    return replace(subject, document_links=links)


CASES = [
    # a gender analysis is recorded in the text or a document title
    (ANALYSIS, activity(gender("1")), True),
    (ANALYSIS, activity(gender("1"), description=ANALYSED), False),
    (ANALYSIS, with_documents(activity(gender("2")), "A01", title="Gender Assessment 2019"), False),
    (ANALYSIS, activity(gender("1"), description="Une analyse genre a été menée"), False),
    (ANALYSIS, activity(gender("1"), description="ジェンダー分析を実施"), False),
    (ANALYSIS, activity(gender("1"), description="การวิเคราะห์มิติเพศของโครงการ"), False),
    (ANALYSIS, activity(gender("0")), False),
    # score 1 states a gender equality objective; mothers are not one
    (OBJECTIVE_1, activity(gender("1"), title="Support to mothers and maternal health"), True),
    (OBJECTIVE_1, activity(gender("1"), title=EQUALITY), False),
    (OBJECTIVE_1, activity(gender("1"), description="ความเท่าเทียมทางเพศในชุมชน"), False),
    (OBJECTIVE_1, activity(gender("2"), title="Hospital"), False),  # principal has its own rule
    # people counted without a breakdown by sex
    (PEOPLE, activity(gender("1"), indicators=(OFFICIALS,)), True),
    (PEOPLE, activity(gender("1"), indicators=(OFFICIALS_BY_SEX,)), False),
    (PEOPLE, activity(gender("1"), indicators=(WOMEN,)), False),
    (PEOPLE, activity(gender("1"), indicators=(indicator("Kilometres of road"),)), False),
    (PEOPLE, activity(gender("0"), indicators=(OFFICIALS,)), False),
    # principal measures gender equality at outcome and output level
    (LEVELS, replace(activity(gender("2")), results=results(("1", WOMEN))), True),
    (LEVELS, replace(activity(gender("2")), results=results(("2", WOMEN))), True),
    (LEVELS, replace(activity(gender("2")), results=results(("1", WOMEN), ("2", WOMEN))), False),
    (LEVELS, replace(activity(gender("1")), results=results(("1", WOMEN))), False),
    (LEVELS, activity(gender("2"), indicators=(OFFICIALS,)), False),  # no gender indicator at all
    # a commitment to evaluate: an evaluation document or the words
    (EVALUATION, activity(gender("1")), True),
    (EVALUATION, with_documents(activity(gender("1")), "A07"), False),
    (EVALUATION, activity(gender("2"), description=ANALYSED), False),
    (EVALUATION, activity(gender("1"), description="Se realizará una evaluación final"), False),
    (EVALUATION, activity(gender("0")), False),
]


@pytest.mark.parametrize(("rule_id", "subject", "fires"), CASES)
def test_minimum_criteria_rules(rule_id, subject, fires):
    assert run(rule_id, subject) == ([rule_id] if fires else [])


PARENT_ROW = replace(
    activity(), related_activities=(RelatedActivity("XM-C-1", "2"), RelatedActivity("XM-P", "1"))
)


def paid(*aid_types):
    return tuple(
        Transaction("3", None, Decimal(1), "USD", None, aid_type=code) for code in aid_types
    )


@pytest.mark.parametrize(
    ("subject", "held", "expected"),
    [
        (PARENT_ROW, Held(frozenset({"XM-C-1"})), [PARENT]),
        (PARENT_ROW, Held(), [MISSING]),  # components not held (or not screened)
        (PARENT_ROW, Held(frozenset({"XM-P"})), [MISSING]),  # its parent is not a component
        (replace(activity(), default_aid_types=("B02",)), Held(), [PASS_THROUGH]),
        (replace(activity(), default_aid_types=("A01",)), Held(), [PASS_THROUGH]),
        (replace(activity(), default_aid_types=("C01",)), Held(), [MISSING]),
        (replace(activity(), transactions=paid("A02", "A02")), Held(), [PASS_THROUGH]),
        (replace(activity(), transactions=paid("B01", "C01")), Held(), [MISSING]),
        (replace(activity(gender("0")), default_aid_types=("B02",)), Held(), []),
    ],
)
def test_not_screened_parents_and_pass_throughs_are_told_apart(subject, held, expected):
    rules = [RULES[MISSING], RULES[PARENT], RULES[PASS_THROUGH]]
    assert [flag.rule_id for flag in check_activity(subject, TODAY, rules, held=held)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Number of mothers attending antenatal care",
        "Maternal mortality ratio",
        "妊産婦健診の受診率",
    ],
)
def test_rmnch_words_are_not_gender_equality_words(text):
    assert term_list("gender_specific").find([text]) is None
    assert term_list("equality_objective").find([text]) is None


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("gender_specific", "จำนวนผู้หญิงที่ได้รับการอบรม", "ผู้หญิง"),
        ("equality_objective", "ส่งเสริมความเสมอภาคทางเพศ", "ความเสมอภาคทางเพศ"),
        ("gender_analysis", "Analyse de genre du secteur", "analyse de genre"),
        ("people_count", "Número de docentes capacitados", "docentes"),
        ("evaluation", "終了時評価を実施", "終了時評価"),
    ],
)
def test_word_lists_in_each_language(name, text, found):
    assert term_list(name).find([text]) == found
