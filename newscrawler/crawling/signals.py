"""The crawl's own signals, sent through ``crawler.signals``.

``items_kept``: the storage pipeline committed items to the archive or
fsynced them to the dead-letter file. Arguments: ``urls`` (the items' URLs
and canonical URLs) and ``stored`` (False for dead-lettered items). The
incremental middleware writes an article's fetch state only after this.
"""

from __future__ import annotations

items_kept = object()
