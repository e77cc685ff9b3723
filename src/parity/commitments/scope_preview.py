"""What a scope the editor is drafting would count, before it is saved.

The draft is applied to a copy of the pledge that is never saved, through the same query and
arithmetic as the pledge page, so the preview is the figure the page will show.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from parity.commitments.coverage import SourceCoverage, loaded_coverage, scope_gaps
from parity.commitments.models import Pledge
from parity.commitments.rates import rate_table
from parity.commitments.scope import scope_activities
from parity.commitments.scope_rule import parse_scope_rule
from parity.commitments.tracking.money import pillar_keys
from parity.commitments.tracking.money_rows import compute_money, money_target, scope_transactions
from parity.commitments.tracking.pledge import scope_summary


@dataclass(frozen=True)
class ScopePreview:
    description: str
    activities: int
    transactions: int
    currency: str
    money: Decimal | None  # None: the pledge has no money target or no period
    counted: int  # transactions added up
    without_rate: int
    coverage: list[SourceCoverage]
    gaps: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "activities": self.activities,
            "transactions": self.transactions,
            "currency": self.currency,
            "money": None if self.money is None else str(self.money),
            "counted": self.counted,
            "without_rate": self.without_rate,
            "gaps": list(self.gaps),
            "coverage": [
                {
                    "source": c.label,
                    "activities": c.activities,
                    "providers": c.provider_text,
                    "years": c.years,
                    "sectors": c.sectors,
                }
                for c in self.coverage
            ],
        }


def draft(pledge: Pledge, **values: Any) -> Pledge:
    """A copy of ``pledge`` with the draft's values, which is never saved."""
    copied = copy.copy(pledge)
    for name, value in values.items():
        setattr(copied, name, value)
    return copied


def scope_preview(pledge: Pledge) -> ScopePreview:
    """Records and money the (draft) pledge's scope matches, and the loaded data's coverage."""
    summary = scope_summary(pledge)
    rule = parse_scope_rule(pledge.scope_rule)
    money, counted, without_rate = None, 0, 0
    target, period = money_target(pledge), pledge.period
    if target is not None and period is not None:
        computed = compute_money(pledge, target, period, pillar_keys(pledge), rate_table())
        money = computed.progress.total
        counted = len(computed.transaction_ids)
        without_rate = len(computed.unconverted_ids)
    gaps = () if rule.is_empty else scope_gaps(rule, (pledge.period_start, pledge.period_end))
    return ScopePreview(
        summary.description,
        scope_activities(pledge).count(),
        scope_transactions(pledge).count(),
        pledge.money_currency,
        money,
        counted,
        without_rate,
        loaded_coverage(),
        tuple(gaps),
    )
