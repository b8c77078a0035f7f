"""What a route answers: status, headers and bytes, or a connection reset."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"


@dataclass
class Reply:
    """One HTTP answer. ``reset`` closes the socket without answering."""

    status: int = 200
    body: bytes = b""
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: datetime | None = None  # set: send ETag/Last-Modified, honour conditionals
    reset: bool = False

    @classmethod
    def html(cls, text: str, status: int = 200, last_modified: datetime | None = None) -> Reply:
        return cls(status, text.encode("utf-8"), HTML, last_modified=last_modified)

    @classmethod
    def redirect(cls, location: str, status: int = 301) -> Reply:
        return cls(status, b"", HTML, {"Location": location})

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:20] + '"'

    def conditional(self, if_none_match: str | None, if_modified_since: str | None) -> Reply:
        """This reply with validators, or a 304 when the client's copy is current.

        ``If-None-Match`` wins over ``If-Modified-Since`` (RFC 9110, 13.2.2).
        """
        if self.last_modified is None or self.status != 200:
            return self
        headers = {
            **self.headers,
            "ETag": self.etag,
            "Last-Modified": format_datetime(self.last_modified.astimezone(UTC), usegmt=True),
        }
        fresh = False
        if if_none_match is not None:
            tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
            fresh = self.etag in tags or "*" in tags
        elif if_modified_since:
            fresh = _not_after(self.last_modified, if_modified_since)
        if fresh:
            return Reply(304, b"", self.content_type, headers, self.last_modified)
        return Reply(self.status, self.body, self.content_type, headers, self.last_modified)


def _not_after(last_modified: datetime, header: str) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return last_modified.replace(microsecond=0) <= since
