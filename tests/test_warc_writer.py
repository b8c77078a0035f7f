"""The WARC writer: valid WARC/1.1, warcinfo first in every file, rotation, revisits."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from warcio.archiveiterator import ArchiveIterator
from warcio.checker import Checker

from newscrawler.warc.writer import REVISIT_PROFILE, Exchange, WarcFiles


def warcio_check(paths: list[Path]) -> int:
    """``warcio check``'s exit value for these files (0: every digest is right)."""
    return int(
        Checker(SimpleNamespace(inputs=[str(p) for p in paths], verbose=False)).process_all()
    )


def records(path: Path) -> list[tuple[str, str | None, int]]:
    with path.open("rb") as fh:
        return [
            (
                r.rec_type,
                r.rec_headers.get_header("WARC-Target-URI"),
                len(r.content_stream().read()),
            )
            for r in ArchiveIterator(fh)
        ]


def page(n: int, status: int = 200) -> Exchange:
    body = f"<html><body><p>খবর {n}</p></body></html>".encode() * 40 if status != 304 else b""
    return Exchange(
        url=f"http://news.example/{n}?a=1",
        request_headers=[("Host", "news.example"), ("User-Agent", "t")],
        status=status,
        response_headers=[("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")],
        body=body,
    )


def test_files_rotate_and_each_opens_with_warcinfo(tmp_path: Path) -> None:
    files = WarcFiles(tmp_path, {"robots": "obey"}, max_size=2000)
    captures = [files.write(page(n)) for n in range(6)]
    files.close()
    paths = sorted(tmp_path.iterdir())
    assert len(paths) > 1 and all(p.name.endswith(".warc.gz") for p in paths)
    assert all(p.name.startswith("newscrawler-") and "~" in p.name for p in paths)
    for path in paths:
        kinds = [kind for kind, _, _ in records(path)]
        assert kinds[0] == "warcinfo" and kinds.count("warcinfo") == 1
        assert kinds[1:] == ["response", "request"] * ((len(kinds) - 1) // 2)
    assert warcio_check(paths) == 0
    assert {c.file for c in captures} == {str(p) for p in paths}


def test_a_capture_points_at_its_response_record(tmp_path: Path) -> None:
    files = WarcFiles(tmp_path)
    captures = [files.write(page(n)) for n in range(3)]
    files.close()
    with Path(captures[1].file).open("rb") as fh:
        fh.seek(captures[1].offset)
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_headers.get_header("WARC-Record-ID") == captures[1].record_id
        assert record.rec_headers.get_header("WARC-Target-URI") == "http://news.example/1?a=1"
        # the chunked framing is gone from the body, so the header is renamed
        assert record.http_headers.get_header("Transfer-Encoding") is None
        assert record.http_headers.get_header("X-Archive-Orig-Transfer-Encoding") == "chunked"
        assert record.content_stream().read() == page(1).body


def test_304_is_a_revisit_and_a_failed_fetch_a_lone_request(tmp_path: Path) -> None:
    files = WarcFiles(tmp_path)
    files.write(page(1, status=304))
    files.write_request(page(2))
    files.close()
    (path,) = tmp_path.iterdir()
    with path.open("rb") as fh:
        found = [
            (r.rec_type, r.rec_headers.get_header("WARC-Profile")) for r in ArchiveIterator(fh)
        ]
    assert found == [
        ("warcinfo", None),
        ("revisit", REVISIT_PROFILE),
        ("request", None),
        ("request", None),
    ]
    assert warcio_check([path]) == 0
