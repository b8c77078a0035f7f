"""Read response records back from WARC and ARC files, gzip or plain, surviving damage.

:func:`iter_responses` streams the HTTP responses of a file, one record in
memory at a time. A record whose payload is cut short (its ``Content-Length``
not reached) or does not match its ``WARC-Payload-Digest`` is counted and
skipped; a record that cannot be parsed at all is counted, and reading resumes
at the next record boundary (the next gzip member, or the next ``WARC/1.``
line of a plain file). Nothing in a file is fatal.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import logging
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import redirect_stderr
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO, StringIO
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader, ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed

from newscrawler.warc.writer import KIND_FIELD, SITE_FIELD, Capture

logger = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/1."
SCAN_CHUNK = 1 << 20
# What a damaged file can raise while being parsed or decompressed.
DAMAGE = (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError, IndexError, KeyError)


@dataclass
class Record:
    """One HTTP response read from a WARC: the entity body with transfer and
    content encodings undone, and where the record is."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    capture: Capture
    site: str | None = None
    kind: str | None = None


def is_html(content_type: str | None) -> bool:
    """True for HTML (or a response that does not say what it is).

    >>> is_html("text/html; charset=utf-8"), is_html("image/jpeg"), is_html(None)
    (True, False, True)
    """
    if not content_type:
        return True
    mime = content_type.split(";", 1)[0].strip().lower()
    return mime in ("text/html", "application/xhtml+xml") or not mime


def entity_body(raw: bytes, http: Any) -> bytes:
    """The body without chunked framing or ``Content-Encoding`` (gzip, deflate, br)."""
    encoding = (http.get_header("content-encoding") or "").lower() or None
    if encoding not in BufferedReader.get_supported_decompressors():
        encoding = None
    if (http.get_header("transfer-encoding") or "").lower() == "chunked":
        return read_all(ChunkedDataReader(BytesIO(raw), decomp_type=encoding))
    if encoding:
        return read_all(BufferedReader(BytesIO(raw), decomp_type=encoding))
    return raw


def read_all(stream: Any) -> bytes:
    parts = []
    while chunk := stream.read(1 << 16):
        parts.append(chunk)
    return b"".join(parts)


def digest_ok(raw: bytes, declared: str | None) -> bool:
    """Whether ``raw`` matches a ``WARC-Payload-Digest`` (true when none or unknown).

    >>> digest_ok(b"abc", "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5")
    True
    >>> digest_ok(b"abd", "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5")
    False
    """
    if not declared or ":" not in declared:
        return True
    algorithm, _, value = declared.partition(":")
    name = algorithm.lower().replace("-", "")
    if name not in ("sha1", "sha256", "md5"):
        return True
    digest = hashlib.new(name, raw).digest()
    if len(value) == len(digest) * 2:  # hex, as some tools write
        return digest.hex() == value.lower()
    return base64.b32encode(digest).decode() == value.upper()


