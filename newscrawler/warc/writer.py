"""Write HTTP exchanges to rotating WARC/1.1 files, one gzip member per record.

Each file opens with a ``warcinfo`` record (software, crawl settings, robots
policy), then holds a ``response`` record (``revisit`` for a 304) followed by
the ``request`` record that asked for it, linked by ``WARC-Concurrent-To``, the
order Heritrix and wget use. A file is closed and the next one started once it
reaches ``max_size`` bytes. Names follow the Heritrix convention
``PREFIX-TIMESTAMP17-SERIAL-PID~HOST.warc.gz``.
"""

from __future__ import annotations

import logging
import os
import socket
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from newscrawler import __version__

logger = logging.getLogger(__name__)

DEFAULT_MAX_SIZE = 1024**3
# zlib level of each record's gzip member: warcio's own is 9, which on real news pages
# takes twice the time of 6 for 2% less disk (bench/warc_overhead.py).
GZIP_LEVEL = 6
REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
# Scrapy's downloader has already removed the chunked framing from the body, so the
# header would lie; replay tools read this name as "the original header was".
HOP_HEADERS = {b"transfer-encoding": b"X-Archive-Orig-Transfer-Encoding"}
# Extension fields: what the crawl made of a response (read back by re-extraction).
SITE_FIELD = "WARC-X-Newscrawler-Site"
KIND_FIELD = "WARC-X-Newscrawler-Kind"

Headers = list[tuple[str, str]]


@dataclass(frozen=True)
class Capture:
    """Where a response record lives: file path, byte offset, record id, capture time."""

    file: str
    offset: int
    record_id: str
    date: datetime


@dataclass
class Exchange:
    """One HTTP request and its response, bodies as they crossed the wire."""

    url: str
    method: str = "GET"
    request_headers: Headers = field(default_factory=list)
    request_body: bytes = b""
    status: int = 200
    protocol: str = "HTTP/1.1"
    response_headers: Headers = field(default_factory=list)
    body: bytes = b""
    date: datetime = field(default_factory=lambda: datetime.now(UTC))
    extra: dict[str, str] = field(default_factory=dict)


def warc_name(prefix: str, when: datetime, serial: int) -> str:
    """A Heritrix-style file name.

    >>> warc_name("news", datetime(2026, 12, 3, 9, 5, 1, 250000, tzinfo=UTC), 7)[:29]
    'news-20261203090501250-00007-'
    """
    stamp = when.strftime("%Y%m%d%H%M%S") + f"{when.microsecond // 1000:03d}"
    host = socket.gethostname().split(".")[0] or "localhost"
    return f"{prefix}-{stamp}-{serial:05d}-{os.getpid()}~{host}.warc.gz"


def status_line(status: int, protocol: str = "HTTP/1.1") -> str:
    """The response's status line.

    >>> status_line(304)
    'HTTP/1.1 304 Not Modified'
    """
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    return f"{protocol or 'HTTP/1.1'} {status} {phrase}"


def wire_headers(headers: Headers) -> Headers:
    """Headers as a replay tool must read them: hop-by-hop framing renamed."""
    renamed = []
    for name, value in headers:
        new = HOP_HEADERS.get(name.lower().encode())
        renamed.append((new.decode() if new else name, value))
    return renamed


class WarcFiles:
    """The WARC files of one crawl: writes exchanges, rotates, reports captures."""

    def __init__(
        self,
        folder: str | Path,
        info: dict[str, str] | None = None,
        max_size: int = DEFAULT_MAX_SIZE,
        prefix: str = "newscrawler",
    ) -> None:
        self.folder = Path(folder).resolve()
        self.info = info or {}
        self.max_size = max_size
        self.prefix = prefix
        self.serial = 0
        self.out: IO[bytes] | None = None
        self.path: Path | None = None
        self.writer: WARCWriter | None = None
        self.files: list[Path] = []

    def write(self, exchange: Exchange) -> Capture:
        """Append one exchange; return where its response (or revisit) record is."""
        self._ensure_open()
        assert self.out is not None and self.path is not None and self.writer is not None
        response = self._response_record(exchange)
        offset = self.out.tell()
        self._append(response)
        record_id = response.rec_headers.get_header("WARC-Record-ID")
        self._append(self._request_record(exchange, record_id))
        return Capture(str(self.path), offset, record_id, exchange.date)

    def write_request(self, exchange: Exchange) -> None:
        """Record a request that got no response (connection refused, timeout)."""
        self._ensure_open()
        self._append(self._request_record(exchange, None))

    def close(self) -> None:
        if self.out is not None:
            self.out.close()
            logger.info("WARC file written: %s", self.path)
        self.out = self.writer = None

    def _ensure_open(self) -> None:
        if self.out is not None and self.out.tell() < self.max_size:
            return
        self.close()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / warc_name(self.prefix, datetime.now(UTC), self.serial)
        self.serial += 1
        self.out = self.path.open("xb")
        self.files.append(self.path)
        self.writer = WARCWriter(BytesIO(), gzip=False, warc_version="WARC/1.1")
        fields = {"software": f"newscrawler/{__version__}", **self.info}
        fields.setdefault("format", "WARC File Format 1.1")
        fields.setdefault(
            "conformsTo",
            "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        )
        self._append(self.writer.create_warcinfo_record(self.path.name, fields))

    def _append(self, record: Any) -> None:
        """Write one record to the file as its own gzip member."""
        assert self.writer is not None and self.out is not None
        self.writer.out = buffer = BytesIO()
        self.writer.write_record(record)
        packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        self.out.write(packer.compress(buffer.getvalue()) + packer.flush())

    def _warc_headers(self, exchange: Exchange) -> dict[str, str]:
        naive_utc = exchange.date.astimezone(UTC).replace(tzinfo=None)  # warcio appends the Z
        return {"WARC-Date": datetime_to_iso_date(naive_utc, use_micros=True)} | exchange.extra

    def _response_record(self, exchange: Exchange) -> Any:
        assert self.writer is not None
        http = StatusAndHeaders(
            status_line(exchange.status, exchange.protocol),
            wire_headers(exchange.response_headers),
            protocol="",
        )
        headers = self._warc_headers(exchange)
        if exchange.status == 304:
            headers["WARC-Profile"] = REVISIT_PROFILE
            headers["WARC-Refers-To-Target-URI"] = exchange.url
            return self.writer.create_warc_record(
                exchange.url, "revisit", payload=BytesIO(b""), length=0,
                warc_headers_dict=headers, http_headers=http,
            )  # fmt: skip
        return self.writer.create_warc_record(
            exchange.url, "response", payload=BytesIO(exchange.body), length=len(exchange.body),
            warc_headers_dict=headers, http_headers=http,
        )  # fmt: skip

    def _request_record(self, exchange: Exchange, concurrent_to: str | None) -> Any:
        assert self.writer is not None
        parts = exchange.url.split("/", 3)
        target = "/" + (parts[3] if len(parts) > 3 else "")
        http = StatusAndHeaders(
            f"{exchange.method} {target} {exchange.protocol or 'HTTP/1.1'}",
            exchange.request_headers,
            is_http_request=True,
        )
        headers = {"WARC-Date": self._warc_headers(exchange)["WARC-Date"]}
        if concurrent_to:
            headers["WARC-Concurrent-To"] = concurrent_to
        body = exchange.request_body
        return self.writer.create_warc_record(
            exchange.url, "request", payload=BytesIO(body), length=len(body),
            warc_headers_dict=headers, http_headers=http,
        )  # fmt: skip
