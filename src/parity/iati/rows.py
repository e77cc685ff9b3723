"""An activity as the flat rows of plain values a database stores of it, and its fingerprint.

The loader (``parity.activities.loader``) writes these rows as they are: each part table's rows
are tuples in that table's column order (``PARTS`` names them; the loader pairs each with its
table), JSON given as the text ``json.dumps`` would write. They are built once per activity, for
the fingerprint and for the insert. Compiled by mypyc with the reader (setup.py): in an import
they were a fifth of the CPU time, as Python (docs/performance.md, "Issue 16, tenth session").
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from json.encoder import encode_basestring as _quote
from typing import cast

from parity.iati.model import (
    Activity,
    Dimension,
    IndicatorPeriod,
    Narrative,
    OrgRef,
    PeriodValue,
    Result,
)

HASHED_ROWS = 5000  # rows of one table turned into text for the hash at a time

Row = tuple[object, ...]
RowBuilder = Callable[[int, Activity], list[Row]]


def activity_content(activity: Activity, origin: str = "") -> tuple[list[list[Row]], str]:
    """The rows of the activity's parts (each of ``PARTS`` in order, with 0 for the
    activity's id; last, its results' values as ``result_values`` nests them) and the
    fingerprint of what is stored of it: SHA-256 of the ``repr`` of its own values, those rows
    and its results as tuples, and the file it came from.

    Equal activities give equal rows of plain values (text, numbers, dates), whatever objects
    the reader shared between them. Parts Parity does not store (the activity's line in the
    file, its reader warnings) are not in the fingerprint: an activity that only moved in its
    file is unchanged.
    """
    digest = hashlib.sha256(f"{origin}\x00".encode())
    digest.update(repr(own_values(activity)).encode())
    parts: list[list[Row]] = []
    for _name, rows_of in PARTS:
        rows = rows_of(0, activity)
        for start in range(0, len(rows), HASHED_ROWS):  # a huge activity's in pieces
            digest.update(repr(rows[start : start + HASHED_ROWS]).encode())
        digest.update(b"|")
        parts.append(rows)
    results: list[Row] = []
    for result in activity.results:
        values = result_values(result)
        digest.update(repr(values).encode())
        results.append(values)
    parts.append(results)
    return parts, digest.hexdigest()


def own_values(a: Activity) -> Row:
    """What the activity row stores that its parts do not determine (title, description,
    gender marker and dates are read from its parts)."""
    return (
        a.identifier, org_values(a.reporting_org), narratives_text(a.titles), a.default_lang,
        a.iati_version, a.last_updated, a.humanitarian, a.status, a.scope,
        a.collaboration_type, a.default_currency, a.default_flow_type, a.default_finance_type,
        a.default_aid_types, a.other_default_aid_types, a.default_tied_status,
    )  # fmt: skip


def result_values(r: Result) -> Row:
    """A result with its indicators as the columns the loader stores, nested: (type, titles,
    descriptions, aggregation status, [indicator: (measure, ascending, aggregation status,
    titles, descriptions, [baseline row], [(start, end, [target row], [actual row])])])."""
    return (
        r.type, narratives_text(r.titles), narratives_text(r.descriptions), r.aggregation_status,
        [
            (
                ind.measure, ind.ascending, ind.aggregation_status, narratives_text(ind.titles),
                narratives_text(ind.descriptions),
                [(b.year, b.iso_date, b.value, dimensions_text(b.dimensions), b.comment)
                 for b in ind.baselines],
                [_period_values(p) for p in ind.periods],
            )
            for ind in r.indicators
        ],
    )  # fmt: skip


def _period_values(p: IndicatorPeriod) -> Row:
    return (p.start, p.end, [value_row(v) for v in p.targets], [value_row(v) for v in p.actuals])


def indicator_value_rows(
    period_ids: Sequence[int], periods: Sequence[tuple[int, IndicatorPeriod, Row]]
) -> list[Row]:
    """The rows of the indicator value table (period id, kind, sex, value, comment, dimensions)
    of ``periods``, each given as (indicator id, the period, its values as ``result_values``
    built them) beside its row's id in ``period_ids``: a period's targets, then its actuals."""
    if len(period_ids) != len(periods):
        raise ValueError(f"{len(period_ids)} period ids for {len(periods)} periods")
    rows: list[Row] = []
    # Index loops, not zip(strict=True): mypyc compiles these, and calls zip with a keyword
    # through Python. The values were built from the same periods, so their lengths agree.
    for i in range(len(periods)):
        period_id = period_ids[i]
        period, values = periods[i][1], periods[i][2]
        targets = cast(list[Row], values[2])
        for k in range(len(targets)):
            sex = sex_of(period.targets[k].dimensions)
            rows.append((period_id, "target", sex, *targets[k]))
        actuals = cast(list[Row], values[3])
        for k in range(len(actuals)):
            sex = sex_of(period.actuals[k].dimensions)
            rows.append((period_id, "actual", sex, *actuals[k]))
    return rows


def value_row(v: PeriodValue) -> Row:
    """A target's or actual's value, comment and dimensions (as JSON text)."""
    return (v.value, v.comment, dimensions_text(v.dimensions))


def narratives_text(narratives: Sequence[Narrative]) -> str:
    """The narratives as the JSON text ``json.dumps`` writes of ``[{"text", "lang"}]``
    (non-ASCII kept), without building the list of dicts: one call per part row."""
    if not narratives:
        return "[]"
    if len(narratives) == 1:  # most
        n = narratives[0]
        return f'[{{"text": {_quote(n.text)}, "lang": {_quote(n.lang)}}}]'
    return (
        "["
        + ", ".join(f'{{"text": {_quote(n.text)}, "lang": {_quote(n.lang)}}}' for n in narratives)
        + "]"
    )


def dimensions_text(dimensions: Sequence[Dimension]) -> str:
    """The dimensions as the JSON text of ``[{"name", "value", "norm_name", "norm_value"}]``."""
    if not dimensions:
        return "[]"
    return (
        "["
        + ", ".join(
            f'{{"name": {_quote(d.name)}, "value": {_quote(d.value)}, '
            f'"norm_name": {_quote(d.norm_name)}, "norm_value": {_quote(d.norm_value)}}}'
            for d in dimensions
        )
        + "]"
    )


def sex_of(dimensions: Sequence[Dimension]) -> str:
    """The normalised sex a value is disaggregated by ("" if none)."""
    for d in dimensions:
        if d.norm_name == "sex":
            return d.norm_value
    return ""


def _codes_text(codes: Sequence[object]) -> str:
    return json.dumps([list(c) if isinstance(c, tuple) else c for c in codes], ensure_ascii=False)


def org_values(org: OrgRef | None) -> Row:
    """An organisation's ref, type, names (JSON text) and activity id."""
    if org is None:
        return ("", "", "[]", "")
    return (org.ref, org.type, narratives_text(org.names), org.activity_id)


