"""Compare body extractors: ours (newscrawler.extract) against trafilatura, same pages, same run.

Pages: the 6 saved real articles of ``../shared/corpus`` (first/last paragraph
from its ``expected.jsonl``) and every article of the bundled sample site (all
paragraphs from the site model). For each extractor it prints exact first- and
last-paragraph hits, paragraph-level precision and recall (sample site, where
every paragraph is known), non-article pages wrongly given a body, and the time
per page with the speed ratio against ours.

Run: ``.venv/bin/python bench/extract_compare.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newscrawler.extract import extract_article

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
Extractor = Callable[[str, str], list[str]]


@dataclass
class Page:
    name: str
    url: str
    html: str
    first: str | None = None
    last: str | None = None
    paragraphs: list[str] | None = None  # every paragraph, when known
    article: bool = True


@dataclass
class Score:
    first: int = 0
    last: int = 0
    pages: int = 0
    true_pos: int = 0
    found: int = 0
    wanted: int = 0
    false_bodies: int = 0
    non_articles: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)


def same(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def ours(html: str, url: str) -> list[str]:
    found = extract_article(html, url)
    return (found.body or "").split("\n\n") if found and found.body else []


def trafilatura_default(html: str, url: str) -> list[str]:
    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False)
    return [line for line in (text or "").split("\n") if line.strip()]


def trafilatura_precision(html: str, url: str) -> list[str]:
    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True
    )
    return [line for line in (text or "").split("\n") if line.strip()]


def both(html: str, url: str) -> list[str]:
    """Ours, with trafilatura only where ours finds no article."""
    return ours(html, url) or trafilatura_default(html, url)


EXTRACTORS: dict[str, Extractor] = {
    "ours": ours,
    "trafilatura": trafilatura_default,
    "trafilatura-precision": trafilatura_precision,
    "ours+trafilatura-fallback": both,
}


def corpus_pages() -> list[Page]:
    if not (CORPUS / "expected.jsonl").is_file():
        print(f"(corpus not found at {CORPUS}; skipped)")
        return []
    pages = []
    for line in (CORPUS / "expected.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        if row["kind"] not in ("article", "listing", "block"):
            continue
        html = (CORPUS / row["file"]).read_bytes().decode("utf-8-sig")
        url = row.get("url") or row.get("page_url") or "http://127.0.0.1/page"
        is_article = row["kind"] == "article"
        first = row.get("first_paragraph") if is_article else None
        last = row.get("last_paragraph") if is_article else None
        pages.append(Page(row["file"], url, html, first, last, None, is_article))
    return pages


def sample_pages() -> list[Page]:
    try:
        from newscrawler.samplesite.render import Ctx
        from newscrawler.samplesite.routes import route
        from newscrawler.samplesite.site import SampleSite
    except ImportError:
        print("(sample site not available; skipped)")
        return []
    site, base = SampleSite(), "http://127.0.0.1:8123"
    ctx = Ctx(site, base)
    pages = []
    for row in site.expected_articles(base):
        story = site.story(row["id"])
        html = route(ctx, row["url"][len(base) :]).body.decode("utf-8")
        paragraphs = list(story.paragraphs) if story else None
        pages.append(
            Page(f"sample:{row['template']}:{row['id']}", row["url"], html,
                 row["first_paragraph"], row["last_paragraph"], paragraphs)
        )  # fmt: skip
    for row in site.expected_non_articles(base):
        reply = route(ctx, row["url"][len(base) :])
        if reply.status == 200 and reply.body and reply.content_type.startswith("text/html"):
            html = reply.body.decode("utf-8", "replace")
            pages.append(Page(f"sample:{row['kind']}", row["url"], html, article=False))
    return pages


def score(extractor: Extractor, pages: list[Page], repeat: int) -> Score:
    result = Score()
    for page in pages:
        started = time.perf_counter()
        for _ in range(repeat):
            found = extractor(page.html, page.url)
        result.seconds += (time.perf_counter() - started) / repeat
        if not page.article:
            result.non_articles += 1
            result.false_bodies += bool(found)
            continue
        result.pages += 1
        got = [same(p) for p in found]
        hit_first = bool(got) and page.first is not None and got[0] == same(page.first)
        hit_last = bool(got) and page.last is not None and got[-1] == same(page.last)
        result.first += hit_first
        result.last += hit_last
        if not (hit_first and hit_last):
            result.misses.append(page.name)
        if page.paragraphs is not None:
            wanted = {same(p) for p in page.paragraphs}
            result.true_pos += len(wanted & set(got))
            result.found += len(set(got))
            result.wanted += len(wanted)
    return result


def report(title: str, pages: list[Page], repeat: int) -> None:
    if not pages:
        return
    articles = sum(p.article for p in pages)
    print(f"\n## {title}: {articles} articles, {len(pages) - articles} non-article pages")
    print(f"{'extractor':28} {'first':>7} {'last':>7} {'P':>6} {'R':>6} {'nonart':>7} "
          f"{'ms/page':>8} {'x ours':>7}")  # fmt: skip
    base: float | None = None
    for name, extractor in EXTRACTORS.items():
        s = score(extractor, pages, repeat)
        base = base or s.seconds
        precision = f"{s.true_pos / s.found:.3f}" if s.found else "-"
        recall = f"{s.true_pos / s.wanted:.3f}" if s.wanted else "-"
        ms = 1000 * s.seconds / len(pages)
        print(f"{name:28} {s.first:>3}/{s.pages:<3} {s.last:>3}/{s.pages:<3} {precision:>6} "
              f"{recall:>6} {s.false_bodies:>3}/{s.non_articles:<3} {ms:>8.2f} "
              f"{s.seconds / base:>7.2f}")  # fmt: skip
        if s.misses and len(s.misses) <= 6:
            print(f"{'':28} misses: {', '.join(s.misses)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="extractions per page for timing")
    args = parser.parse_args()
    report("Real pages (../shared/corpus)", corpus_pages(), args.repeat)
    report("Sample site", sample_pages(), args.repeat)
    print("\nfirst/last: exact first/last paragraph (NFC, whitespace collapsed); P/R: paragraph")
    print("precision/recall; nonart: non-article pages given a body; x ours: time ratio to ours.")


if __name__ == "__main__":
    main()
