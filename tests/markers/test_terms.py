import pytest

from parity.markers.terms import normalise, term_list


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Number of WOMEN trained", "women"),
        ("Share of girls\u2019 enrolment", "girls'"),
        ("Data disaggregated by sex", "disaggregated by sex"),
        ("Taux de scolarisation des filles", "filles"),
        ("Número de mujeres capacitadas", "mujeres"),
        ("女性の参加者数", "女性"),
        ("\uff47\uff45\uff4e\uff44\uff45\uff52 gaps", "gender"),  # full-width letters
        ("Unemployment engendered by the crisis", None),  # "gender" only as a whole word
        ("Agenda of the municipal council", None),
        ("Number of wells built", None),
    ],
)
def test_gender_specific_words(text, found):
    assert term_list("gender_specific").find([text]) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Support to Gender Equality in DRC", "gender equality"),
        ("Programme against gender\u2011based violence", "gender-based violence"),
        ("Égalité entre les femmes et les hommes", "égalité entre les femmes et les hommes"),
        ("男女共同参画の推進", "男女共同参画"),
        ("Programme for adolescent girls", None),
    ],
)
def test_equality_objective_phrases(text, found):
    assert term_list("equality_objective").find([text]) == found


def test_normalise_unifies_case_apostrophes_and_spaces():
    assert normalise("  Women\u2019s\n  RIGHTS ") == "women's rights"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Training for girls and women", "girls"),  # the leftmost term, not the list's first
        ("Engendered by the crisis: gender gaps in pay", "gender"),  # past one inside a word
        ("Gender-based violence and gender equality", "gender-based violence"),  # the longest
        ("Les femmes et la violence basée sur le genre", "violence basée sur le genre"),
    ],
)
def test_first_term_in_a_text(text, found):
    name = "gender_specific" if found in ("girls", "gender") else "equality_objective"
    assert term_list(name).find([text]) == found


def test_the_first_text_with_a_term_decides():
    assert term_list("gender_specific").find(["Road works", "Support to women", "Girls"]) == "women"