def description_rows(pk: int, a: Activity) -> list[Row]:
    return [(pk, d.type, narratives_text(d.narratives)) for d in a.descriptions]


def date_rows(pk: int, a: Activity) -> list[Row]:
    return [(pk, d.type, d.iso_date, d.text[:200]) for d in a.dates]


def participating_org_rows(pk: int, a: Activity) -> list[Row]:
    return [
        (pk, p.role, p.org.ref, p.org.type, narratives_text(p.org.names), p.org.activity_id)
        for p in a.participating_orgs
    ]


def country_rows(pk: int, a: Activity) -> list[Row]:
    return [(pk, c.code, c.percentage) for c in a.recipient_countries]


def region_rows(pk: int, a: Activity) -> list[Row]:
    return [(pk, r.code, r.vocabulary, r.percentage) for r in a.recipient_regions]


def sector_rows(pk: int, a: Activity) -> list[Row]:
    return [
        (pk, s.code, s.vocabulary, s.percentage, narratives_text(s.narratives)) for s in a.sectors
    ]


def policy_marker_rows(pk: int, a: Activity) -> list[Row]:
    return [
        (
            pk,
            pm.vocabulary,
            pm.code,
            int(pm.significance) if pm.significance is not None else None,
            narratives_text(pm.narratives),
        )
        for pm in a.policy_markers
    ]


def budget_rows(pk: int, a: Activity) -> list[Row]:
    return [
        (pk, b.type, b.status, b.period_start, b.period_end, b.value, b.currency, b.value_date)
        for b in a.budgets
    ]


def transaction_rows(pk: int, a: Activity) -> list[Row]:
    # The reader shares one object among the transactions that repeat an organisation or a
    # description, and the activity keeps them alive meanwhile, so their ids stand for them
    # here: each text is built once, and the rows share it (300,000 transactions hold many
    # copies of a few organisations' names).
    orgs: dict[int, Row] = {}
    descriptions: dict[int, str] = {}
    rows: list[Row] = []
    for t in a.transactions:
        description = descriptions.get(id(t.description))
        if description is None:
            description = descriptions[id(t.description)] = narratives_text(t.description)
        provider = orgs.get(id(t.provider))
        if provider is None:
            provider = orgs[id(t.provider)] = org_values(t.provider)
        receiver = orgs.get(id(t.receiver))
        if receiver is None:
            receiver = orgs[id(t.receiver)] = org_values(t.receiver)
        rows.append(
            (
                pk,
                t.ref,
                t.type,
                t.date,
                t.value,
                t.currency,
                t.value_date,
                description,
                t.sector_code,
                t.sector_vocabulary,
                t.recipient_country,
                t.recipient_region,
                t.flow_type,
                t.finance_type,
                t.aid_type,
                _codes_text(t.other_aid_types) if t.other_aid_types else "[]",
                t.tied_status,
                t.disbursement_channel,
                *provider,
                *receiver,
            )
        )
    return rows


def document_rows(pk: int, a: Activity) -> list[Row]:
    return [
        (
            pk,
            doc.url,
            doc.format,
            narratives_text(doc.titles),
            _codes_text(doc.categories),
            _codes_text(doc.languages),
            doc.document_date,
        )
        for doc in a.document_links
    ]


def location_rows(pk: int, a: Activity) -> list[Row]:
    return [
        (
            pk,
            loc.ref,
            narratives_text(loc.names),
            narratives_text(loc.descriptions),
            loc.latitude,
            loc.longitude,
            loc.exactness,
            loc.location_reach,
            loc.feature_designation,
        )
        for loc in a.locations
    ]


def related_rows(pk: int, a: Activity) -> list[Row]:
    return [(pk, rel.ref, rel.type) for rel in a.related_activities]


def note_rows(pk: int, a: Activity) -> list[Row]:
    return [(pk, n.part, n.line, n.problem, n.action, n.value) for n in a.notes]


# Every part that is a single row per item, in the order of ``activity_content``'s rows (and of
# the fingerprint: reordering them changes every stored hash). Results are nested, apart.
PARTS: tuple[tuple[str, RowBuilder], ...] = (
    ("description", description_rows),
    ("date", date_rows),
    ("participating-org", participating_org_rows),
    ("recipient-country", country_rows),
    ("recipient-region", region_rows),
    ("sector", sector_rows),
    ("policy-marker", policy_marker_rows),
    ("budget", budget_rows),
    ("transaction", transaction_rows),
    ("document-link", document_rows),
    ("location", location_rows),
    ("related-activity", related_rows),
    ("data-note", note_rows),
)
