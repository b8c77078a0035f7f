"""What each page shows, as plain dicts: the glue between :mod:`storage.browse` and templates."""

from __future__ import annotations

import codecs
import io
import time
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from newscrawler.web import chart, i18n
from newscrawler.web.diff import paragraph_diff
from newscrawler.web.params import PER_PAGE, SearchParams
from storage import browse
from storage.db import Database
from storage.export import write_csv, write_jsonl
from storage.ranking import SearchHit

# format -> (media type, file name)
DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", "newscrawler-results.csv"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "newscrawler-results.jsonl"),
}
DOWNLOAD_BATCH = 500
HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE = "[", "]"


class Choices:
    """The filters' choices (sites, sections), read again at most every ``ttl`` seconds.

    Sections are grouped over the whole archive: too slow to read per request.
    """

    def __init__(self, ttl: float = 60.0) -> None:
        self.ttl = ttl
        self._value: dict[str, list[str]] | None = None
        self._read_at = 0.0

    def get(self, session: Session) -> dict[str, list[str]]:
        now = time.monotonic()
        if self._value is None or now - self._read_at > self.ttl:
            self._value, self._read_at = browse.choices(session), now
        return self._value


def results(session: Session, params: SearchParams, tz: str) -> dict[str, Any]:
    """One page of results, its total, facets and paging, for the page and the API."""
    f = params.browse_filter(tz)
    page = browse.search_page(session, f, params.offset, PER_PAGE)
    return {
        "hits": [_hit(hit, id_) for hit, id_ in zip(page.hits, page.ids, strict=False)],
        "total": page.total,
        "offset": page.offset,
        "pages": max(1, -(-page.total // PER_PAGE)),
        "facets": page.facets,
        "ranked_limit": browse.MAX_RANKED,
        "facet_window": browse.FACET_WINDOW,
    }


def _hit(hit: SearchHit, id_: int) -> dict[str, Any]:
    published = datetime.fromisoformat(hit.published_at) if hit.published_at else None
    return {**hit.__dict__, "id": id_, "published": published, "marked": marked(hit.snippet)}


def marked(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, is_match) pieces, from its ``[bracketed]`` matches.

    The template wraps matches in ``<mark>``; the text itself stays escaped.

    >>> marked("ঢাকায় [বৃষ্টি] হবে")
    [('ঢাকায় ', False), ('বৃষ্টি', True), (' হবে', False)]
    """
    pieces: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        start = rest.find(HIGHLIGHT_OPEN)
        end = rest.find(HIGHLIGHT_CLOSE, start + 1) if start >= 0 else -1
        if start < 0 or end < 0:
            pieces.append((rest, False))
            break
        if start:
            pieces.append((rest[:start], False))
        pieces.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return pieces


def article_context(session: Session, article_id: int) -> dict[str, Any] | None:
    """An article, its paragraphs, the other copies of the story and its revisions."""
    data = browse.article(session, article_id)
    if data is None:
        return None
    history = browse.revisions(session, article_id)
    newer = [(r["old_title"], r["old_body"]) for r in history[1:]] + [(data["title"], data["body"])]
    for revision, (title, body) in zip(history, newer[: len(history)], strict=True):
        revision["diff"] = paragraph_diff(revision["old_body"] or "", body or "")
        revision["title_changed"] = (revision["old_title"] or "") != (title or "")
        revision["new_title"] = title
    return {
        "article": data,
        "paragraphs": [p for p in (data["body"] or "").split("\n") if p.strip()],
        "copies": browse.copies(session, article_id, data["cluster_id"]),
        "revisions": history,
    }


def overview(session: Session, params: SearchParams, tz: str, lang: str) -> dict[str, Any]:
    """Per-site counts, and articles per day per site for the current query, as SVG."""
    counts = browse.daily_counts(session, params.browse_filter(tz))
    days = chart.day_range(counts)
    return {
        "sites": browse.sites_overview(session),
        "chart": chart.svg(counts, i18n.label("per_day", lang)),
        "table": _table(counts, days),
    }


def _table(counts: dict[str, dict[date, int]], days: list[date]) -> dict[str, Any]:
    """The chart's numbers as a table (weekly totals when there are many days)."""
    lines = chart.series(counts, days)
    return {"days": days, "series": lines, "totals": {s: sum(v) for s, v in lines.items()}}


def download_chunks(db: Database, params: SearchParams, tz: str, fmt: str) -> Iterator[bytes]:
    """The whole result set (not just one page) as CSV or JSONL, in chunks.

    CSV is written as ``export --excel`` writes it (BOM, formula cells
    neutralised), so it opens in Excel with Bengali text intact.
    """
    f = params.browse_filter(tz)  # raises before the response starts

    def generate() -> Iterator[bytes]:
        with db.read_session() as session:
            rows = browse.iter_rows(session, f)
            columns: list[str] | None = None
            batch: list[dict[str, Any]] = []
            first = True
            for row in rows:
                columns = columns or list(row)
                batch.append(row)
                if len(batch) >= DOWNLOAD_BATCH:
                    yield _encode(batch, columns, fmt, first)
                    batch, first = [], False
            if first or batch:
                yield _encode(batch, columns or [], fmt, first)

    return generate()


def _encode(rows: list[dict[str, Any]], columns: list[str], fmt: str, first: bool) -> bytes:
    out = io.BytesIO()
    if fmt == "jsonl":
        write_jsonl(rows, columns, out)
        return out.getvalue()
    write_csv(rows, columns, out, excel=True)
    data = out.getvalue()
    if first:
        return data
    # Later batches: the writer's BOM and header line were written once already.
    header = codecs.BOM_UTF8 + (",".join(columns) + "\r\n").encode("utf-8")
    return data[len(header) :]


def api_results(data: dict[str, Any]) -> dict[str, Any]:
    """The API's search answer: the fields of ``search --format json``, plus ``id``."""
    keys = ("id", "url", "title", "site", "published_at", "snippet", "score")
    return {
        "total": data["total"],
        "offset": data["offset"],
        "results": [{k: hit[k] for k in keys} for hit in data["hits"]],
        "facets": {name: [list(pair) for pair in pairs] for name, pairs in data["facets"].items()},
    }


def api_article(context: dict[str, Any]) -> dict[str, Any]:
    """The API's article: every stored field, dates as ISO 8601 text."""
    article = {
        k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in context["article"].items()
    }
    article["copies"] = [
        {**c, "published_at": c["published_at"].isoformat() if c["published_at"] else None}
        for c in context["copies"]
    ]
    article["revisions"] = [
        {"seen_at": r["seen_at"].isoformat() if r["seen_at"] else None, "old_title": r["old_title"],
         "diff_chars": r["diff_chars"]}
        for r in context["revisions"]
    ]  # fmt: skip
    return article


def openapi_schema() -> dict[str, Any]:
    """The JSON API described as OpenAPI 3.1."""
    string = {"type": "string"}
    params = [
        ("q", 'Search words, a "quoted phrase"; a word finds its inflected forms', string),
        ("site", "Only these sites (repeat the parameter for several)", string),
        ("since", "Published on or after this day (YYYY-MM-DD, archive time zone)", string),
        ("until", "Published on or before this day (YYYY-MM-DD, archive time zone)", string),
        ("section", "Only this section", string),
        ("author", "Only articles crediting this name", string),
        ("dups", "1 to include near duplicates", string),
        ("sort", "relevance (default) or date", {"type": "string", "enum": list(browse.SORTS)}),
        ("page", f"Page number ({PER_PAGE} results a page)", {"type": "integer", "minimum": 1}),
    ]
    return {
        "openapi": "3.1.0",
        "info": {"title": "newscrawler archive API", "version": "1"},
        "paths": {
            "/api/search": {
                "get": {
                    "summary": "Search the archive (the fields of `search --format json`)",
                    "parameters": [
                        {"name": n, "in": "query", "description": d, "schema": s}
                        for n, d, s in params
                    ],
                    "responses": {"200": {"description": "total, offset, results, facets"},
                                  "400": {"description": "a parameter that cannot be used"}},
                }
            },
            "/api/articles/{id}": {
                "get": {
                    "summary": "One stored article with its copies and revisions",
                    "parameters": [{"name": "id", "in": "path", "required": True,
                                    "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "the article"},
                                  "404": {"description": "no such article"}},
                }
            },
        },
    }  # fmt: skip
