"""Memory stays flat while writing: the peak does not grow with the number of activities."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from parity.iati.model import Activity, ActivityDate, Narrative, Transaction
from parity.iati.writer import write_activities
from tests.iati.writer_support import GENERATED, ORG


class CountingSink:
    """A binary file that keeps only the byte count, so the output costs no memory."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)


def generated(count: int) -> Iterator[Activity]:
    # A generator, not a list: the test measures the writer, not the input.
    for number in range(count):
        yield Activity(
            identifier=f"XM-DAC-1-{number}",
            reporting_org=ORG,
            titles=(Narrative(f"Activity {number}", "en"),),
            status="2",
            dates=(ActivityDate("1", date(2020, 1, 1)),),
            transactions=(
                Transaction("3", date(2020, 2, 1), Decimal(number), "EUR", date(2020, 2, 1)),
            ),
        )


def peak_while_writing(count: int) -> tuple[int, int]:
    sink = CountingSink()
    tracemalloc.start()
    try:
        written = write_activities(generated(count), sink, generated=GENERATED)  # type: ignore[arg-type]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written == count
    assert sink.size > count * 500
    return peak, sink.size


@pytest.mark.slow
def test_it_writes_50000_activities_in_flat_memory() -> None:
    small_peak, _ = peak_while_writing(5_000)
    large_peak, large_size = peak_while_writing(50_000)
    # Ten times the activities, about the same peak: nothing is kept per activity.
    assert large_peak < small_peak * 1.5 + 64 * 1024
    assert large_peak < 2 * 1024 * 1024
    assert large_size > 25 * 1024 * 1024
