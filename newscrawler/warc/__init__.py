"""WARC capture, re-extraction and import (the ``WARC_*`` settings; see docs/warc.md).

``writer`` (rotating WARC/1.1 files, one gzip member per record), ``capture``
(the downloader middleware that records every exchange, and the spider
middleware that points articles at their records), ``reader`` (records back
from WARC/ARC files, surviving damage), ``replay`` (a record through the
crawl's extraction and pipelines into the archive), ``runner`` (over files).
"""
