"""WARC files written by tests with warcio: sample-site articles mixed with what
an importer must leave out (English pages, images, JSON, a truncated record)."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawler.samplesite.render import Ctx
from newscrawler.samplesite.routes import route
from newscrawler.samplesite.site import SampleSite

BASE = "http://news.example.com.bd"
PARAGRAPH = (
    "<p>The city council met on Tuesday to discuss the new budget for roads, schools and "
    "clinics; officials said the plan would be published after a public hearing.</p>"
)
ENGLISH = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    + PARAGRAPH * 5
    + "</article></body></html>"
)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@dataclass
class Mixed:
    """A test WARC's path and what it holds."""

    path: Path
    bengali_urls: list[str] = field(default_factory=list)
    truncated_url: str = ""


def record_bytes(
    url: str, body: bytes, content_type: str, gzipped: bool, status: str = "200 OK"
) -> bytes:
    """One response record, alone, as warcio writes it."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=gzipped, warc_version="WARC/1.1")
    http = StatusAndHeaders(
        status, [("Content-Type", content_type), ("Content-Length", str(len(body)))], "HTTP/1.1"
    )
    record = writer.create_warc_record(
        url, "response", payload=BytesIO(body), length=len(body), http_headers=http
    )
    writer.write_record(record)
    return out.getvalue()


def sample_pages(count: int) -> list[tuple[str, bytes]]:
    """The first ``count`` sample-site article pages: (URL, HTML bytes)."""
    site = SampleSite()
    expected = site.expected_articles(BASE + "/")[:count]
    ctx = Ctx(site, BASE)
    return [(e["url"], route(ctx, urlsplit(e["url"]).path).body) for e in expected]


def write_mixed(path: Path, gzipped: bool, articles: int = 4) -> Mixed:
    """A WARC with Bengali articles, English pages, an image, JSON in Bengali,
    a 404 and one Bengali article whose record is cut short (in the middle)."""
    pages = sample_pages(articles + 1)
    cut_url, cut_body = pages.pop(2)
    html = "text/html; charset=utf-8"
    parts: list[bytes] = []
    mixed = Mixed(path)
    for n, (url, body) in enumerate(pages):
        parts.append(record_bytes(url, body, html, gzipped))
        mixed.bengali_urls.append(url)
        english = ENGLISH.format(title=f"Council budget story {n}").encode()
        parts.append(record_bytes(f"http://news.example.com/story/{n}", english, html, gzipped))
        if n == 1:
            whole = record_bytes(cut_url, cut_body, html, gzipped)
            parts.append(whole[: len(whole) * 2 // 3])
            mixed.truncated_url = cut_url
    parts.append(record_bytes(f"{BASE}/logo.png", PNG, "image/png", gzipped))
    json_body = '{"title": "বাংলাদেশের খবর", "body": "ঢাকায় বৃষ্টি হয়েছে"}'.encode()
    parts.append(record_bytes(f"{BASE}/api/latest.json", json_body, "application/json", gzipped))
    parts.append(record_bytes(f"{BASE}/missing", pages[0][1], html, gzipped, "404 Not Found"))
    path.write_bytes(b"".join(parts))
    return mixed


def arc_record(url: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> bytes:
    """One ARC v1 record (URL line, then the HTTP response)."""
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode()
    kind = content_type.split(";")[0]
    line = f"{url} 192.0.2.1 20240101000000 {kind} {len(head) + len(body)}\n"
    return line.encode() + head + body + b"\n"


def write_arc(path: Path, gzipped: bool, articles: int = 2) -> list[str]:
    """An ARC file of sample-site articles and one English page; the articles' URLs."""
    desc = b"1 0 InternetArchive\nURL IP-address Archive-date Content-type Archive-length\n"
    header = f"filedesc://{path.name} 0.0.0.0 20240101000000 text/plain {len(desc)}\n"
    parts = [header.encode() + desc + b"\n"]
    pages = sample_pages(articles)
    parts += [arc_record(url, body) for url, body in pages]
    parts.append(arc_record("http://news.example.com/en", ENGLISH.format(title="Budget").encode()))
    if gzipped:
        parts = [gzip.compress(p) for p in parts]
    path.write_bytes(b"".join(parts))
    return [url for url, _ in pages]
