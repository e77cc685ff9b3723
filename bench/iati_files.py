"""Deterministic IATI 2.03 benchmark files, written into ``bench/out/`` (git-ignored).

Two shapes, both from :mod:`parity.sample` through the real writer, streamed so the generator's
memory stays flat:

- a portfolio: ``n`` realistic activities (narratives in several languages, sectors, policy
  markers, 5-20 transactions, results with sex-disaggregated actuals), about 12 kB each;
- one huge activity holding ``n`` transactions (about 650 bytes each).

A file is regenerated only when missing or written with other parameters: each file has a
``.json`` sidecar with the parameters, written last, so a killed run is never mistaken for a
finished one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from parity.iati.model import Activity, OrgRef, Transaction
from parity.iati.writer import IATI_VERSION, activity_element, write_activities
from parity.sample import generate_portfolio, iter_transactions

OUT = Path(__file__).resolve().parent / "out"
# Fixed, so the same parameters give byte-identical files on every run and machine.
GENERATED = datetime(2025, 12, 31, tzinfo=UTC)
# Bump when the file shape changes, so stale files are regenerated.
FORMAT = 1
_EXPORT = GENERATED.date()
_MARK = "parity-bench: transactions go here"
_CHUNK = 2_000  # transactions turned into XML at a time for the huge activity


@dataclass(frozen=True)
class BenchFile:
    path: Path
    kind: str  # "portfolio" or "huge"
    n: int  # activities (portfolio) or transactions (huge)
    activities: int  # how many <iati-activity> the file holds

    @property
    def megabytes(self) -> float:
        return self.path.stat().st_size / 1e6


def portfolio_file(n_activities: int, *, seed: int = 0, out: Path = OUT) -> BenchFile:
    """A portfolio of ``n_activities`` activities (generated unless already there)."""
    path = out / f"portfolio-{n_activities}-s{seed}.xml"
    params = {"kind": "portfolio", "n": n_activities, "seed": seed, "format": FORMAT}
    _ensure(path, params, lambda f: _write_portfolio(f, n_activities, seed))
    return BenchFile(path, "portfolio", n_activities, n_activities)


def huge_file(n_transactions: int, *, seed: int = 0, out: Path = OUT) -> BenchFile:
    """One activity with ``n_transactions`` transactions (generated unless already there)."""
    path = out / f"huge-{n_transactions}-s{seed}.xml"
    params = {"kind": "huge", "n": n_transactions, "seed": seed, "format": FORMAT}
    _ensure(path, params, lambda f: _write_huge(f, n_transactions, seed))
    return BenchFile(path, "huge", n_transactions, 1)


def _ensure(path: Path, params: dict, write) -> None:
    sidecar = path.with_suffix(".json")
    if path.exists() and sidecar.exists():
        try:
            recorded = json.loads(sidecar.read_text("utf-8"))
        except ValueError:
            recorded = None
        if recorded == {**params, "bytes": path.stat().st_size}:
            return
    path.parent.mkdir(parents=True, exist_ok=True)
    sidecar.unlink(missing_ok=True)
    partial = path.with_suffix(".xml.partial")
    with open(partial, "wb") as f:
        write(f)
    os.replace(partial, path)
    sidecar.write_text(json.dumps({**params, "bytes": path.stat().st_size}), "utf-8")


def _write_portfolio(out: BinaryIO, n_activities: int, seed: int) -> None:
    write_activities(generate_portfolio(n_activities, seed=seed), out, generated=GENERATED)


def _write_huge(out: BinaryIO, n_transactions: int, seed: int) -> None:
    """Write the huge activity without ever holding its transactions (or their XML) at once.

    ``generate_huge_activity`` returns the transactions in a tuple, which is fine for tests but
    not for hundreds of thousands, so the activity's other parts come from a small portfolio
    activity and the transactions are streamed from ``iter_transactions`` (what
    ``generate_huge_activity`` itself uses) in chunks, each chunk through the real writer.
    """
    base = next(generate_portfolio(1, seed=seed))
    base = replace(base, identifier=f"{base.identifier}-HUGE{n_transactions}")
    partner = next((p.org for p in base.participating_orgs if p.role == "4"), base.reporting_org)
    transactions = iter_transactions(
        n_transactions,
        seed,
        start=date(2014, 1, 1),
        end=date(2025, 12, 31),
        currency=base.default_currency,
        agency=base.reporting_org,
        partner=partner,
    )
    first = list(islice(transactions, 1))
    # The writer decides where transactions go (schema order): build a one-transaction version,
    # put a marker in the transaction's place, and write what surrounds it around the stream.
    template = activity_element(replace(base, transactions=tuple(first)), export_date=_EXPORT)
    template.replace(template.find("transaction"), etree.Comment(_MARK))
    head, tail = etree.tostring(template, encoding="unicode", pretty_print=True).split(
        f"<!--{_MARK}-->"
    )
    out.write(b"<?xml version='1.0' encoding='utf-8'?>\n")
    stamp = GENERATED.isoformat()
    root = f'<iati-activities version="{IATI_VERSION}" generated-datetime="{stamp}">'
    out.write(root.encode() + b"\n")
    out.write(head.encode())
    for chunk in _chunks(first, transactions):
        holder = Activity(identifier="x", reporting_org=OrgRef(), transactions=chunk)
        for child in activity_element(holder, export_date=_EXPORT).iterchildren("transaction"):
            out.write(b"  " + etree.tostring(child, encoding="utf-8", pretty_print=True))
    out.write(tail.lstrip(" ").encode())
    out.write(b"</iati-activities>\n")


def _chunks(first: list[Transaction], rest: Iterator[Transaction]) -> Iterator[tuple]:
    chunk = tuple(first) + tuple(islice(rest, _CHUNK - len(first)))
    while chunk:
        yield chunk
        chunk = tuple(islice(rest, _CHUNK))


def main() -> None:  # pragma: no cover - a convenience: python -m bench.iati_files N M
    import sys

    n_activities = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    n_transactions = int(sys.argv[2]) if len(sys.argv) > 2 else 300_000
    for made in (portfolio_file(n_activities), huge_file(n_transactions)):
        print(f"{made.path.name}: {made.megabytes:.0f} MB")


if __name__ == "__main__":  # pragma: no cover
    main()
