"""`parity train-marker-model`: train the suggestion model and score the unscreened activities."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parity.mainstreaming.suggestions import labelled_sources, model_path, suggestions_refresh
from parity.suggest import SuggestError, modelfile
from parity.suggest.sources import read_labelled
from parity.suggest.train import train

SHOWN = ("macro_f1", "focused_f1", "brier", "precision_top_100")


class Command(BaseCommand):
    help = (
        "Train the marker-suggestion model from this Parity's screened real activities (never "
        "the sample) and reviewers' decisions on suggestions, plus any labelled CRS files given "
        "with --from; write it to the data folder and score every unscreened activity."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from",
            dest="files",
            action="append",
            default=[],
            metavar="FILE",
            help="A labelled CRS file (.csv in OECD or legacy columns, or the PARIS21 .xlsx)",
        )
        parser.add_argument(
            "--no-database", action="store_true", help="Train on the --from files only"
        )
        parser.add_argument("--output", default="", help="Where to write (default: data folder)")
        parser.add_argument("--json", action="store_true", help="Print the model's header as JSON")

    def handle(self, *args, **options) -> None:
        try:
            sources = [] if options["no_database"] else labelled_sources()
            for name in options["files"]:
                path = Path(name)
                sources.append((path.name, read_labelled(path)))
            model, trained_on = train(sources)
            path = Path(options["output"]) if options["output"] else model_path()
            header = modelfile.save(model, path, trained_on)
        except SuggestError as error:
            raise CommandError(str(error)) from None
        scored = suggestions_refresh(model, header) if not options["output"] else 0
        if options["json"]:
            self.stdout.write(json.dumps({**header, "path": str(path), "scored": scored}, indent=2))
            return
        self.stdout.write(f"Wrote {path}: trained on {header['rows']} labelled activities")
        for source in trained_on:
            self.stdout.write(
                f"  {source['source']}: {source['rows']} rows, {source['focused']} focused"
            )
        figures = header["cross_validated"]
        shown = ", ".join(f"{key} {figures[key]:.3f}" for key in SHOWN if key in figures)
        self.stdout.write(f"Cross-validated (3 grouped folds): {shown}")
        if not options["output"]:
            self.stdout.write(f"Scored {scored} unscreened activities (parity suggest-markers).")
