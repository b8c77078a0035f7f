"""Reading WARC files back: damage is counted and skipped, gzip and plain alike."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from newscrawler.warc.reader import is_archive_name, iter_responses, read_record, warc_files
from tests.warc_support import write_mixed


@pytest.mark.parametrize("gzipped", [True, False], ids=["gzip", "plain"])
def test_truncated_record_is_counted_and_the_rest_is_read(tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("mixed.warc.gz" if gzipped else "mixed.warc")
    mixed = write_mixed(path, gzipped)
    counts: Counter[str] = Counter()
    urls = [r.url for r in iter_responses(path, counts)]
    assert mixed.truncated_url not in urls
    assert all(u in urls for u in mixed.bengali_urls)
    assert sum(v for k, v in counts.items() if k.startswith("damaged/")) >= 1
    # the image and the JSON are not HTML: skipped before their bodies are read
    assert counts["skipped/not_html"] == 2
    assert not any(u.endswith((".png", ".json")) for u in urls)


def test_a_record_is_read_back_at_its_offset(tmp_path: Path) -> None:
    path = tmp_path / "mixed.warc.gz"
    write_mixed(path, gzipped=True)
    records = list(iter_responses(path))
    chosen = records[2]
    again = read_record(path, chosen.capture.offset)
    assert again is not None
    assert again.capture.record_id == chosen.capture.record_id
    assert again.body == chosen.body


def test_warc_files_takes_folders_files_and_globs(tmp_path: Path) -> None:
    for name in ("a.warc.gz", "b.warc", "c.arc.gz", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in warc_files([str(tmp_path)])] == ["a.warc.gz", "b.warc", "c.arc.gz"]
    assert [p.name for p in warc_files([str(tmp_path / "*.warc*")])] == ["a.warc.gz", "b.warc"]
    assert is_archive_name("x.arc") and not is_archive_name("x.cdxj")
