"""Log lines a person can read: a dropped article is one short line, not a dump."""

from __future__ import annotations

from typing import Any

from scrapy import logformatter
from scrapy.http import Response
from scrapy.spiders import Spider
from twisted.python.failure import Failure


class LogFormatter(logformatter.LogFormatter):
    """Scrapy's formatter, with drops logged as ``Dropped: <reason>`` only.

    The reason already names the URL; the whole item (a full article body)
    would bury the log.
    """

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> logformatter.LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        return {**result, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}
