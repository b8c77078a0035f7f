"""Score article extraction field by field on real saved pages, ours and two peers.

Pages: every ``kind: "article"`` row of ``../shared/corpus/expected.jsonl`` and of
each ``--pages DIR`` (a folder laid out the same way: pages plus an
``expected.jsonl``). Fields and comparison follow the corpus README ("How to
compare"): text NFC and whitespace-collapsed, then exact; lists in order; dates
as instants, or as the Bangladesh-time date when the label is a bare
``YYYY-MM-DD``; ``null`` expects nothing. A peer's date without an offset is read
as Bangladesh wall time (the generous reading). A page the extractor refuses
scores a miss on every field that expects a value.

``--cases`` adds the sample site's synthetic extraction cases (``/cases/``), kept
apart from the real pages in the report and out of the "All pages" total.

Run: ``.venv/bin/python bench/extract_eval.py [--pages DIR ...] [--cases] [--misses]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newscrawler.extract import extract_article
from newscrawler.text.dates.choose import choose_dates

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DHAKA = ZoneInfo("Asia/Dhaka")
FIELDS = (
    "title", "first_paragraph", "last_paragraph", "authors",
    "published", "updated", "section", "tags", "url",
)  # fmt: skip
Fields = dict[str, Any]
Extractor = Callable[[str, str], Fields | None]


@dataclass
class Page:
    """One labelled article page."""

    name: str
    url: str
    html: str
    expected: Fields


@dataclass
class Score:
    """Hits per field over the pages, and the misses by page."""

    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    pages: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)

    def total(self) -> float:
        return sum(self.hits.values()) / (len(FIELDS) * self.pages) if self.pages else 0.0


def same(text: Any) -> str:
    """The README's comparison form of a text value."""
    return unicodedata.normalize("NFC", " ".join(str(text or "").split()))


def _instant(value: Any) -> datetime | date | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=DHAKA)
    if not isinstance(value, str) or not value:
        return None
    if len(value) == 10:
        return date.fromisoformat(value)
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=DHAKA)


def same_date(got: Any, wanted: Any) -> bool:
    """Instants compare as instants; a bare expected date compares the Dhaka date."""
    want, have = _instant(wanted), _instant(got)
    if want is None or have is None:
        return want is None and have is None
    if not isinstance(want, datetime):
        day = have.astimezone(DHAKA).date() if isinstance(have, datetime) else have
        return day == want
    return isinstance(have, datetime) and have == want


def field_hit(name: str, got: Any, wanted: Any) -> bool:
    if name in ("published", "updated"):
        return same_date(got, wanted)
    if name in ("authors", "tags"):
        return [same(v) for v in got or []] == [same(v) for v in wanted or []]
    if name == "url":
        return (got or None) == wanted
    return same(got) == same(wanted)


# --- extractors -------------------------------------------------------------------


def newscrawler_fields(html: str, url: str) -> Fields | None:
    found = extract_article(html, url)
    if found is None:
        return None
    paragraphs = (found.body or "").split("\n\n")
    choice = choose_dates(found.date_candidates, now=datetime.now(UTC))
    return {
        "title": found.title,
        "first_paragraph": paragraphs[0],
        "last_paragraph": paragraphs[-1],
        "authors": found.authors,
        "published": choice.published.value if choice.published else None,
        "updated": choice.updated.value if choice.updated else None,
        "section": found.section,
        "tags": found.tags,
        "url": found.canonical_url,
    }


def trafilatura_fields(html: str, url: str) -> Fields | None:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False,
        date_extraction_params={"outputformat": "%Y-%m-%dT%H:%M:%S%z", "extensive_search": True},
    )  # fmt: skip
    if doc is None:
        return None
    lines = [line for line in (doc.text or "").split("\n") if line.strip()]
    return {
        "title": doc.title,
        "first_paragraph": lines[0] if lines else None,
        "last_paragraph": lines[-1] if lines else None,
        "authors": [a.strip() for a in (doc.author or "").split(";") if a.strip()],
        "published": _peer_date(doc.date),
        "updated": None,
        "section": (doc.categories or [None])[0],
        "tags": _split_tags(doc.tags),
        "url": doc.url if doc.url != url else _declared_url(html, url),
    }


def newspaper_fields(html: str, url: str) -> Fields | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import newspaper

    # language="bn" needs indic-nlp-library for its NLP step only; parsing is the same.
    article = newspaper.Article(url, fetch_images=False)
    article.download(input_html=html)
    article.parse()
    paragraphs = [p for p in (article.text or "").split("\n") if p.strip()]
    if not paragraphs and not article.title:
        return None
    return {
        "title": article.title,
        "first_paragraph": paragraphs[0] if paragraphs else None,
        "last_paragraph": paragraphs[-1] if paragraphs else None,
        "authors": list(article.authors or []),
        "published": article.publish_date,
        "updated": None,
        "section": None,
        "tags": sorted(article.tags or []),
        "url": article.canonical_link or None,
    }


