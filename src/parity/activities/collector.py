"""Python's garbage collector while a loader writes chunks of rows.

A chunk builds hundreds of thousands of objects (activities as read, rows, tuples) that all
live until the chunk is written. With the collector's defaults every 700 new objects start a
young pass over them, and after each few passes a full one walks the whole heap: Django, its
models and everything loaded before, again and again. Measured on the IATI import of 10,000
activities (docs/performance.md, "The garbage collector"): a fifth of its CPU time. Even with
young passes every 50,000 objects, the passes over a chunk's live objects still took 7% of the
import ("Issue 16, twelfth session"): every one of them found nothing to free.

So a load makes no automatic pass at all. The loader calls ``between_chunks`` once a chunk is
written and released, and that one pass finds what is left: the reference cycles the chunk
made, which plain reference counting does not free. The memory held is at most one chunk's.
The switch is the whole process's: imports run in processes of their own (the command, its
``--jobs`` workers, one process per upload), so nothing else runs under it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def between_chunks() -> None:
    """One pass over the objects made since the last one (the young generations): after a
    chunk, only what outlived it and the cycles it left."""
    gc.collect(1)


@contextmanager
def collector_for_bulk_load() -> Iterator[Callable[[], None]]:
    """Leave the objects alive before the load out of every pass (``gc.freeze``) and turn the
    automatic passes off meanwhile; yields ``between_chunks``, for the loader to call after
    each chunk. Both are restored after."""
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield between_chunks
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()
