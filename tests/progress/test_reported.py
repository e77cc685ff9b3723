"""Reading a source's own status words, to show where the source and Parity differ."""

import pytest

from parity.progress import Status, differs_from_reported, reported_reading


@pytest.mark.parametrize(
    ("words", "status"),
    [
        ("Fully implemented (2018 G7 progress report)", Status.ACHIEVED),
        ("Being steadily implemented", Status.ON_TRACK),
        ("Not achieved by 2020", Status.NOT_ACHIEVED),  # before "achieved"
        ("NOT STARTED", Status.NOT_STARTED),
        ("Delayed by the pandemic", Status.AT_RISK),
        ("Under review", None),
        ("", None),
    ],
)
def test_it_reads_the_sources_words(words, status):
    assert reported_reading(words) is status


def test_only_clear_words_that_name_another_status_differ():
    assert differs_from_reported(Status.AT_RISK, "Fully implemented")
    assert not differs_from_reported(Status.ACHIEVED, "Completed in 2018")
    assert not differs_from_reported(Status.AT_RISK, "see the annex")


def test_a_status_parity_cannot_verify_never_differs_from_the_source():
    from parity.progress import Status, differs_from_reported

    assert not differs_from_reported(Status.CANNOT_VERIFY, "Fully implemented")
    assert differs_from_reported(Status.NOT_ACHIEVED, "Fully implemented")
