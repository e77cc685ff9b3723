import os
import subprocess
import sys
from types import GeneratorType

from parity.sample import generate_huge_activity, generate_portfolio


def test_it_gives_equal_activities_for_the_same_seed():
    assert list(generate_portfolio(50, seed=3)) == list(generate_portfolio(50, seed=3))


def test_it_gives_byte_identical_reprs_for_the_same_seed():
    # repr also covers the fields excluded from equality.
    first = [repr(a) for a in generate_portfolio(20, seed=11)]
    assert first == [repr(a) for a in generate_portfolio(20, seed=11)]


def test_it_gives_other_activities_for_another_seed():
    assert list(generate_portfolio(5, seed=1)) != list(generate_portfolio(5, seed=2))


def test_activity_k_does_not_depend_on_the_portfolio_size():
    small = list(generate_portfolio(7, seed=5))
    large = list(generate_portfolio(40, seed=5))
    assert small == large[:7]


def test_it_streams():
    stream = generate_portfolio(10**12)
    assert isinstance(stream, GeneratorType)
    assert next(stream).identifier.endswith("-P0000000")


def test_identifiers_are_unique(portfolio):
    assert len({a.identifier for a in portfolio}) == len(portfolio)


def test_the_huge_activity_is_deterministic():
    assert generate_huge_activity(500, seed=2) == generate_huge_activity(500, seed=2)


_DIGEST = """
import hashlib
from parity.sample import generate_portfolio
text = "".join(repr(a) for a in generate_portfolio(30, seed=9))
print(hashlib.sha256(text.encode()).hexdigest())
"""


def test_it_is_byte_identical_across_processes_and_hash_seeds():
    # Python randomises str hashes per process; nothing generated may depend on set order.
    digests = {
        subprocess.run(
            [sys.executable, "-c", _DIGEST],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2")
    }
    assert len(digests) == 1
