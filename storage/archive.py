"""``Archive``: the archive for notebooks, scripts and the command line.

>>> archive = Archive("sqlite://")          # an in-memory archive, empty
>>> archive.count()
0
>>> archive.search("পুতিন")
[]
>>> archive.close()

Dates given without a zone mean the archive's local zone (``tz``, Asia/Dhaka
unless told otherwise); ``7d``/``12h``/``2w`` count back from now. A ``site``
the archive does not hold is an error (:class:`storage.sites.UnknownSite`)
naming the sites it does hold, never a silent empty result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage import repository
from storage.columns import unknown_columns
from storage.db import Database, open_archive
from storage.repository import ArticleFilter
from storage.sites import SiteCount, require_site, site_counts
from storage.when import DEFAULT_TZ, When, parse_when, window, zone

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

__all__ = ["Archive", "ExportResult", "When", "make_filter", "parse_when"]


def make_filter(
    site: str | None = None,
    since: When = None,
    until: When = None,
    query: str | None = None,
    include_duplicates: bool = False,
    tz: str | tzinfo | None = DEFAULT_TZ,
) -> ArticleFilter:
    """An :class:`ArticleFilter` from friendly values (dates as text or objects).

    Raises ``ValueError`` for a bad date or zone, or ``since`` later than ``until``.
    """
    start, stop = window(since, until, tz)
    return ArticleFilter(
        site=site or None,
        since=start,
        until=stop,
        query=query or None,
        include_duplicates=include_duplicates,
    )


@dataclass
class ExportResult:
    """What :meth:`Archive.export` wrote: rows, the file, facts such as cut Excel cells."""

    rows: int
    out: str
    format: str
    notes: dict[str, int] = field(default_factory=dict)


class Archive:
    """An open archive: search it, iterate over it, count it, export it, load it into pandas.

    ``url`` follows the ``--db`` rule: ``None`` means ``$NEWSCRAWLER_DB`` or
    ``./newscrawler.sqlite``. ``create=False`` refuses a missing SQLite file
    instead of creating an empty archive. ``tz`` is the zone of dates given
    without one.
    """

    def __init__(
        self, url: str | None = None, *, create: bool = True, tz: str | tzinfo = DEFAULT_TZ
    ) -> None:
        self.tz = zone(tz)
        self.db: Database = open_archive(url, create=create)

    @classmethod
    def over(cls, db: Database, *, tz: str | tzinfo = DEFAULT_TZ) -> Archive:
        """An ``Archive`` over a database opened already (the command line's way)."""
        archive = cls.__new__(cls)
        archive.tz, archive.db = zone(tz), db
        return archive

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.dispose()

    def filter(
        self,
        site: str | None = None,
        since: When = None,
        until: When = None,
        query: str | None = None,
        include_duplicates: bool = False,
    ) -> ArticleFilter:
        """The filter these values name, checked: an unknown site is an error."""
        filters = make_filter(site, since, until, query, include_duplicates, self.tz)
        if filters.site:
            with self.db.connect() as connection:
                require_site(connection, filters.site)
        return filters

    def sites(self) -> list[SiteCount]:
        """The sites of the archive, with their article counts."""
        with self.db.connect() as connection:
            return site_counts(connection)

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
        filters = self.filter(site, since, until, None, include_duplicates)
        with self.db.connect() as connection:
            return [asdict(h) for h in repository.search(connection, query, filters, limit)]

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
        filters = self.filter(site, since, until, query, include_duplicates)
        with self.db.connect() as connection:
            yield from repository.iter_articles(connection, filters, columns)

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
        filters = self.filter(site, since, until, query, include_duplicates)
        with self.db.connect() as connection:
            return repository.count(connection, filters)

    def export(
        self,
        out: str | Path,
        fmt: str = "csv",
        *,
        site: str | None = None,
        since: When = None,
        until: When = None,
        query: str | None = None,
        include_duplicates: bool = False,
        columns: Sequence[str] | None = None,
        excel: bool = False,
        progress: Callable[[int], None] | None = None,
        on_total: Callable[[int], None] | None = None,
    ) -> ExportResult:
        """Write the matching articles to ``out`` (``-`` = stdout) in format ``fmt``.

        Formats: ``storage.export.EXPORTERS`` (csv, tsv, jsonl, parquet, xlsx).
        A manifest is written beside a file. ``on_total`` is told the number of
        rows before writing starts (for a progress bar).
        """
        from storage import export as exporting
        from storage.search import parse_query

        exporting.check_format(fmt, str(out), excel)
        filters = self.filter(site, since, until, query, include_duplicates)
        if query:
            parse_query(query)
        names = list(columns or repository.default_columns(filters))
        unknown = unknown_columns(names)
        if unknown:
            raise ValueError(
                f"unknown column(s) {', '.join(unknown)}: choose from "
                + ", ".join(repository.COLUMNS)
            )
        manifest = exporting.Manifest(
            file=str(out),
            format=fmt,
            columns=names,
            filters=describe_filter(filters),
            database=self.db.url,
        )
        notes: dict[str, int] = {}
        with self.db.connect() as connection:
            if on_total is not None:
                on_total(repository.count(connection, filters))
            rows, prerendered = self._rows(connection, fmt, filters, names, excel)
            n = exporting.export(
                rows,
                fmt,
                out,
                names,
                excel=excel,
                manifest=manifest,
                progress=progress,
                prerendered=prerendered,
                notes=notes,
            )
        return ExportResult(n, str(out), fmt, notes)

    def _rows(
        self,
        connection: Connection,
        fmt: str,
        filters: ArticleFilter,
        names: list[str],
        excel: bool,
    ) -> tuple[Any, bool]:
        """Rows for the exporter: CSV lines rendered by the database when it can."""
        if fmt == "csv" and self.db.dialect == "sqlite":
            from storage.csvsql import csv_lines

            return csv_lines(connection, filters, names, excel), True
        if fmt == "csv" and self.db.dialect == "postgresql":
            from storage.pgcopy import csv_lines as copy_lines

            return copy_lines(connection, filters, names, excel), True
        return repository.iter_articles(connection, filters, names), False

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


def describe_filter(filters: ArticleFilter) -> dict[str, Any]:
    """A filter as JSON-ready values, for the manifest."""
    return {
        k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in asdict(filters).items()
    }
