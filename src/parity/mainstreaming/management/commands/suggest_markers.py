"""`parity suggest-markers`: score the unscreened activities and list the likeliest first."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parity.mainstreaming.suggestion_models import MarkerSuggestion
from parity.mainstreaming.suggestions import current_model, ranked, suggestions_refresh, unscreened
from parity.suggest import SuggestError


class Command(BaseCommand):
    help = (
        "Score every unscreened activity with the trained model, store the scores for the "
        "portfolio, and list the ones most likely gender equality focused, with the words and "
        "codes that weighed most. A suggestion never sets a marker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the suggestions as JSON")
        parser.add_argument("--limit", type=int, default=20, help="How many to list (default 20)")
        parser.add_argument("--reporting-org", default="", help="Only this organisation's")
        parser.add_argument(
            "--min-probability", type=float, default=0.0, help="Only at least this likely (0-1)"
        )

    def handle(self, *args, **options) -> None:
        if not 0 <= options["min_probability"] <= 1:
            raise CommandError("--min-probability must be between 0 and 1")
        try:
            model, header = current_model()
        except SuggestError as error:
            raise CommandError(str(error)) from None
        activities = unscreened()
        if options["reporting_org"]:
            activities = activities.filter(reporting_org__ref=options["reporting_org"])
        scored = suggestions_refresh(model, header, activities)
        ids = activities.values_list("pk", flat=True)
        listed = ranked(ids).filter(probability__gte=options["min_probability"])
        listed = list(listed[: max(options["limit"], 0)])
        refused = MarkerSuggestion.objects.filter(activity__in=ids, probability__isnull=True)
        if options["json"]:
            self.stdout.write(json.dumps(self._json(header, scored, listed, refused), indent=2))
            return
        self.stdout.write(
            f"Scored {scored} unscreened activities with the model of {header['created']} "
            f"({header['rows']} labelled rows); {refused.count()} could not be scored."
        )
        for suggestion in listed:
            reasons = ", ".join(
                f"{feature} ({weight:+.2f})" for feature, weight in suggestion.reasons
            )
            self.stdout.write(
                f"{suggestion.probability:.2f}  score {suggestion.score}  "
                f"{suggestion.activity.iati_identifier}  {suggestion.activity.title[:70]}\n"
                f"      weighed: {reasons}"
            )

    @staticmethod
    def _json(header, scored, listed, refused) -> dict:
        return {
            "model": {key: header[key] for key in ("created", "target", "rows", "trained_on")},
            "scored": scored,
            "suggestions": [
                {
                    "iati_identifier": s.activity.iati_identifier,
                    "title": s.activity.title,
                    "probability": s.probability,
                    "score": s.score,
                    "reasons": [{"feature": f, "weight": w} for f, w in s.reasons],
                }
                for s in listed
            ],
            "not_scored": [
                {"iati_identifier": identifier, "reason": reason}
                for identifier, reason in refused.values_list(
                    "activity__iati_identifier", "refusal"
                )[:1000]
            ],
        }
