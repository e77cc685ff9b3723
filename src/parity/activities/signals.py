"""Signals other apps listen to, so that this base app never imports them."""

from django.dispatch import Signal

# Sent after each imported file, with `identifiers`: the IATI identifiers it wrote or kept.
# The file is recorded as imported only after the receivers return (a kill before then leaves
# it to be imported again, never skipped).
activities_imported = Signal()
# Sent by the importer's loader inside each chunk's transaction, with `written`: (id, the
# activity as read, its content hash) for every activity it created or changed, so that what
# other apps derive from an activity is stored with it, all or nothing.
activities_written = Signal()
# Sent by the CRS loader inside each chunk, with `projects`: (activity id, the rows of its
# latest year that its header was just written from) for every project whose header it wrote.
# A receiver returns the ids whose derived records it stored from them (the evidence flags);
# the loader hands the ids still current at the end of the file to `activities_imported` as
# `flags_current`, so the refresh after the file reads those projects back no more.
crs_projects_written = Signal()
# Sent when an import run starts, so work a killed run left undone can be finished first.
import_starting = Signal()
# Sent when something the figures are computed from changed (an import, a review approval, a
# rates file), with `reason`: the analytics app queues a rebuild on the background worker.
figures_outdated = Signal()
