"""The search page's URL parameters, read and checked, and written back into links.

A search is a shareable link: every filter lives in the query string, and
:func:`to_query` writes it back (for pagination, downloads and the language
switch) without the parameters that are at their defaults.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from storage.browse import SORTS, BrowseFilter

DEFAULT_TZ = "Asia/Dhaka"
PER_PAGE = 20
MAX_PAGE = 500
MAX_QUERY_CHARS = 500


class ParamError(ValueError):
    """A parameter the page cannot use; the message says which and what to write."""


@dataclass(frozen=True)
class SearchParams:
    """Everything a search page URL can say."""

    query: str = ""
    sites: tuple[str, ...] = ()
    since: str = ""
    until: str = ""
    section: str = ""
    author: str = ""
    include_duplicates: bool = False
    sort: str = "relevance"
    page: int = 1
    lang: str = "bn"

    def browse_filter(self, tz: str = DEFAULT_TZ) -> BrowseFilter:
        """The storage filter: dates are whole days in the archive's zone ``tz``."""
        zone = ZoneInfo(tz)
        since = _day(self.since, "since")
        until = _day(self.until, "until")
        if since and until and since > until:
            raise ParamError(f"the start date {self.since} is after the end date {self.until}")
        return BrowseFilter(
            query=self.query,
            sites=self.sites,
            since=datetime.combine(since, time(), zone) if since else None,
            until=datetime.combine(until + timedelta(days=1), time(), zone) if until else None,
            section=self.section,
            author=self.author,
            include_duplicates=self.include_duplicates,
            sort=self.sort,
        )

    @property
    def offset(self) -> int:
        return (self.page - 1) * PER_PAGE


def _day(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ParamError(f"{name}: {value[:40]!r} is not a date (write 2024-05-01)") from None


def parse(args: Mapping[str, str], multi: Mapping[str, Sequence[str]], lang: str) -> SearchParams:
    """Read the page's parameters; raises :class:`ParamError` with a readable message.

    ``args`` holds the last value of each parameter, ``multi`` every value (for ``site``).

    >>> parse({"q": " বৃষ্টি ", "page": "2"}, {"site": ["a", "b", "a"]}, "bn").sites
    ('a', 'b')
    """
    query = args.get("q", "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise ParamError(f"the query is {len(query)} characters long: at most {MAX_QUERY_CHARS}")
    sort = args.get("sort", "relevance") or "relevance"
    if sort not in SORTS:
        raise ParamError(f"sort: {sort[:20]!r} is not one of {', '.join(SORTS)}")
    page_text = args.get("page", "1") or "1"
    if not page_text.isdigit() or not 1 <= int(page_text) <= MAX_PAGE:
        raise ParamError(f"page: {page_text[:20]!r} is not a page number from 1 to {MAX_PAGE}")
    sites = tuple(dict.fromkeys(s.strip() for s in multi.get("site", ()) if s.strip()))
    params = SearchParams(
        query=query,
        sites=sites,
        since=args.get("since", "").strip(),
        until=args.get("until", "").strip(),
        section=args.get("section", "").strip(),
        author=args.get("author", "").strip(),
        include_duplicates=args.get("dups", "") in ("1", "on", "true"),
        sort=sort,
        page=int(page_text),
        lang=lang,
    )
    params.browse_filter()  # checks the dates
    return params


def to_query(params: SearchParams, **changes: object) -> str:
    """The query string of ``params`` with ``changes``, defaults left out.

    >>> to_query(SearchParams(query="বৃষ্টি", sites=("a", "b")), page=2)
    'q=%E0%A6%AC%E0%A7%83%E0%A6%B7%E0%A7%8D%E0%A6%9F%E0%A6%BF&site=a&site=b&page=2'
    """
    p = replace(params, **changes)  # type: ignore[arg-type]
    pairs: list[tuple[str, str]] = []
    if p.query:
        pairs.append(("q", p.query))
    pairs += [("site", s) for s in p.sites]
    for key, value in (("since", p.since), ("until", p.until), ("section", p.section),
                       ("author", p.author)):  # fmt: skip
        if value:
            pairs.append((key, value))
    if p.include_duplicates:
        pairs.append(("dups", "1"))
    if p.sort != "relevance":
        pairs.append(("sort", p.sort))
    if p.page != 1:
        pairs.append(("page", str(p.page)))
    if p.lang != "bn":
        pairs.append(("lang", p.lang))
    return urlencode(pairs)
