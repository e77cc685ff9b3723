"""Signals other apps listen to, so that this base app never imports them."""

from django.dispatch import Signal

# Sent after each imported file, with `identifiers`: the IATI identifiers it wrote or kept.
activities_imported = Signal()
