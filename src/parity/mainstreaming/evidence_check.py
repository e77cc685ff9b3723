"""Before a review is submitted or approved: which criteria answered "met" the evidence rules
contradict, on the activity as it would stand with the proposed score.

Only the rules that test a criterion's published trace, at warning severity, are asked (the
heuristic "nothing recorded" rules would contradict almost every activity and teach people
to tick the box). A contradiction does not block: the person submitting or approving sees it
and must confirm the answer (they checked the evidence) or change it, or return the review.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.utils import timezone

from parity.activities.as_iati_model import activity_snapshots
from parity.activities.models import Activity
from parity.iati.model import PolicyMarker
from parity.mainstreaming.models import ReviewAnswer, StageReview
from parity.markers import RULES, Scheme, check_activity, checklist, load_scheme
from parity.markers.messages import render

# Criterion id (in any scheme) -> the rules whose finding says its evidence is not there.
CONTRADICTING_RULES: dict[str, tuple[str, ...]] = {
    "gender-indicator": ("gender-focused-without-gender-indicator",),
    "gender-indicators-set": ("gender-focused-without-gender-indicator",),
    "sex-disaggregation": ("people-count-without-sex-breakdown",),
    "gender-indicators-both-levels": ("principal-without-indicators-at-both-levels",),
    "gender-results-monitored": ("sex-disaggregated-target-without-actual",),
    "gender-progress-monitored": ("sex-disaggregated-target-without-actual",),
}


@dataclass(frozen=True)
class Contradiction:
    criterion: str  # the criterion's id
    criterion_text: str
    rule_title: str
    message_id: str  # what the rule found, naming the indicator (parity.markers.messages)
    message_args: dict[str, str]

    @property
    def message(self) -> str:
        """In English (the flag_message filter gives it in the reader's language)."""
        return render(self.message_id, self.message_args)


def _as_proposed(review: StageReview, scheme: Scheme):
    """The activity's IATI snapshot, with the proposed score's DAC marker in place of its own."""
    queryset = Activity.objects.filter(pk=review.activity_id)
    snapshot = next(iter(activity_snapshots(queryset, rules_only=True)))
    dac = scheme.to_dac(review.proposed_score) if review.proposed_score else None
    if dac is None:
        return snapshot
    others = tuple(
        m for m in snapshot.policy_markers if not (m.code == "1" and m.vocabulary == "1")
    )
    gender = PolicyMarker(code="1", significance=str(dac))
    return dataclasses.replace(snapshot, policy_markers=(gender, *others))


def contradicted_answers(review: StageReview) -> list[Contradiction]:
    """The criteria answered "met" that a rule contradicts, in checklist order."""
    scheme = load_scheme(review.scheme)
    met = {
        a.criterion
        for a in review.answers.all()
        if a.answer == ReviewAnswer.MET and a.criterion in CONTRADICTING_RULES
    }
    criteria = [
        c for c in checklist(scheme, review.stage, review.proposed_score or None) if c.id in met
    ]
    if not criteria:
        return []
    wanted = {rule for c in criteria for rule in CONTRADICTING_RULES[c.id]}
    flags = check_activity(
        _as_proposed(review, scheme),
        timezone.localdate(),
        [RULES[rule] for rule in sorted(wanted) if rule in RULES],
    )
    found = []
    for criterion in criteria:
        for flag in flags:
            if flag.rule_id in CONTRADICTING_RULES[criterion.id]:
                rule = RULES[flag.rule_id]
                found.append(
                    Contradiction(
                        criterion.id, criterion.text, rule.title, flag.message_id, flag.args
                    )
                )
    return found


def unconfirmed(review: StageReview, confirmed: set[str]) -> list[Contradiction]:
    return [c for c in contradicted_answers(review) if c.criterion not in confirmed]
