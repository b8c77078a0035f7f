"""Python's garbage collector around a crawl: the start-up heap is never walked again.

Before its first request a crawl imports about 1,100 modules and builds
Scrapy's components: some 120,000 objects that live as long as the process
(only about 2,000 of them are garbage by then). With the collector's defaults
they were walked by every full collection (about 0.1 s each, nine in a
500-article crawl) and, while they were being created, by some 300 young
collections. So a crawl's start-up runs without automatic collection
(:func:`no_collection`), and the crawl itself (:func:`crawl_heap`) freezes
what start-up built (``gc.freeze``: collections skip it) and collects young
objects every :data:`YOUNG_THRESHOLD` allocations instead of 700, since most
of a page's objects (requests, selectors, items) are gone before then anyway.
Both restore the collector's state when they end.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Net container allocations between two young collections during a crawl
# (Python's default is 700).
YOUNG_THRESHOLD = 10_000


@contextmanager
def no_collection() -> Iterator[None]:
    """No automatic garbage collection in the block, or in the function it decorates."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def crawl_heap() -> Iterator[None]:
    """Collect during the block, without walking the objects that exist when it starts."""
    enabled, thresholds = gc.isenabled(), gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *thresholds[1:])
    gc.enable()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
        if not enabled:
            gc.disable()
