"""Drive an :class:`~newscrawler.warc.replay.Extractor` over WARC files into the archive."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from newscrawler.warc.reader import Record, iter_responses
from newscrawler.warc.replay import ArchiveSink, Extractor

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]


def replay_files(
    paths: Iterable[Path],
    extractor: Extractor,
    sink: ArchiveSink,
    keep: Callable[[Record], bool] | None = None,
    progress: Progress | None = None,
) -> Counter[str]:
    """Extract and store every usable response of ``paths``; return the counts.

    ``keep`` filters records before extraction (a site, a date, a URL pattern);
    ``progress`` is told how many bytes of the files were read since its last call.
    """
    counts: Counter[str] = Counter()
    for path in paths:
        done = 0
        counts["files"] += 1
        for record in iter_responses(path, counts):
            if progress is not None:
                progress(record.capture.offset - done)
                done = record.capture.offset
            if keep is not None and not keep(record):
                counts["skipped/filtered"] += 1
                continue
            counts["pages"] += 1
            result = extractor.extract(record)
            if result.item is None:
                counts[f"dropped/{result.reason}"] += 1
                continue
            sink.add(result.item, result.profile)
        if progress is not None:
            progress(path.stat().st_size - done)
    sink.flush()
    counts.update(sink.counts)
    return counts
