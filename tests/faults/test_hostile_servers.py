"""Hostile servers: poisoned JSON-LD, pathological pages, robots.txt errors, odd redirects.

Each crawl's archive is compared with the clean crawl's: 0 lost, 0 doubled, 0 changed.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawler.samplesite.render import Ctx
from newscrawler.samplesite.routes import route
from newscrawler.samplesite.server import Handler
from tests.crawl_support import runs
from tests.faults.conftest import sample_site
from tests.faults.support import (
    Answer,
    Archive,
    Rule,
    article_count,
    by_path,
    crawl_args,
    hostile_site,
    last_line,
    run_crawl,
)

pytestmark = [pytest.mark.slow, pytest.mark.faults]
PERSON_RE = re.compile(r'("@type":\s*"Person",\s*"name":\s*")')


def rewritten(change: Callable[[str], str]) -> Rule:
    """A rule answering the sample site's own page, its HTML passed through ``change``."""

    def answer(handler: Handler) -> Answer:
        ctx = Ctx(handler.running.site, handler.running.url.rstrip("/"))
        reply = route(ctx, handler.path)
        html = change(reply.body.decode("utf-8"))
        return reply.status, {"Content-Type": reply.content_type}, html.encode("utf-8")

    return answer


def article_paths(kind: str | None = None) -> list[str]:
    site = sample_site()
    ctx = Ctx(site, "http://x")
    return [
        urlsplit(ctx.article_url(s)).path
        for s in site.stories
        if kind is None or s.template == kind
    ]


def crawl_hostile(tmp_path: Path, rules: dict[str, Rule], **settings: str) -> tuple[str, str]:
    """Crawl the sample site with ``rules``; returns the archive URL and the last stderr line."""
    db_url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    with hostile_site(sample_site(), rules) as running:
        command = crawl_args(running.write_profile(tmp_path), db_url, tmp_path / "d",
                             settings=settings)  # fmt: skip
        result = run_crawl(command)
        requested = [p for _m, p, _s in running.requests]
    assert "Traceback" not in result.stderr
    (tmp_path / "requested.txt").write_text("\n".join(requested))
    return db_url, last_line(result.stderr)


def huge_robots(handler: Handler) -> Answer:
    """The site's robots.txt followed by ~12 MB of comments (over DOWNLOAD_MAXSIZE below)."""
    ctx = Ctx(handler.running.site, handler.running.url.rstrip("/"))
    rules = route(ctx, "/robots.txt").body
    padding = b"".join(b"# padding line %d\n" % n for n in range(600_000))
    return 200, {"Content-Type": "text/plain"}, rules + padding


def test_a_hostile_site_loses_nothing(tmp_path: Path, clean: Archive) -> None:
    """One crawl, every hostile page at once; before, each of them lost or leaked something:

    * a truncated emoji (lone surrogate) in JSON-LD lost its whole batch, URLs marked done;
    * JSON-LD nested 3,000 deep (RecursionError) and NUL bytes dropped valid articles;
    * a 12 MB robots.txt (over the download limit) meant "allow all": /private/ fetched;
    * a redirect to the same host on another port was followed and stored.
    """
    paths = article_paths()
    deep = '<script type="application/ld+json">' + "[" * 3000 + "]" * 3000 + "</script>"
    rules: dict[str, Rule] = {
        p: rewritten(lambda html: PERSON_RE.sub(r"\1\\ud83d", html)) for p in article_paths("app")
    }
    rules |= {
        p: rewritten(lambda html: html.replace("<head>", "<head>" + deep)) for p in paths[::4]
    }
    rules |= {p: rewritten(lambda html: html.replace("</p>", "</p>\x00")) for p in paths[1::4]}
    rules["/robots.txt"] = huge_robots
    with socket.socket() as other:  # a port nothing legitimate answers on
        other.bind(("127.0.0.1", 0))
        target = f"http://127.0.0.1:{other.getsockname()[1]}/"
        rules["/contact/"] = lambda _h: (302, {"Location": target}, b"")
        db_url, line = crawl_hostile(
            tmp_path, rules, STORAGE_BATCH_SIZE="500", DOWNLOAD_MAXSIZE="4000000"
        )
    assert line.startswith("newscrawler crawl: finished"), line
    requested = (tmp_path / "requested.txt").read_text().splitlines()
    assert not any(p.startswith("/private") for p in requested)
    assert by_path(db_url) == clean  # 0 lost, 0 changed
    assert article_count(db_url) == len(clean)  # 0 doubled
    stats = runs(db_url)[-1]["stats"]
    assert stats["storage/repaired_chars"] >= len(article_paths("app"))  # the poison arrived
    assert stats["robotstxt/truncated"] == 1 and stats["redirect/refused_origin"] >= 1


def test_a_robots_txt_server_error_disallows_everything(tmp_path: Path) -> None:
    """RFC 9309: 5xx disallows all (before: allow all, /private/ stored, robots.txt asked
    5 times). 4xx (allow all) is tested in tests/test_plugins_robots.py."""
    rules: dict[str, Rule] = {"/robots.txt": lambda _h: (503, {}, b"error")}
    db_url, _line = crawl_hostile(tmp_path, rules)
    requested = (tmp_path / "requested.txt").read_text().splitlines()
    assert set(requested) == {"/robots.txt"} and len(requested) <= 3
    assert article_count(db_url) == 0