def warc_date(value: str | None) -> datetime:
    """A ``WARC-Date`` as an aware datetime (now, when missing or unreadable).

    >>> warc_date("2026-12-03T09:40:12.705123Z").isoformat()
    '2026-12-03T09:40:12.705123+00:00'
    """
    try:
        parsed = datetime.fromisoformat(value or "")
    except ValueError:
        return datetime.now(UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def response_record(
    record: Any,
    path: Path,
    offset: int,
    counts: Counter[str],
    html_only: bool = True,
    arc: bool = False,
) -> Record | None:
    """The :class:`Record` of a warcio record, or ``None`` (counted) when it is not one
    we can use: not a response, not HTML, truncated or corrupt."""
    if record.rec_type != "response" or record.http_headers is None:
        counts[f"skipped/{record.rec_type}"] += 1
        return None
    http = record.http_headers
    if html_only and not is_html(http.get_header("content-type")):
        counts["skipped/not_html"] += 1
        return None
    raw = read_all(record.raw_stream)
    warc = record.rec_headers
    if getattr(record.raw_stream, "limit", 0) > 0:
        counts["damaged/truncated"] += 1
        return None
    if not digest_ok(raw, warc.get_header("WARC-Payload-Digest")):
        counts["damaged/digest"] += 1
        return None
    try:
        body = entity_body(raw, http)
    except DAMAGE:
        counts["damaged/encoding"] += 1
        return None
    date = warc_date(warc.get_header("WARC-Date"))
    record_id = warc.get_header("WARC-Record-ID") or ""
    if arc:
        # warcio invents a new id on every read of an ARC record: name it by its place
        record_id = f"<urn:x-arc-offset:{offset}>"
    return Record(
        url=warc.get_header("WARC-Target-URI") or "",
        status=int(http.get_statuscode() or 0),
        headers=list(http.headers),
        body=body,
        capture=Capture(str(path), offset, record_id, date),
        site=warc.get_header(SITE_FIELD),
        kind=warc.get_header(KIND_FIELD),
    )


def iter_responses(
    path: str | Path, counts: Counter[str] | None = None, html_only: bool = True
) -> Iterator[Record]:
    """Stream the (HTML) responses of one WARC or ARC file; damage is counted in ``counts``."""
    path = Path(path)
    counts = counts if counts is not None else Counter()
    arc = is_arc(path)
    with path.open("rb") as fh:
        gzipped = fh.read(2) == GZIP_MAGIC[:2]
        start: int | None = 0
        while start is not None:
            fh.seek(start)
            iterator = ArchiveIterator(fh, arc2warc=True)
            position = start
            try:
                start = None
                while (record := quiet_next(iterator, path)) is not None:
                    position = iterator.offset
                    counts["records"] += 1
                    damaged = damage(counts)
                    found = response_record(record, path, position, counts, html_only, arc)
                    if found is not None:
                        yield found
                    elif not gzipped and damage(counts) > damaged:
                        # A cut record's declared length runs into the records after it
                        # (in a gzipped file each record is its own member): find them again.
                        start = next_boundary(fh, position + 1, gzipped)
                        break
            except DAMAGE as exc:
                counts["damaged/unreadable"] += 1
                failed_at = position  # the last record begun: resume just past its start
                logger.debug("%s: unreadable record near offset %d: %s", path, failed_at, exc)
                start = next_boundary(fh, failed_at + 1, gzipped)


def damage(counts: Counter[str]) -> int:
    """How many damaged records ``counts`` holds."""
    return sum(n for key, n in counts.items() if key.startswith("damaged/"))


def quiet_next(iterator: ArchiveIterator, path: Path) -> Any:
    """The iterator's next record (``None`` at the end), its warnings logged, not printed."""
    with redirect_stderr(StringIO()) as noise:
        record = next(iterator, None)
    if noise.getvalue():  # warcio writes format warnings to stderr
        logger.debug("%s: %s", path, noise.getvalue().strip())
    return record


def next_boundary(fh: IO[bytes], after: int, gzipped: bool) -> int | None:
    """Offset of the next record start at or after ``after`` (``None``: none left)."""
    magic = GZIP_MAGIC if gzipped else WARC_MAGIC
    fh.seek(after)
    position, tail = after, b""
    while chunk := fh.read(SCAN_CHUNK):
        window = tail + chunk
        found = window.find(magic)
        if found >= 0:
            return position - len(tail) + found
        tail = window[-(len(magic) - 1) :]
        position += len(chunk)
    return None


def read_record(path: str | Path, offset: int) -> Record | None:
    """The response record at ``offset`` in ``path`` (any content type), or ``None``."""
    path = Path(path)
    with path.open("rb") as fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh, arc2warc=True):
            return response_record(record, path, offset, Counter(), False, is_arc(path))
    return None


def is_arc(path: Path) -> bool:
    """Whether a file is an ARC (it opens with a ``filedesc://`` record), gzip or plain."""
    with path.open("rb") as fh:
        head = fh.read(2)
        fh.seek(0)
        try:
            start = (gzip.GzipFile(fileobj=fh) if head == GZIP_MAGIC[:2] else fh).read(11)
        except (OSError, EOFError, zlib.error):
            return False
    return start == b"filedesc://"


def warc_files(patterns: list[str] | tuple[str, ...]) -> list[Path]:
    """The WARC/ARC files named by paths, folders (every archive in them) and globs."""
    found: list[Path] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if is_archive_name(p.name))
        elif path.exists():
            found.append(path)
        else:
            anchor = Path(path.anchor) if path.is_absolute() else Path()
            relative = str(path.relative_to(anchor)) if path.is_absolute() else pattern
            found += sorted(p for p in anchor.glob(relative) if p.is_file())
    return list(dict.fromkeys(found))


def is_archive_name(name: str) -> bool:
    """
    >>> is_archive_name("a-1.warc.gz"), is_archive_name("b.arc"), is_archive_name("x.cdxj")
    (True, True, False)
    """
    return name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))
