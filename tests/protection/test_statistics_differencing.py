"""Statistics that cannot be subtracted. Every table the statistics page and `parity
protection-stats --json` offer (each measure by each dimension, for all years, for each year
with data and for a year without) is fetched from both; then, as an attacker would, every pair of
tables, every all-years table with all its per-year tables and the table of years, and finally
all tables together are solved as linear equations over the records' groups: no suppressed count
of people may follow from what is shown.

The attacker's unknowns are the counts of records in every combination of the categories the
tables show (sex x age band x nationality x exploitation x year, and for cases whether the case
was identified, since "identifications" counts a subset of "cases"). A shown cell, a shown total
or a category missing from a table (zero) is a known sum of some of those unknowns; a suppressed
cell is recovered by differencing exactly when its sum is a linear combination of known sums.
The HTCDS export is not part of this: it holds record-level rows of an agency's own consented
cases, for its supervisors and auditors, who see those cases anyway.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import date, datetime
from io import StringIO

import numpy as np
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from parity.protection.models import Case, Contact, FollowUp, Membership, Service
from parity.protection.services import statistics

from .conftest import login, make_agencies

pytestmark = pytest.mark.django_db

EMPTY_YEAR = 2019
# (year, sex, age band, nationality, exploitation, identified, how many cases)
CASES = [
    (2024, "female", "18-20", "LA", "labour", True, 14),
    (2024, "male", "21-23", "MM", "labour", False, 12),
    (2024, "female", "9-17", "LA", "sexual", True, 2),
    (2024, "female", "9-17", "LA", "sexual", False, 1),
    (2025, "female", "18-20", "LA", "labour", True, 15),
    (2025, "male", "30-38", "KH", "begging", False, 11),
    (2025, "female", "21-23", "MM", "sexual", True, 4),
    (2026, "female", "18-20", "LA", "labour", False, 1),  # the single survivor of 2026
]
FAMILIES = {
    "cases": "cases",
    "identifications": "cases",
    "services": "services",
    "outcomes": "outcomes",
    "contacts": "contacts",
}
SERVICE_KINDS = ["shelter", "medical"]


def _when(year: int) -> datetime:
    return timezone.make_aware(datetime(year, 6, 1, 12))


@pytest.fixture
def population(db) -> dict:
    agencies = make_agencies()
    hotline = agencies["hotline"]
    worker = User.objects.create_user("maker")
    viewer = User.objects.create_user("viewer")
    Membership.objects.create(user=viewer, agency=hotline, role="statistics")
    number = itertools.count(1)
    for year, sex, band, nat, kind, identified, n in CASES:
        for i in range(n):
            case = Case.objects.create(
                number=f"PT-TEST-{next(number):04d}",
                agency=hotline,
                opened_by=worker,
                opened_at=_when(year),
                sex=sex,
                age_band=band,
                nationality=nat,
                exploitation=kind,
                identification="identified" if identified else "potential",
            )
            if i % 2 == 0:
                Service.objects.create(
                    case=case,
                    kind=SERVICE_KINDS[i % 4 // 2],
                    provider=agencies["shelter"],
                    start=date(year, 7, 1),
                    status="ongoing",
                    recorded_by=worker,
                )
            if i % 3 == 0:
                FollowUp.objects.create(
                    case=case, on=date(year, 9, 1), outcome="stable", recorded_by=worker
                )
    for year, topic, n in [(2024, "labour", 20), (2024, "sexual", 2), (2025, "labour", 13)]:
        for _ in range(n):
            Contact.objects.create(
                agency=hotline,
                counsellor=worker,
                at=_when(year),
                channel="phone",
                caller="anonymous",
                topic=topic,
                risk="low",
                action="information",
            )
    Contact.objects.create(
        agency=hotline,
        counsellor=worker,
        at=_when(2026),
        channel="chat",
        caller="survivor",
        topic="begging",
        risk="high",
        action="counselling",
    )
    return {"viewer": viewer, "agencies": agencies}


def queries() -> list[tuple[str, str, int | None]]:
    years = [None, 2024, 2025, 2026, EMPTY_YEAR]
    return [
        (measure, dimension, year)
        for measure in statistics.MEASURES
        for dimension in statistics.dimensions_of(measure)
        for year in years
    ]


# -- what the page and the export publish -------------------------------------------------------

# A row's code is in its id (measure-dimension-code); the cell itself shows it in words.
CELL = re.compile(r'<tr id="([^"]*)"><td>[^<]*</td><td class="num">([^<]*)</td></tr>')
TOTAL = re.compile(r'<th class="num">([^<]*)</th></tr>')


def _number(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def from_page(client, measure: str, dimension: str, year: int | None) -> dict:
    params = {"measure": measure, "by": dimension, "year": year or ""}  # "": all years
    page = client.get("/protection/statistics/", params)
    assert page.status_code == 200, (measure, dimension, year)
    html = page.content.decode()
    prefix = f"{measure}-{dimension}-"
    cells = {key.removeprefix(prefix): _number(value) for key, value in CELL.findall(html)}
    return {"cells": cells, "total": _number(TOTAL.findall(html)[-1])}


def from_export(measure: str, dimension: str, year: int | None) -> dict:
    out = StringIO()
    call_command(
        "protection_stats", measure=measure, by=dimension, year=year, json=True, stdout=out
    )
    body = json.loads(out.getvalue())
    return {"cells": body["cells"], "total": body["total"]}


def published(client) -> dict:
    tables = {}
    for query in queries():
        page, export = from_page(client, *query), from_export(*query)
        assert page == export, query  # the page and the export publish the same figures
        tables[query] = page
    return tables


# -- the attacker's equations -------------------------------------------------------------------

FIELDS = {"sex": 1, "age_band": 2, "nationality": 3, "exploitation": 4, "year": 0}


def groups(family: str) -> list[tuple]:
    """Every combination of the categories the tables can show: the attacker's unknowns."""
    if family == "contacts":
        return list(itertools.product([2024, 2025, 2026], ["labour", "sexual", "begging"]))
    sexes, bands = ["female", "male"], ["18-20", "21-23", "9-17", "30-38"]
    nats, kinds = ["LA", "MM", "KH"], ["labour", "sexual", "begging"]
    flags = [True, False] if family == "cases" else [None]
    return list(itertools.product([2024, 2025, 2026], sexes, bands, nats, kinds, flags))


