"""End to end: a real crawl of the sample site's extraction cases (``/cases/``) into SQLite.

The cases reproduce the misses extractors make on unseen sites (short items,
older templates, split bodies, Next.js pages with related records first, uploader
accounts); the crawl must store each with the fields the model says.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from newscrawler.samplesite.cases import expected_cases
from newscrawler.samplesite.model import TEMPLATES
from newscrawler.samplesite.server import serve
from newscrawler.samplesite.site import SampleSite
from newscrawler.samplesite.tpl_nextjs import ACCOUNT
from newscrawler.text.urls import canonical_url
from storage import Archive

pytestmark = pytest.mark.slow
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]


def nfc(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[Any], dict[str, Any]]]:
    db = tmp_path_factory.mktemp("cases") / "archive.sqlite"
    with serve(SampleSite(count=len(TEMPLATES))) as running:
        command = [sys.executable, "-m", "newscrawler", "crawl", running.url + "cases/",
                   "--db", f"sqlite:///{db}", *FAST]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        expected = expected_cases(running.site.seed, running.url.rstrip("/"))
    assert result.returncode == 0, result.stderr[-3000:]
    with Archive(f"sqlite:///{db}") as archive:
        rows = {canonical_url(r["canonical_url"]): r for r in archive.articles()}
    yield expected, rows


def test_every_case_is_stored_with_its_fields(stored: tuple[list[Any], dict[str, Any]]) -> None:
    expected, rows = stored
    for exp in expected:
        row = rows.get(canonical_url(exp["url"]))
        assert row is not None, f"{exp['case']} not stored: {exp['url']}"
        paragraphs = row["body"].split("\n\n")
        assert nfc(row["title"]) == nfc(exp["title"]), exp["url"]
        assert nfc(paragraphs[0]) == nfc(exp["first_paragraph"]), exp["url"]
        assert nfc(paragraphs[-1]) == nfc(exp["last_paragraph"]), exp["url"]
        assert len(paragraphs) == exp["paragraph_count"], exp["url"]
        assert row["authors"] == exp["authors"], exp["url"]
        assert ACCOUNT not in row["authors"]
        published = row["published_at"]
        assert published == datetime.fromisoformat(exp["published"]), exp["url"]
