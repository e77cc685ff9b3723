"""The held-out split never puts one project (CRS id or text) on both sides."""

from __future__ import annotations

import pytest

from parity.suggest.rows import LabelledRow, Subject
from parity.suggest.split import grouped_split, normalised_text


def row(key: str, title: str) -> LabelledRow:
    return LabelledRow(Subject(key=key, title=title), focused=False, marker=0)


@pytest.mark.parametrize("seed", range(5))
def test_no_text_and_no_crs_id_sits_on_both_sides_of_the_real_split(housing, seed) -> None:
    train, test = grouped_split(housing, seed)
    assert sorted(train + test) == list(range(len(housing)))
    train_texts = {normalised_text(housing[i]) for i in train} - {""}
    test_texts = {normalised_text(housing[i]) for i in test} - {""}
    assert not train_texts & test_texts
    assert not {housing[i].subject.key for i in train} & {housing[i].subject.key for i in test}
    assert 0.2 < len(test) / len(housing) < 0.35


def test_rows_linked_through_a_shared_id_or_text_stay_together() -> None:
    # a and b share a text, b and c share an id: all three are one project.
    rows = [row("1", "Clinics"), row("2", "clinics "), row("2", "Roads"), row("3", "Water")]
    rows += [row(str(n), f"Other project {n}") for n in range(10, 30)]
    for seed in range(10):
        train, test = grouped_split(rows, seed, test_share=0.5)
        side = {i: "test" if i in test else "train" for i in train + test}
        assert side[0] == side[1] == side[2]


def test_different_seeds_give_different_splits(housing) -> None:
    assert grouped_split(housing, 0)[1] != grouped_split(housing, 1)[1]
