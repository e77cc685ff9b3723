"""Transactions and budgets: money, with 1.0x letter codes upgraded and currency resolved."""

from __future__ import annotations

from typing import Any

from parity.iati import codelists
from parity.iati.fields import (
    Element,
    Reject,
    attr,
    date_and_text,
    decimal,
    iso_date,
    narratives,
    org,
)
from parity.iati.model import Budget, Transaction


def _code(name: str):
    def read(child: Element, out: dict[str, Any], path: str) -> None:
        if name not in out:  # 2.03 allows repeats (e.g. aid-type by vocabulary): keep the first
            out[name] = attr(child, "code")
    return read


def _type(child: Element, out: dict[str, Any], path: str) -> None:
    if "type" in out:  # a second transaction-type (invalid, seen in real 1.0x files): first wins
        return
    raw = attr(child, "code")
    code = codelists.TRANSACTION_TYPE_1X.get(raw.upper(), raw)
    if not codelists.is_valid("TransactionType", code):
        reason = f"unknown transaction type {raw!r}" if raw else "transaction type has no code"
        raise Reject(f"{path}/transaction-type", reason, child.sourceline)
    out["type"] = code


def _date(child: Element, out: dict[str, Any], path: str) -> None:
    out["date"], out["date_text"] = date_and_text(child, f"{path}/transaction-date")


def _value(child: Element, out: dict[str, Any], path: str) -> None:
    where = f"{path}/value"
    out["value"] = decimal(child, child.text or "", where)
    out["currency"] = attr(child, "currency")
    out["value_date"] = iso_date(child, where, "value-date")


def _description(child: Element, out: dict[str, Any], path: str) -> None:
    out["description"] = narratives(child)


def _provider(child: Element, out: dict[str, Any], path: str) -> None:
    out["provider"] = org(child, "provider-activity-id")


def _receiver(child: Element, out: dict[str, Any], path: str) -> None:
    out["receiver"] = org(child, "receiver-activity-id")


def _sector(child: Element, out: dict[str, Any], path: str) -> None:
    if "sector_code" not in out:
        vocabulary = attr(child, "vocabulary") or "1"
        out["sector_code"] = attr(child, "code")
        out["sector_vocabulary"] = codelists.SECTOR_VOCABULARY_1X.get(vocabulary, vocabulary)


_TRANSACTION_CHILDREN = {
    "transaction-type": _type,
    "transaction-date": _date,
    "value": _value,
    "description": _description,
    "provider-org": _provider,
    "receiver-org": _receiver,
    "sector": _sector,
    "recipient-country": _code("recipient_country"),
    "recipient-region": _code("recipient_region"),
    "flow-type": _code("flow_type"),
    "finance-type": _code("finance_type"),
    "aid-type": _code("aid_type"),
    "tied-status": _code("tied_status"),
    "disbursement-channel": _code("disbursement_channel"),
}


def transaction(el: Element, default_currency: str, path: str = "transaction") -> Transaction:
    out: dict[str, Any] = {"ref": attr(el, "ref")}
    for child in el:
        reader = _TRANSACTION_CHILDREN.get(child.tag)
        if reader is not None:
            reader(child, out, path)
    if "type" not in out:
        raise Reject(f"{path}/transaction-type", "transaction has no type", el.sourceline)
    if "value" not in out:
        raise Reject(f"{path}/value", "transaction has no value", el.sourceline)
    out["currency"] = out["currency"] or default_currency
    out.setdefault("date", None)
    return Transaction(**out)


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
    return Budget(
        period_start=start,
        period_end=end,
        value=value,
        currency=currency or default_currency,
        value_date=value_date,
        type=budget_type,
        status=status,
    )
