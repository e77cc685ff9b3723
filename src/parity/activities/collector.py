"""Python's garbage collector while a loader writes chunks of rows.

A chunk builds hundreds of thousands of objects (activities as read, rows, tuples) that all
live until the chunk is written. With the collector's defaults every 700 new objects start a
young pass over them, and after each few passes a full one walks the whole heap: Django, its
models and everything loaded before, again and again. Measured on the IATI import of 10,000
activities (docs/performance.md, "The garbage collector"): a fifth of its CPU time.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# New objects between two young passes while loading (Python's default is 700). A chunk's
# objects are garbage only once the chunk is written, so passing over them sooner finds none.
LOAD_YOUNG_THRESHOLD = 50_000


@contextmanager
def collector_for_bulk_load() -> Iterator[None]:
    """Leave the objects alive before the load out of every pass (``gc.freeze``) and run
    young passes less often meanwhile; both are restored after. Reference cycles are still
    collected, only later."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(LOAD_YOUNG_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
