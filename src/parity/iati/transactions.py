"""Transactions and budgets: money, with 1.0x letter codes upgraded and currency resolved.

A transaction or budget without a readable value, or a transaction without a known type, is
dropped (``Reject``: the activity reader notes it and keeps the activity); a bad date or code
in one is left out with a note, and the rest kept.
"""

from __future__ import annotations

from decimal import Decimal

from parity.iati import codelists
from parity.iati.construct import constructor
from parity.iati.fields import (
    DROPPED,
    KNOWN_DATES,
    MAPPED,
    Element,
    Notes,
    Reject,
    Shared,
    add_once,
    attr,
    date_and_text,
    decimal,
    iso_date,
    narratives,
    note,
    org,
)
from parity.iati.model import Budget, Narrative, Transaction

_TRANSACTION_TYPES = frozenset(codelists.codes("TransactionType"))


# Children that only carry a code; if one repeats (invalid), the first is kept. Aid types and
# sectors repeat by vocabulary in 2.03 and are read by vocabulary instead.
_CODES = {
    "recipient-country": "recipient_country",
    "recipient-region": "recipient_region",
    "flow-type": "flow_type",
    "finance-type": "finance_type",
    "tied-status": "tied_status",
    "disbursement-channel": "disbursement_channel",
}
# Sector vocabularies in order of preference: DAC 5-digit purpose codes, then DAC 3-digit.
_SECTOR_RANK = {"1": 0, "2": 1}
_NO_CODES: dict[str, str] = {}
_transaction = constructor(Transaction)
_budget = constructor(Budget)


def transaction(
    el: Element,
    default_currency: str,
    notes: Notes,
    path: str = "transaction",
    shared: Shared | None = None,
) -> Transaction:
    """One transaction. The hot path of the reader (millions per big file): one pass over the
    children with the tests ordered by how common each child is, values read inline. Raises
    Reject when the transaction has no known type or no readable value."""
    ref = el.get("ref")
    kind = day = value = value_date = provider = receiver = None
    currency = date_text = sector_code = sector_vocabulary = ""
    description: tuple[Narrative, ...] = ()
    codes: dict[str, str] | None = None  # built only for a transaction that has codes
    aid_type = ""
    other_aid_types: tuple[tuple[str, str], ...] = ()
    for child in el[:]:  # a list of the children: cheaper than lxml's iterator
        tag = child.tag
        if tag == "value":
            text = child.text or ""
            if text.isascii() and text.replace(".", "", 1).isdigit():
                value = Decimal(text)  # the plain "1234.56" (decimal() does the same, slower)
            else:
                value = decimal(child, text, f"{path}/value")
            given = child.get("currency")
            currency = given.strip() if given else ""
            iso = child.get("value-date")
            value_date = KNOWN_DATES.get(iso) if iso else None
            if value_date is None and iso:
                value_date = iso_date(child, f"{path}/value", notes, "value-date")
        elif tag == "transaction-type" and kind is None:  # repeated (invalid): first wins
            kind = child.get("code")
            if kind in _TRANSACTION_TYPES:
                continue  # the usual 2.0x code, as given
            raw = attr(child, "code")
            kind = codelists.TRANSACTION_TYPE_1X.get(raw.upper(), raw)
            if kind not in _TRANSACTION_TYPES:
                reason = (
                    f"transaction type {raw!r} is not in the TransactionType codelist"
                    if raw
                    else "transaction type has no code"
                )
                raise Reject(f"{path}/transaction-type", reason, child.sourceline, raw)
        elif tag == "transaction-date":
            iso = child.get("iso-date")
            day = KNOWN_DATES.get(iso) if iso else None  # the usual case: a known ISO date
            if day is None or child.text is not None:
                day, date_text = date_and_text(child, f"{path}/transaction-date", notes)
        elif tag == "provider-org":
            provider = org(child, "provider-activity-id", shared, notes, path)
        elif tag == "receiver-org":
            receiver = org(child, "receiver-activity-id", shared, notes, path)
        elif tag == "description":
            description = narratives(child, shared)
        elif tag == "sector":
            # A DAC code wins over any other vocabulary, whatever the order; within one
            # vocabulary the first is kept (never "" once read).
            raw = attr(child, "vocabulary") or "1"
            vocabulary = codelists.SECTOR_VOCABULARY_1X.get(raw, raw)
            if not sector_vocabulary or _SECTOR_RANK.get(vocabulary, 2) < _SECTOR_RANK.get(
                sector_vocabulary, 2
            ):
                sector_code, sector_vocabulary = attr(child, "code"), vocabulary
        elif tag == "aid-type":
            code, vocabulary = attr(child, "code"), attr(child, "vocabulary") or "1"
            if vocabulary != "1":
                other_aid_types += ((vocabulary, code),)
            elif not aid_type:
                aid_type = code
        elif isinstance(tag, str) and (name := _CODES.get(tag)) is not None:
            if codes is None:
                codes = {}
            if name not in codes:
                codes[name] = attr(child, "code")
    if kind is None:
        raise Reject(f"{path}/transaction-type", "transaction has no type", el.sourceline)
    if value is None:
        raise Reject(f"{path}/value", "transaction has no value", el.sourceline)
    return _transaction(
        type=kind,
        date=day,
        value=value,
        currency=currency or default_currency,
        value_date=value_date,
        ref=ref.strip() if ref else "",
        description=description,
        provider=provider,
        receiver=receiver,
        sector_code=sector_code,
        sector_vocabulary=sector_vocabulary,
        date_text=date_text,
        aid_type=aid_type,
        other_aid_types=other_aid_types,
        **(codes or _NO_CODES),
    )


