"""End to end: a crawl of the sample site with ``--warc``, then show, reextract and export.

One crawl (a subprocess) is shared by the module; the sample site keeps running
so that pages can be fetched again and compared with what the WARC holds.
"""

from __future__ import annotations

import gzip
import json
import shutil
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from newscrawler.cli import cli
from newscrawler.samplesite.server import RunningSite, serve
from storage.db import open_archive
from storage.models import Article, ArticleRevision
from tests.crawl_support import COMPONENTS, crawl
from tests.test_warc_writer import warcio_check

WARC_COMPONENTS = {
    "DOWNLOADER_MIDDLEWARES": json.dumps(
        COMPONENTS["DOWNLOADER_MIDDLEWARES"]
        | {"newscrawler.warc.capture.WarcCaptureMiddleware": 950}
    ),
    "SPIDER_MIDDLEWARES": json.dumps(
        COMPONENTS["SPIDER_MIDDLEWARES"] | {"newscrawler.warc.capture.WarcItemMiddleware": 960}
    ),
}
VOLATILE = ("first_seen_at", "last_seen_at")  # when the archive saw a row, not what it says


@dataclass
class Crawled:
    running: RunningSite
    db_url: str
    warcs: Path
    requests: list[tuple[str, str, int]]
    tmp: Path


def test_gzip_bodies_are_kept_as_served_and_read_back_decoded(tmp_path: Path) -> None:
    from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from newscrawler.items import ArticleItem
    from newscrawler.warc.capture import META_KEY, WarcCaptureMiddleware, stamp
    from newscrawler.warc.reader import read_record

    crawler = get_crawler(settings_dict={"WARC_DIR": str(tmp_path)})
    capture = WarcCaptureMiddleware.from_crawler(crawler)
    html = "<html><body><p>ঢাকায় বৃষ্টি</p></body></html>".encode()
    wire = gzip.compress(html)
    request = Request("http://news.example/a", meta={"site": "news", "kind": "article"})
    request.headers["Accept-Encoding"] = "gzip"
    capture.process_request(request)
    served = HtmlResponse(
        request.url, body=wire, headers={"Content-Encoding": "gzip"}, request=request
    )
    assert capture.process_response(request, served) is served
    decoded = HttpCompressionMiddleware.from_crawler(crawler).process_response(request, served)
    assert decoded.body == html  # what the spider sees
    capture.spider_closed()
    found = request.meta[META_KEY]
    (path,) = tmp_path.iterdir()
    assert warcio_check([path]) == 0
    with path.open("rb") as fh:
        fh.seek(found.offset)
        record = next(iter(ArchiveIterator(fh)))
        assert record.http_headers.get_header("Content-Encoding") == "gzip"
        assert record.raw_stream.read() == wire  # the wire form
    again = read_record(path, found.offset)
    assert again is not None and again.body == html and again.kind == "article"
    item = ArticleItem(url=request.url)
    stamp(item, found)
    assert (item.warc_file, item.warc_offset, item.fetched_at) == (
        found.file,
        found.offset,
        found.date,
    )


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    tmp = tmp_path_factory.mktemp("warc")
    with serve() as running:
        profile = running.write_profile(tmp)
        db_url = f"sqlite:///{tmp / 'crawl.sqlite'}"
        warcs = tmp / "warcs"
        crawl(profile, db_url, tmp / "data", "--warc", str(warcs), settings=WARC_COMPONENTS)
        yield Crawled(running, db_url, warcs, list(running.requests), tmp)


