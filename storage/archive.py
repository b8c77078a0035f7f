"""``Archive``: the archive for notebooks and scripts.

>>> archive = Archive("sqlite://")          # an in-memory archive, empty
>>> archive.count(site="prothomalo.com")
0
>>> archive.search("পুতিন")
[]
>>> archive.close()
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from storage import repository
from storage.db import Database, open_archive
from storage.repository import ArticleFilter

When = date | datetime | str | None


def parse_when(value: When, *, end: bool = False) -> datetime | None:
    """A filter bound as an aware datetime; naive values are UTC.

    A bare date used as an end (``until``) includes that whole day.

    >>> parse_when("2024-05-01", end=True).isoformat()
    '2024-05-02T00:00:00+00:00'
    >>> parse_when("2024-05-01T10:00+06:00").isoformat()
    '2024-05-01T10:00:00+06:00'
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"not an ISO 8601 date: {value!r} (write 2024-05-01)") from None
    if not isinstance(value, datetime):
        day = datetime.combine(value, time(), tzinfo=UTC)
        return day + timedelta(days=1) if end else day
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def make_filter(
    site: str | None = None,
    since: When = None,
    until: When = None,
    query: str | None = None,
    include_duplicates: bool = False,
) -> ArticleFilter:
    """An :class:`ArticleFilter` from friendly values (dates as text or objects)."""
    return ArticleFilter(
        site=site or None,
        since=parse_when(since),
        until=parse_when(until, end=True),
        query=query or None,
        include_duplicates=include_duplicates,
    )


class Archive:
    """An open archive: search it, iterate over it, count it, load it into pandas.

    ``url`` follows the ``--db`` rule: ``None`` means ``$NEWSCRAWLER_DB`` or
    ``./newscrawler.sqlite``.
    """

    def __init__(self, url: str | None = None) -> None:
        self.db: Database = open_archive(url)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.dispose()

    def search(
        self,
        query: str,
        *,
        site: str | None = None,
        since: When = None,
        until: When = None,
        limit: int = 20,
        include_duplicates: bool = False,
    ) -> list[dict[str, Any]]:
        """Ranked matches: dicts with url, title, site, published_at, snippet, score."""
        filters = make_filter(site, since, until, None, include_duplicates)
        with self.db.read_session() as session:
            return [asdict(h) for h in repository.search(session, query, filters, limit)]

    def articles(
        self,
        *,
        site: str | None = None,
        since: When = None,
        until: When = None,
        query: str | None = None,
        include_duplicates: bool = False,
        columns: Sequence[str] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Articles as dicts keyed by item field names, streamed in archive order."""
        filters = make_filter(site, since, until, query, include_duplicates)
        with self.db.read_session() as session:
            yield from repository.iter_articles(session, filters, columns)

    def count(
        self,
        *,
        site: str | None = None,
        since: When = None,
        until: When = None,
        query: str | None = None,
        include_duplicates: bool = False,
    ) -> int:
        """How many articles match."""
        filters = make_filter(site, since, until, query, include_duplicates)
        with self.db.read_session() as session:
            return repository.count(session, filters)

    def to_pandas(self, **filters: Any) -> Any:
        """The matching articles as a ``pandas.DataFrame`` (needs the ``pandas`` extra)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("to_pandas needs pandas: pip install 'newscrawler[pandas]'") from None
        frame = pd.DataFrame.from_records(list(self.articles(**filters)))
        for column in ("published_at", "updated_at", "fetched_at"):
            if column in frame:
                frame[column] = pd.to_datetime(frame[column], utc=True)
        return frame