def budget(el: Element, default_currency: str, notes: Notes, path: str = "budget") -> Budget:
    """One budget; raises Reject when it has no readable value. A 1.0x word for its type
    ("original") is mapped, with a note; an unknown type or status is left empty, noted."""
    start = end = value = value_date = None
    currency = ""
    for child in el[:]:
        tag = child.tag
        if tag == "period-start":
            start = KNOWN_DATES.get(child.get("iso-date") or "")  # the usual case
            if start is None or child.text is not None:
                start = date_and_text(child, f"{path}/period-start", notes)[0]
        elif tag == "period-end":
            end = KNOWN_DATES.get(child.get("iso-date") or "")
            if end is None or child.text is not None:
                end = date_and_text(child, f"{path}/period-end", notes)[0]
        elif tag == "value":
            value = decimal(child, child.text or "", f"{path}/value")
            currency = attr(child, "currency")
            value_date = KNOWN_DATES.get(child.get("value-date") or "")
            if value_date is None:
                value_date = iso_date(child, f"{path}/value", notes, "value-date")
    if value is None:
        raise Reject(f"{path}/value", "budget has no value", el.sourceline)
    raw_type = el.get("type") or "1"
    budget_type = raw_type
    if budget_type not in codelists.BUDGET_TYPES:
        raw_type = attr(el, "type")
        budget_type = raw_type or "1"
    if budget_type not in codelists.BUDGET_TYPES:
        budget_type = codelists.BUDGET_TYPE_WORDS.get(raw_type.lower(), "")
        if budget_type:
            problem = f"budget type {raw_type!r} is a 1.0x word; read as BudgetType {budget_type}"
            add_once(notes, note(path, problem, el.sourceline, MAPPED, raw_type))
        else:
            problem = f"budget type {raw_type!r} is not in the BudgetType codelist; left empty"
            notes.append(note(path, problem, el.sourceline, DROPPED, raw_type))
    status = attr(el, "status") or "1"
    if status not in codelists.BUDGET_STATUSES:
        problem = f"budget status {status!r} is not in the BudgetStatus codelist; left empty"
        notes.append(note(path, problem, el.sourceline, DROPPED, status))
        status = ""
    return _budget(
        period_start=start,
        period_end=end,
        value=value,
        currency=currency or default_currency,
        value_date=value_date,
        type=budget_type,
        status=status,
    )
