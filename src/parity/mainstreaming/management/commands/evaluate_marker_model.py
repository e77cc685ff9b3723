"""`parity evaluate-marker-model`: held-out figures of the model against the baselines."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parity.mainstreaming.suggestions import labelled_sources
from parity.suggest import SuggestError
from parity.suggest.evaluate import evaluate
from parity.suggest.sources import read_labelled

SHOWN = ("macro_f1", "focused_f1", "brier", "precision_top_100")


class Command(BaseCommand):
    help = (
        "Train and test the suggestion model and three baselines (majority, keyword rule, plain "
        "TF-IDF + logistic regression) on held-out splits grouped so that one project text never "
        "sits on both sides; report the mean and spread over the seeds. Each --from file is "
        "evaluated on its own; without --from, this Parity's own labelled activities."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="files", action="append", default=[], metavar="FILE")
        parser.add_argument("--seeds", type=int, default=5, help="Splits to average (default 5)")
        parser.add_argument("--json", action="store_true", help="Print the full figures as JSON")

    def handle(self, *args, **options) -> None:
        if options["seeds"] < 1:
            raise CommandError("--seeds must be at least 1")
        try:
            if options["files"]:
                sets = [(Path(f).name, read_labelled(Path(f))) for f in options["files"]]
            else:
                rows = [row for _, source in labelled_sources() for row in source]
                sets = [("this Parity's labelled activities", rows)]
            reports = [evaluate(rows, name, seeds=options["seeds"]) for name, rows in sets]
        except SuggestError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(reports, indent=2, ensure_ascii=False))
            return
        for report in reports:
            self.stdout.write(
                f"{report['dataset']}: {report['rows']} rows, target {report['target']}, "
                f"{report['seeds']} grouped splits (mean ± sd)"
            )
            for method, figures in report["methods"].items():
                cells = [
                    f"{key} {figures[key]['mean']:.3f}±{figures[key]['sd']:.3f}"
                    for key in SHOWN
                    if key in figures
                ]
                self.stdout.write(f"  {method:44s} " + "  ".join(cells))
            margins = dict(report["margins"])
            figure = margins.pop("figure")
            for method, margin in margins.items():
                per_seed = ", ".join(f"{value:+.3f}" for value in margin["per_seed"])
                self.stdout.write(
                    f"  model minus {method}, {figure}: {margin['mean']:+.3f} ± "
                    f"{margin['sd']:.3f} (per seed {per_seed})"
                )