def target(uri: str) -> str:
    parts = urlsplit(uri)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def warc_records(folder: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(folder.iterdir()):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                found.append((record.rec_type, target(uri)))
    return found


def export(db_url: str, out: Path) -> list[dict[str, Any]]:
    args = ["export", "--db", db_url, "--format", "jsonl", "--out", str(out)]
    result = CliRunner().invoke(cli, [*args, "--include-duplicates"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    return [{k: v for k, v in row.items() if k not in VOLATILE} for row in rows]


@pytest.mark.slow
def test_every_exchange_is_in_valid_warc_files(crawled: Crawled) -> None:
    files = sorted(crawled.warcs.iterdir())
    assert files and warcio_check(files) == 0
    found = warc_records(crawled.warcs)
    answered = Counter(target(path) for _, path, status in crawled.requests if status)
    recorded = Counter(path for kind, path in found if kind in ("response", "revisit"))
    assert recorded == answered
    # A reset connection is retried by Twisted itself, unseen by Scrapy: compare URLs only.
    asked = {target(path) for _, path, _ in crawled.requests}
    assert {path for kind, path in found if kind == "request"} == asked
    assert "/robots.txt" in recorded and any(s in (301, 302) for _, _, s in crawled.requests)


@pytest.mark.slow
def test_every_article_points_at_its_response(crawled: Crawled) -> None:
    db = open_archive(crawled.db_url)
    with db.read_session() as session:
        rows = session.execute(select(Article.url, Article.warc_file, Article.warc_offset)).all()
    db.dispose()
    assert len(rows) >= 60
    for url, file, offset in rows:
        with Path(file).open("rb") as fh:
            fh.seek(offset)
            record = next(iter(ArchiveIterator(fh)))
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Target-URI") == url


@pytest.mark.slow
def test_show_raw_prints_the_served_bytes(crawled: Crawled) -> None:
    db = open_archive(crawled.db_url)
    with db.read_session() as session:
        url = session.scalars(select(Article.url).order_by(Article.id).limit(1)).one()
    db.dispose()
    with urllib.request.urlopen(url) as answer:  # the sample site serves the same page again
        served = answer.read()
    result = CliRunner().invoke(cli, ["show", url, "--raw", "--db", crawled.db_url])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == served


@pytest.mark.slow
def test_reextract_into_a_fresh_archive_gives_the_same_export(crawled: Crawled) -> None:
    fresh = f"sqlite:///{crawled.tmp / 'fresh.sqlite'}"
    result = CliRunner().invoke(
        cli, ["reextract", "--warc", str(crawled.warcs), "--db", fresh, "--site", "samplesite"]
    )
    assert result.exit_code == 0, result.output
    crawled_rows = export(crawled.db_url, crawled.tmp / "crawl.jsonl")
    assert crawled_rows == export(fresh, crawled.tmp / "fresh.jsonl")
    assert f"{len(crawled_rows)} added" in result.stdout


def last_paragraph_dropped(make_article: Any) -> Any:
    """An extractor that (deliberately) loses every article's last paragraph."""

    def changed(*args: Any, **kwargs: Any) -> Any:
        item = make_article(*args, **kwargs)
        if item is not None and item.body and "\n\n" in item.body:
            item.body = item.body.rsplit("\n\n", 1)[0]
        return item

    return changed


@pytest.mark.slow
def test_reextract_after_an_extractor_change_records_reextract_revisions_only(
    crawled: Crawled, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = crawled.tmp / "changed.sqlite"
    shutil.copy(crawled.db_url.removeprefix("sqlite:///"), copy)
    db_url = f"sqlite:///{copy}"
    before = archive_state(db_url)
    same = CliRunner().invoke(cli, ["reextract", "--db", db_url])
    assert same.exit_code == 0, same.output
    assert " 0 changed, 0 added" in same.stdout and archive_state(db_url) == before

    import newscrawler.crawling.offline as offline

    monkeypatch.setattr(offline, "make_article", last_paragraph_dropped(offline.make_article))
    result = CliRunner().invoke(cli, ["reextract", "--db", db_url])
    assert result.exit_code == 0, result.output
    after = archive_state(db_url)
    assert set(after["articles"]) == set(before["articles"])
    changed = [u for u, text in after["articles"].items() if text != before["articles"][u]]
    assert changed and f" {len(changed)} changed, 0 added" in result.stdout
    assert after["revisions"] == Counter({"reextract": len(changed)})


def archive_state(db_url: str) -> dict[str, Any]:
    """Each article's (body, last_seen_at), and the revisions by kind."""
    db = open_archive(db_url)
    with db.read_session() as session:
        articles = {
            url: (body, seen)
            for url, body, seen in session.execute(
                select(Article.canonical_url, Article.body, Article.last_seen_at)
            )
        }
        kinds = Counter(session.scalars(select(ArticleRevision.kind)))
    db.dispose()
    return {"articles": articles, "revisions": kinds}


def pages_now_recognised(make_article: Any) -> Any:
    """An extractor that (deliberately) finds an article on pages it used to reject."""
    from newscrawler.items import ArticleItem

    def changed(html: str, url: str, profile: Any, status: int = 200) -> Any:
        item = make_article(html, url, profile, status)
        if item is not None:
            return item
        body = f"এই পাতাটি নতুন নিষ্কাশকে খবর হিসেবে ধরা পড়েছে। ঠিকানা {url.rsplit('/', 1)[-1]}।"
        return ArticleItem(url=url, site=profile.name, title="নতুন খবর", body=body * 3)

    return changed


@pytest.mark.slow
def test_reextract_adds_pages_that_are_articles_now(
    crawled: Crawled, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = crawled.tmp / "recognised.sqlite"
    shutil.copy(crawled.db_url.removeprefix("sqlite:///"), copy)
    db_url = f"sqlite:///{copy}"
    before = archive_state(db_url)

    import newscrawler.crawling.offline as offline

    monkeypatch.setattr(offline, "make_article", pages_now_recognised(offline.make_article))
    result = CliRunner().invoke(cli, ["reextract", "--db", db_url])
    assert result.exit_code == 0, result.output
    after = archive_state(db_url)
    added = set(after["articles"]) - set(before["articles"])
    assert added and f" 0 changed, {len(added)} added" in result.stdout
    assert all(after["articles"][u] == before["articles"][u] for u in before["articles"])
    assert after["revisions"] == Counter()
