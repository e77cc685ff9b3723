"""Forms: the stage checklist (one group of fields per criterion) and small action forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext, gettext_lazy

from parity.activities.models import Indicator, Result
from parity.mainstreaming.models import ReviewAnswer, StageReview
from parity.mainstreaming.services import AnswerInput
from parity.mainstreaming.words import score_words
from parity.markers import Criterion, Scheme, checklist


def evidence_choices(review: StageReview) -> list[tuple[str, str]]:
    """Pointers to the activity's own results and indicators, as evidence."""
    choices = [("", "—")]
    for result in Result.objects.filter(activity_id=review.activity_id):
        choices.append((f"result:{result.pk}", gettext("Result: %(name)s") % {"name": result}))
    for indicator in Indicator.objects.filter(result__activity_id=review.activity_id):
        name = {"name": indicator}
        choices.append((f"indicator:{indicator.pk}", gettext("Indicator: %(name)s") % name))
    return choices


class ChecklistForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    proposed_score = forms.ChoiceField(label=gettext_lazy("Proposed marker"), required=False)
    justification = forms.CharField(
        label=gettext_lazy("Justification of the proposed marker"),
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args, review: StageReview, scheme: Scheme, **kwargs) -> None:
        self.review = review
        # Once a score is proposed, only the criteria that score needs are asked.
        self.criteria: list[Criterion] = checklist(
            scheme, review.stage, review.proposed_score or None
        )
        answers = {a.criterion: a for a in review.answers.all()}
        initial = {
            "version": review.version,
            "proposed_score": review.proposed_score,
            "justification": review.justification,
        }
        for criterion in self.criteria:
            answer = answers.get(criterion.id)
            if answer is None:
                continue
            pointer = ""
            if answer.evidence_result_id:
                pointer = f"result:{answer.evidence_result_id}"
            elif answer.evidence_indicator_id:
                pointer = f"indicator:{answer.evidence_indicator_id}"
            initial.update(
                {
                    f"{criterion.id}-answer": answer.answer,
                    f"{criterion.id}-text": answer.evidence_text,
                    f"{criterion.id}-url": answer.evidence_url,
                    f"{criterion.id}-pointer": pointer,
                }
            )
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["proposed_score"].choices = [("", gettext("No score proposed"))] + [
            (s.code, score_words(scheme.id, s.code)) for s in scheme.scores
        ]
        pointers = evidence_choices(review)
        for criterion in self.criteria:
            self.fields[f"{criterion.id}-answer"] = forms.ChoiceField(
                label=gettext("Answer"),
                choices=ReviewAnswer.ANSWERS,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{criterion.id}-text"] = forms.CharField(
                label=gettext("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"{criterion.id}-url"] = forms.URLField(
                label=gettext("Document link"), required=False, assume_scheme="https"
            )
            self.fields[f"{criterion.id}-pointer"] = forms.ChoiceField(
                label=gettext("Result or indicator of this activity"),
                choices=pointers,
                required=False,
            )

    def groups(self) -> list[tuple[Criterion, list]]:
        """Each criterion with its bound fields, for the template."""
        return [
            (c, [self[f"{c.id}-{part}"] for part in ("answer", "text", "url", "pointer")])
            for c in self.criteria
        ]

    def answers(self) -> dict[str, AnswerInput]:
        data = self.cleaned_data
        found: dict[str, AnswerInput] = {}
        for criterion in self.criteria:
            answer = data.get(f"{criterion.id}-answer") or ""
            if not answer:
                continue
            kind, _, pk = (data.get(f"{criterion.id}-pointer") or "").partition(":")
            found[criterion.id] = AnswerInput(
                answer=answer,
                text=data.get(f"{criterion.id}-text") or "",
                url=data.get(f"{criterion.id}-url") or "",
                result_id=int(pk) if kind == "result" else None,
                indicator_id=int(pk) if kind == "indicator" else None,
            )
        return found


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, widget=forms.Textarea)
