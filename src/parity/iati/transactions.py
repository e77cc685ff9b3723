"""Transactions and budgets: money, with 1.0x letter codes upgraded and currency resolved."""

from __future__ import annotations

from decimal import Decimal

from parity.iati import codelists
from parity.iati.construct import constructor
from parity.iati.fields import (
    KNOWN_DATES,
    Element,
    Reject,
    Shared,
    attr,
    date_and_text,
    decimal,
    iso_date,
    narratives,
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
_transaction = constructor(Transaction)
_budget = constructor(Budget)


def transaction(
    el: Element,
    default_currency: str,
    path: str = "transaction",
    shared: Shared | None = None,
) -> Transaction:
    """One transaction. The hot path of the reader (millions per big file): one pass over the
    children with the tests ordered by how common each child is, values read inline."""
    ref = el.get("ref")
    kind = day = value = value_date = provider = receiver = None
    currency = date_text = sector_code = sector_vocabulary = ""
    description: tuple[Narrative, ...] = ()
    codes: dict[str, str] = {}
    aid_type = ""
    other_aid_types: list[tuple[str, str]] = []
    for child in el:
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
                value_date = iso_date(child, f"{path}/value", "value-date")
        elif tag == "transaction-type" and kind is None:  # repeated (invalid): first wins
            raw = attr(child, "code")
            kind = codelists.TRANSACTION_TYPE_1X.get(raw.upper(), raw)
            if kind not in _TRANSACTION_TYPES:
                reason = (
                    f"unknown transaction type {raw!r}" if raw else "transaction type has no code"
                )
                raise Reject(f"{path}/transaction-type", reason, child.sourceline)
        elif tag == "transaction-date":
            iso = child.get("iso-date")
            day = KNOWN_DATES.get(iso) if iso else None  # the usual case: a known ISO date
            if day is None or child.text is not None:
                day, date_text = date_and_text(child, f"{path}/transaction-date")
        elif tag == "provider-org":
            provider = org(child, "provider-activity-id", shared)
        elif tag == "receiver-org":
            receiver = org(child, "receiver-activity-id", shared)
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
                other_aid_types.append((vocabulary, code))
            elif not aid_type:
                aid_type = code
        elif isinstance(tag, str) and (name := _CODES.get(tag)) is not None and name not in codes:
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
        other_aid_types=tuple(other_aid_types),
        **codes,
    )


def budget(el: Element, default_currency: str, path: str = "budget") -> Budget:
    start = end = value = value_date = None
    currency = ""
    for child in el:
        tag = child.tag
        if tag == "period-start":
            start = date_and_text(child, f"{path}/period-start")[0]
        elif tag == "period-end":
            end = date_and_text(child, f"{path}/period-end")[0]
        elif tag == "value":
            value = decimal(child, child.text or "", f"{path}/value")
            currency = attr(child, "currency")
            value_date = iso_date(child, f"{path}/value", "value-date")
    if value is None:
        raise Reject(f"{path}/value", "budget has no value", el.sourceline)
    raw_type = attr(el, "type")
    budget_type = codelists.BUDGET_TYPE_WORDS.get(raw_type.lower(), raw_type) or "1"
    if budget_type not in codelists.BUDGET_TYPES:
        raise Reject(f"{path}/@type", f"unknown budget type {raw_type!r}", el.sourceline)
    status = attr(el, "status") or "1"
    if status not in codelists.BUDGET_STATUSES:
        raise Reject(f"{path}/@status", f"unknown budget status {status!r}", el.sourceline)
    return _budget(
        period_start=start,
        period_end=end,
        value=value,
        currency=currency or default_currency,
        value_date=value_date,
        type=budget_type,
        status=status,
    )