def members(measure: str, dimension: str, year: int | None, key: str | None) -> np.ndarray:
    """The 0/1 row of unknowns that one published number adds up (key None: the total)."""
    rows = groups(FAMILIES[measure])

    def counted(group: tuple) -> bool:
        if year is not None and group[0] != year:
            return False
        if measure == "identifications" and not group[-1]:
            return False
        if key is None:
            return True
        if measure == "contacts":
            return str(group[0] if dimension == "year" else group[1]) == key
        return str(group[FIELDS[dimension]]) == key

    return np.array([1.0 if counted(g) else 0.0 for g in rows])


def equations(tables: dict, chosen: list) -> tuple[list[np.ndarray], list[tuple]]:
    """Known sums (shown cells, shown totals, absent categories = 0) and the suppressed cells
    (with their query and key) of the chosen tables."""
    known, hidden = [], []
    for query in chosen:
        table = tables[query]
        for key, value in [*table["cells"].items(), (None, table["total"])]:
            row = members(*query, key)
            if value is None:
                hidden.append((query, key, row))
            else:
                known.append(row)
        for key in categories(query) - set(table["cells"]):
            known.append(members(*query, key))  # not listed: zero, and the attacker knows it
    return known, hidden


def categories(query: tuple) -> set[str]:
    measure, dimension, _year = query
    family = FAMILIES[measure]
    if dimension == "year":
        return {"2024", "2025", "2026"}
    if family == "contacts":
        return {"labour", "sexual", "begging"}
    index = FIELDS[dimension]
    return {str(g[index]) for g in groups(family)}


def recoverable(known: list[np.ndarray], row: np.ndarray) -> bool:
    if not known:
        return False
    matrix = np.array(known)
    _, singular, vt = np.linalg.svd(matrix, full_matrices=False)
    basis = vt[: int((singular > 1e-9).sum())]
    residual = row - basis.T @ (basis @ row)
    return bool(np.linalg.norm(residual) < 1e-6)


def leaks(tables: dict, chosen: list) -> list[tuple]:
    known, hidden = equations(tables, chosen)
    return [(query, key) for query, key, row in hidden if recoverable(known, row)]


# -- the tests ----------------------------------------------------------------------------------


def test_the_all_years_table_minus_the_other_years_does_not_give_back_the_2026_survivor(
    population,
):
    """The attack of the audit, step by step: female cases of all years, minus 2024, minus
    2025, gave the single female survivor of 2026."""
    by_year = {y: statistics.table("cases", "sex", y).cells for y in (2024, 2025, 2026)}
    everything = statistics.table("cases", "sex").cells
    assert by_year[2026]["female"] is None  # 1 case: suppressed
    parts = [everything["female"], by_year[2024]["female"], by_year[2025]["female"]]
    assert None in parts  # at least one term of the difference is suppressed too


def test_no_pair_of_tables_and_no_year_sum_recovers_a_suppressed_count(population, client):
    login(client, population["viewer"])
    tables = published(client)
    suppressed = [q for q, t in tables.items() if None in t["cells"].values()]
    assert len(suppressed) >= 10  # the data really has small cells to protect
    found = []
    for family in set(FAMILIES.values()):
        mine = [q for q in tables if FAMILIES[q[0]] == family]
        for first, second in itertools.combinations(mine, 2):
            found += leaks(tables, [first, second])
        for measure, dimension in {(q[0], q[1]) for q in mine if q[1] != "year"}:
            year_sum = [q for q in mine if q[:2] == (measure, dimension)]
            year_sum += [q for q in mine if q[:2] == (measure, "year")]
            found += leaks(tables, year_sum)
        found += leaks(tables, mine)  # and everything the attacker can ask, at once
    assert found == []


def test_counts_of_at_least_k_stay_visible_where_nothing_smaller_hides_behind_them(population):
    """Suppression is not everything hidden: the grand total and large counts are shown."""
    assert statistics.table("cases", "sex").total == 60
    assert statistics.table("cases", "exploitation").cells["labour"] == 42
