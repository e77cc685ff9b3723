"""The dashboard's figures: what each one counts, in plain words, next to the code that counts it.

Pure Python (no Django): every figure is a function of plain ``Row`` objects (``tables``), so
tests can feed it rows they built themselves, and a DuckDB path could feed it the same rows.

A ``Row`` is a sum of transactions that agree on everything the figures look at (year, gender
marker, whether the aid type is bilateral allocable, a breakdown key). The database side
(``parity.analytics.selectors``) adds transactions up with GROUP BY and hands over these sums;
a test can just as well hand over one row per transaction. How transactions are chosen and
their money added up is in ``counting``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from parity.analytics.counting import FOCUSED, MARKERS, cents, plain, share
from parity.analytics.tables import UNSPECIFIED, Column, ResultValue, Row, Table
from parity.i18n_marker import gettext_noop
from parity.markers.purposes import GENDER_PURPOSE_CODES

TOP = 10  # rows of the top-recipients and top-sectors figures before "all others"
# The name of the row that sums the keys after the first TOP (its code is left empty: it has
# none). Pages and charts read the count back from it.
OTHERS = re.compile(r"All others \((\d+)\)")


def _years(rows: Sequence[Row], years: tuple[int, int] | None) -> list[int]:
    if years is not None:
        return list(range(years[0], years[1] + 1))
    found = [row.year for row in rows]
    return list(range(min(found), max(found) + 1)) if found else []


def _pairs(years: list[int]) -> list[tuple[int, int]]:
    return [(year - 1, year) for year in years if year - 1 in years]


# --- the figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A named indicator: what it counts (``definition``), and the function that counts it."""

    name: str
    title: str
    definition: str
    money: bool  # measured in the basis' currency (False: counts of people, pledges...)
    compute: Callable[..., Table] | None = None


def _left_out(rows: Iterable[Row]) -> dict[str, int]:
    """What a table says it left out of its amounts: ``Table.unconverted`` and ``no_current``."""
    unconverted = no_current = 0
    for row in rows:
        unconverted += row.unconverted
        no_current += row.no_current
    return {"unconverted": unconverted, "no_current": no_current}