def _split_tags(tags: Iterable[str] | None) -> list[str]:
    """Trafilatura gives a page's ``keywords`` as one comma-joined string."""
    return [t.strip() for tag in tags or [] for t in tag.split(",") if t.strip()]


def _declared_url(html: str, url: str) -> str | None:
    """Trafilatura echoes the URL it is given; count it only when the page declares it."""
    return url if url in html else None


def _peer_date(value: str | None) -> str | None:
    """A peer's date string as ISO 8601 (``+0600`` offsets get their colon)."""
    if not value:
        return None
    if len(value) > 19 and value[-5] in "+-" and value[-3] != ":":
        value = f"{value[:-2]}:{value[-2:]}"
    return value if len(value) >= 10 else None


EXTRACTORS: dict[str, Extractor] = {
    "newscrawler": newscrawler_fields,
    "trafilatura": trafilatura_fields,
    "newspaper4k": newspaper_fields,
}


# --- pages and scoring ----------------------------------------------------------------


def load_pages(folder: Path) -> list[Page]:
    """Article pages of a folder with an ``expected.jsonl`` ([] when it is absent)."""
    expected = folder / "expected.jsonl"
    if not expected.is_file():
        return []
    pages = []
    for line in expected.read_text("utf-8").splitlines():
        row = json.loads(line)
        if row.get("kind") != "article":
            continue
        html = (folder / row["file"]).read_bytes().decode("utf-8-sig", "replace")
        url = row.get("url") or f"http://127.0.0.1/{row['file']}"
        pages.append(Page(row["file"], url, html, row))
    return pages


def case_pages() -> list[Page]:
    """The sample site's extraction cases (``/cases/``), rendered in process."""
    from newscrawler.samplesite.cases import expected_cases
    from newscrawler.samplesite.render import Ctx
    from newscrawler.samplesite.routes import route
    from newscrawler.samplesite.site import SampleSite

    site, base = SampleSite(count=8), "http://127.0.0.1:8123"
    pages = []
    for row in expected_cases(site.seed, base):
        html = route(Ctx(site, base), row["url"][len(base) :]).body.decode("utf-8")
        expected = {**row, "tags": [], "url": row["url"]}
        pages.append(Page(f"{row['case']}:{row['url'][len(base) :]}", row["url"], html, expected))
    return pages


def score(extractor: Extractor, pages: Iterable[Page]) -> Score:
    result = Score()
    for page in pages:
        started = time.perf_counter()
        try:
            got = extractor(page.html, page.url) or {}
        except Exception as exc:  # a peer crashing on a page is a miss, not a stop
            got = {}
            result.misses.append(f"{page.name}: crashed ({exc!r})")
        result.seconds += time.perf_counter() - started
        result.pages += 1
        for name in FIELDS:
            if field_hit(name, got.get(name), page.expected.get(name)):
                result.hits[name] += 1
            else:
                result.misses.append(f"{page.name}: {name} = {str(got.get(name))[:70]!r}")
    return result


def report(title: str, pages: list[Page], show_misses: bool) -> dict[str, Score]:
    scores = {name: score(extractor, pages) for name, extractor in EXTRACTORS.items()}
    print(f"\n## {title}: {len(pages)} article pages, {len(FIELDS) * len(pages)} field checks")
    print(f"{'field':16}" + "".join(f"{name:>14}" for name in scores))
    for name in FIELDS:
        cells = "".join(f"{s.hits[name]:>9}/{s.pages:<4}" for s in scores.values())
        print(f"{name:16}{cells}")
    print(f"{'all fields':16}" + "".join(f"{s.total():>14.1%}" for s in scores.values()))
    ours = scores["newscrawler"].total()
    print(f"{'ratio to ours':16}" + "".join(
        f"{(s.total() / ours if ours else 0):>14.2f}" for s in scores.values()))  # fmt: skip
    print(f"{'ms/page':16}" + "".join(
        f"{1000 * s.seconds / max(s.pages, 1):>14.1f}" for s in scores.values()))  # fmt: skip
    if show_misses:
        for name, s in scores.items():
            for miss in s.misses:
                print(f"  {name}: {miss}")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pages", type=Path, action="append", default=[],
                        help="another folder of labelled pages (expected.jsonl)")  # fmt: skip
    parser.add_argument("--misses", action="store_true", help="list every missed field")
    parser.add_argument("--cases", action="store_true", help="also score the sample-site cases")
    args = parser.parse_args()
    sets = [("Real pages (../shared/corpus)", load_pages(CORPUS))]
    sets += [(f"Held-out pages ({folder})", load_pages(folder)) for folder in args.pages]
    if args.cases:
        sets.append(("Sample-site extraction cases (/cases/, synthetic)", case_pages()))
    everything: list[Page] = []
    for title, pages in sets:
        if not pages:
            print(f"\n(no labelled article pages for {title}; skipped)")
            continue
        report(title, pages, args.misses)
        everything += [] if title.startswith("Sample-site") else pages
    if len(args.pages) and everything:
        report("All pages", everything, show_misses=False)


if __name__ == "__main__":
    main()