def focused_share(rows: Iterable[Row], years: tuple[int, int] | None = None) -> Table:
    rows = list(rows)
    per_year: dict[int, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    for row in rows:
        if not row.allocable:
            continue
        cell = per_year[row.year]
        cell["allocable"] += row.amount
        if row.marker is not None:
            cell["screened"] += row.amount
        if row.marker == 2:
            cell["principal"] += row.amount
        elif row.marker == 1:
            cell["significant"] += row.amount
    table = Table(
        [
            Column("period", gettext_noop("Period"), "text"),
            Column("principal", gettext_noop("Principal (2)"), "amount"),
            Column("significant", gettext_noop("Significant (1)"), "amount"),
            Column("focused", gettext_noop("Gender equality focused (1 or 2)"), "amount"),
            Column("allocable", gettext_noop("Bilateral allocable aid"), "amount"),
            Column("principal_share", gettext_noop("Principal, share of allocable"), "share"),
            Column("significant_share", gettext_noop("Significant, share of allocable"), "share"),
            Column("focused_share", gettext_noop("Focused, share of allocable"), "share"),
            Column("screened_share", gettext_noop("Screened, share of allocable"), "share"),
            Column(
                "focused_share_of_screened", gettext_noop("Focused, share of screened"), "share"
            ),
        ],
        **_left_out(r for r in rows if r.allocable),
    )
    all_years = _years([r for r in rows if r.allocable], years)
    periods = [(str(y), (y,)) for y in all_years]
    periods += [(f"{a}-{b} average", (a, b)) for a, b in _pairs(all_years)]
    for label, members in periods:
        n = len(members)
        sums = {
            k: sum((per_year[y][k] for y in members), Fraction(0)) / n
            for k in ("principal", "significant", "allocable", "screened")
        }
        focused = sums["principal"] + sums["significant"]
        table.rows.append(
            {
                "period": label,
                "principal": cents(sums["principal"]),
                "significant": cents(sums["significant"]),
                "focused": cents(focused),
                "allocable": cents(sums["allocable"]),
                "principal_share": share(sums["principal"], sums["allocable"]),
                "significant_share": share(sums["significant"], sums["allocable"]),
                "focused_share": share(focused, sums["allocable"]),
                "screened_share": share(sums["screened"], sums["allocable"]),
                "focused_share_of_screened": share(focused, sums["screened"]),
            }
        )
    return table


def by_marker(rows: Iterable[Row], years: tuple[int, int] | None = None) -> Table:
    rows = list(rows)
    per_year: dict[int, dict[int | None, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    for row in rows:
        per_year[row.year][row.marker] += row.amount
    keys = {2: "principal", 1: "significant", 0: "not_targeted", None: "not_screened"}
    table = Table(
        [Column("period", gettext_noop("Period"), "text")]
        + [Column(keys[m], MARKERS[m], "amount") for m in keys]
        + [Column("total", gettext_noop("All aid"), "amount")],
        **_left_out(rows),
    )
    all_years = _years(rows, years)
    periods = [(str(y), (y,)) for y in all_years]
    periods += [(f"{a}-{b} average", (a, b)) for a, b in _pairs(all_years)]
    for label, members in periods:
        amounts = {
            m: sum((per_year[y][m] for y in members), Fraction(0)) / len(members) for m in keys
        }
        line: dict[str, Any] = {"period": label}
        line.update({keys[m]: cents(amounts[m]) for m in keys})
        line["total"] = cents(sum(amounts.values(), Fraction(0)))
        table.rows.append(line)
    return table


def screened(rows: Iterable[Row], years: tuple[int, int] | None = None) -> Table:
    rows = [r for r in rows if r.allocable]
    per_year: dict[int, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    for row in rows:
        per_year[row.year]["all"] += row.amount
        per_year[row.year]["screened" if row.marker is not None else "not"] += row.amount
    table = Table(
        [
            Column("year", gettext_noop("Year"), "year"),
            Column("screened", gettext_noop("Screened (0, 1 or 2)"), "amount"),
            Column("not_screened", gettext_noop("Not screened"), "amount"),
            Column("allocable", gettext_noop("Bilateral allocable aid"), "amount"),
            Column("screened_share", gettext_noop("Share screened"), "share"),
        ],
        **_left_out(rows),
    )
    for year in _years(rows, years):
        cell = per_year[year]
        table.rows.append(
            {
                "year": year,
                "screened": cents(cell["screened"]),
                "not_screened": cents(cell["not"]),
                "allocable": cents(cell["all"]),
                "screened_share": share(cell["screened"], cell["all"]),
            }
        )
    return table


def top_by_key(
    rows: Iterable[Row],
    names: Mapping[str, str],
    label: str,
    top: int | None = TOP,
    unspecified: str = "Unspecified",
) -> Table:
    """Gender-focused aid by ``key``, principal and significant apart, largest first; the rest
    summed as "All others" after the first ``top`` (None: every key)."""
    rows = list(rows)
    sums: dict[str, dict[int, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    for row in rows:
        if row.marker in FOCUSED:
            sums[row.key][row.marker] += row.amount  # type: ignore[index]
    ranked = sorted(sums.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    table = Table(
        [
            Column("code", gettext_noop("Code"), "text"),
            Column("name", label, "text"),
            Column("principal", gettext_noop("Principal (2)"), "amount"),
            Column("significant", gettext_noop("Significant (1)"), "amount"),
            Column("focused", gettext_noop("Gender equality focused (1 or 2)"), "amount"),
        ],
        **_left_out(row for row in rows if row.marker in FOCUSED),
    )
    shown = ranked if top is None else ranked[:top]
    rest = [] if top is None else ranked[top:]

    def line(code: str, name: str, amounts: Mapping[int, Fraction]) -> dict[str, Any]:
        p, s = amounts.get(2, Fraction(0)), amounts.get(1, Fraction(0))
        return {
            "code": code,
            "name": name,
            "principal": cents(p),
            "significant": cents(s),
            "focused": cents(p + s),
        }

    for code, amounts in shown:
        name = names.get(code, code) if code != UNSPECIFIED else unspecified
        table.rows.append(line(code, name, amounts))
    if rest:
        merged: dict[int, Fraction] = defaultdict(Fraction)
        for _, amounts in rest:
            for marker, amount in amounts.items():
                merged[marker] += amount
        table.rows.append(line("", f"All others ({len(rest)})", merged))
    return table


def purpose_codes(rows: Iterable[Row], years: tuple[int, int] | None = None) -> Table:
    """Rows keyed by the purpose code their value is allocated to (only the dedicated codes of
    ``parity.markers.purposes`` kept)."""
    rows = list(rows)
    per_year: dict[int, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    for row in rows:
        if row.key in GENDER_PURPOSE_CODES:
            per_year[row.year][row.key] += row.amount
    table = Table(
        [Column("year", gettext_noop("Year"), "year")]
        + [Column(code, name, "amount", code=code) for code, name in GENDER_PURPOSE_CODES.items()]
        + [Column("total", gettext_noop("All dedicated purpose codes"), "amount")],
        **_left_out(r for r in rows if r.key in GENDER_PURPOSE_CODES),
    )
    for year in _years([r for r in rows if r.key in GENDER_PURPOSE_CODES], years):
        cell = per_year[year]
        line: dict[str, Any] = {"year": year}
        line.update({code: cents(cell[code]) for code in GENDER_PURPOSE_CODES})
        line["total"] = cents(sum(cell.values(), Fraction(0)))
        table.rows.append(line)
    return table


SOURCE_NAMES = {"iati": "IATI", "crs": "OECD CRS"}
COUNTED, LEFT_OUT = "counted", "left"


def sources(rows: Iterable[Row], years: tuple[int, int] | None = None) -> Table:
    """Rows keyed ``<source>:counted`` or ``<source>:left`` (left out: the other source covers
    the same provider and year), per year and source."""
    rows = list(rows)
    cells: dict[tuple[int, str], dict[str, Any]] = defaultdict(
        lambda: {COUNTED: 0, LEFT_OUT: 0, "amount": Fraction(0)}
    )
    for row in rows:
        source, kind = row.key.split(":")
        cell = cells[(row.year, source)]
        cell[kind] += row.count + row.unconverted + row.no_current
        if kind == COUNTED:
            cell["amount"] += row.amount
    table = Table(
        [
            Column("year", gettext_noop("Year"), "year"),
            Column("source", gettext_noop("Source"), "text"),
            Column("counted", gettext_noop("Counted (transactions or CRS rows)"), "count"),
            Column("amount", gettext_noop("Value counted"), "amount"),
            Column(
                "left_out",
                gettext_noop("Left out: the other source covers the provider and year"),
                "count",
            ),
        ],
        **_left_out(r for r in rows if r.key.endswith(COUNTED)),
    )
    shown = set(_years(rows, years))
    named = {
        (year, SOURCE_NAMES.get(source, source)): cell for (year, source), cell in cells.items()
    }
    for (year, source), cell in sorted(named.items()):
        if year in shown:
            table.rows.append(
                {
                    "year": year,
                    "source": source,
                    "counted": cell[COUNTED],
                    "amount": cents(cell["amount"]),
                    "left_out": cell[LEFT_OUT],
                }
            )
    return table


def sources_text(table: Table, gettext: Callable[[str], str] = lambda text: text) -> str:
    """The sources table in one sentence, for the basis line of every figure; ``gettext``
    translates it (this module imports no Django)."""
    spans: dict[str, list[int]] = {}
    counted: dict[str, int] = defaultdict(int)
    left: dict[str, int] = defaultdict(int)
    for row in table.rows:
        if row["counted"]:
            spans.setdefault(row["source"], []).append(row["year"])
            counted[row["source"]] += row["counted"]
        left[row["source"]] += row["left_out"]
    if not spans and not any(left.values()):
        return ""
    parts = [
        gettext("%(source)s %(years)s (%(n)s counted)")
        % {
            "source": source,
            "years": f"{min(years)}" + (f"-{max(years)}" if max(years) != min(years) else ""),
            "n": f"{counted[source]:,}",
        }
        for source, years in sorted(spans.items())
    ]
    if parts:
        text = gettext("Sources: %(parts)s") % {"parts": ", ".join(parts)}
    else:
        text = gettext("Sources: none counted")
    out = [f"{n:,} {source}" for source, n in sorted(left.items()) if n]
    if out:
        text += gettext(
            "; left out: %(rows)s rows where the other source covers the same provider and year"
        ) % {"rows": gettext(" and ").join(out)}
    return text


def results_by_sex(values: Iterable[ResultValue]) -> Table:
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    activities: dict[str, set[int]] = defaultdict(set)
    for value in values:
        if value.sex not in ("female", "male"):
            continue
        key = " ".join(value.indicator.split()) or "(untitled indicator)"
        sums[key][value.sex] += value.value
        activities[key].add(value.activity)
    table = Table(
        [
            Column("indicator", gettext_noop("Indicator"), "text"),
            Column("female", gettext_noop("Women and girls"), "number"),
            Column("male", gettext_noop("Men and boys"), "number"),
            Column("total", gettext_noop("Both"), "number"),
            Column("activities", gettext_noop("Activities"), "count"),
        ]
    )
    ranked = sorted(sums.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    for indicator, cell in ranked:
        female, male = cell["female"], cell["male"]
        table.rows.append(
            {
                "indicator": indicator,
                "female": plain(female),
                "male": plain(male),
                "total": plain(female + male),
                "activities": len(activities[indicator]),
            }
        )
    return table


FIGURES: dict[str, Figure] = {
    f.name: f
    for f in [
        Figure(
            "focused-share",
            gettext_noop("Gender equality focused aid, share of bilateral allocable aid"),
            gettext_noop(
                "Aid to activities whose OECD-DAC gender equality marker is 2 (principal: gender "
                "equality is the main objective) or 1 (significant: an important and deliberate "
                "objective), shown apart and together, as a share of all bilateral allocable aid "
                "(aid types A02, B01, B03, B04, C01, D01, D02, E01; a transaction's own aid type, "
                "else its activity's first default aid type), screened or not. An activity counts "
                "at its whole value whatever its score. Per year, and as two-year averages (the "
                "sum over both years divided by two; shares are the ratio of the two-year sums). "
                "Also the share of allocable aid screened at all, and the focused share of "
                "screened aid. On the default basis this is the OECD's headline: the share of DAC "
                "members' bilateral allocable ODA that is gender equality focused, on "
                "commitments. A CRS row counts with the marker of its own year."
            ),
            money=True,
            compute=focused_share,
        ),
        Figure(
            "by-marker",
            gettext_noop("Aid by gender equality marker over time"),
            gettext_noop(
                "All aid in the selection (every aid type), per year and as two-year averages, by "
                "the activity's current gender equality marker: principal (2), significant (1), "
                "not targeted (0) and not screened (no marker; never counted as 0)."
            ),
            money=True,
            compute=by_marker,
        ),
        Figure(
            "screened",
            gettext_noop("Share of bilateral allocable aid screened"),
            gettext_noop(
                "Bilateral allocable aid to activities that carry a gender equality marker (0, 1 "
                "or 2), as a share of all bilateral allocable aid, per year."
            ),
            money=True,
            compute=screened,
        ),
        Figure(
            "top-recipients",
            gettext_noop("Gender equality focused aid by recipient"),
            gettext_noop(
                "Aid marked 1 or 2, allocated to recipient countries and regions: a transaction's "
                "own recipient country or region takes all of it; otherwise the activity's "
                "percentages share it out (divided by their sum so nothing is lost or counted "
                "twice; split equally when any percentage is missing). The ten largest "
                "recipients, then all others together; value with no recipient is shown as "
                "unspecified."
            ),
            money=True,
            compute=top_by_key,
        ),
        Figure(
            "top-sectors",
            gettext_noop("Gender equality focused aid by sector"),
            gettext_noop(
                "Aid marked 1 or 2, allocated to DAC 5-digit purpose codes the same way as to "
                "recipients (a transaction's own sector, else the activity's percentages, else an "
                "equal split). The ten largest sectors, then all others together."
            ),
            money=True,
            compute=top_by_key,
        ),
        Figure(
            "priority-areas",
            gettext_noop("Gender equality focused aid by JICA priority area"),
            gettext_noop(
                "Aid marked 1 or 2 under each of JICA's five priority areas its activity is "
                "tagged with. A tag carries no percentage, so an activity under two areas counts "
                "in full under both and the areas can add up to more than the total; aid to "
                "untagged activities is shown as 'no priority area'."
            ),
            money=True,
            compute=top_by_key,
        ),
        Figure(
            "purpose-codes",
            gettext_noop("Dedicated gender equality purpose codes (15170, 15180, 15164)"),
            gettext_noop(
                "Aid allocated to DAC purpose codes 15170 (women's rights organisations and "
                "movements, and government institutions), 15180 (ending violence against women "
                "and girls) and 15164 (women's equality organisations and institutions, the older "
                "code 15170 replaced, still found in older files), whatever the activity's "
                "marker, per year; allocated to sectors as in 'by sector'."
            ),
            money=True,
            compute=purpose_codes,
        ),
        Figure(
            "sources",
            gettext_noop("Which source covered what"),
            gettext_noop(
                "Per year, the IATI transactions and OECD CRS rows counted in the figures under "
                "the filters, with their value (allocated to the filters' country or sector as in "
                "the other figures), and those left out because the other source reports the same "
                "provider's money for that year: IATI and the CRS are never added up for one "
                "provider and year, and the CRS is kept unless the PARITY_FIGURES_SOURCE setting "
                "says iati. A provider is its CRS provider code, which an IATI agency's "
                "identifier leads to (XM-DAC-701-8 and the CRS code 701 are both Japan)."
            ),
            money=True,
            compute=sources,
        ),
        Figure(
            "results-by-sex",
            gettext_noop("Sex-disaggregated results, summed by indicator"),
            gettext_noop(
                "Reported actuals of result indicators that count units (IATI measure 1) and "
                "carry a sex dimension (normalised to female or male), summed by indicator title "
                "for the activities in the selection. Percentages and qualitative indicators are "
                "not added up; actuals without a sex dimension are left out. Titles are compared "
                "after collapsing spaces, so the same indicator in two activities adds up."
            ),
            money=False,
            compute=results_by_sex,
        ),
        Figure(
            "pledge-progress",
            gettext_noop("Pledge progress"),
            gettext_noop(
                "Each pledge with a money target: what the activities in its scope committed or "
                "disbursed in its period (gender-focused activities at their whole value), "
                "against the target, in the pledge's own currency and basis. Pledges have their "
                "own scope, so the dashboard's filters do not apply to this figure."
            ),
            money=False,
        ),
    ]
}
