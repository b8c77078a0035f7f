"""``newscrawler extract`` on the saved real pages: what a crawl would store from each."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from newscrawler.cli import cli

DHAKA = ZoneInfo("Asia/Dhaka")
ARTICLE_URL_FALLBACK = "http://livenews24.example/index.php/details_news/index/{}"


def norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def rows(corpus: Path, kind: str) -> list[dict[str, Any]]:
    lines = (corpus / "expected.jsonl").read_text("utf-8").splitlines()
    return [r for r in map(json.loads, lines) if r["kind"] == kind]


def run_extract(path: Path, url: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["extract", str(path), "--url", url])
    return result.exit_code, result.output


def page_url(row: dict[str, Any]) -> str:
    return row["url"] or ARTICLE_URL_FALLBACK.format(Path(row["file"]).stem)


def same_time(extracted: str | None, expected: str | None) -> bool:
    """Compare as the corpus README says: instants, or the Dhaka date for a bare date."""
    if expected is None or extracted is None:
        return expected is None and extracted is None
    value = datetime.fromisoformat(extracted)
    if len(expected) == 10:
        return value.astimezone(DHAKA).date() == date.fromisoformat(expected)
    return value == datetime.fromisoformat(expected)


def test_every_corpus_article_extracts_as_expected(corpus_dir: Path) -> None:
    failures = []
    articles = rows(corpus_dir, "article")
    assert articles
    for row in articles:
        code, output = run_extract(corpus_dir / row["file"], page_url(row))
        assert code == 0, f"{row['file']}: {output}"
        item = json.loads(output)
        paragraphs = item["body"].split("\n\n")
        checks = {
            "title": norm(item["title"]) == norm(row["title"]),
            "first_paragraph": norm(paragraphs[0]) == norm(row["first_paragraph"]),
            "last_paragraph": norm(paragraphs[-1]) == norm(row["last_paragraph"]),
            "authors": [norm(a) for a in item["authors"]] == [norm(a) for a in row["authors"]],
            "published": same_time(item["published_at"], row["published"]),
        }
        failures += [f"{row['file']}: {name}" for name, ok in checks.items() if not ok]
    assert not failures


@pytest.mark.parametrize("kind", ["block", "listing"])
def test_block_and_listing_pages_are_never_articles(corpus_dir: Path, kind: str) -> None:
    for row in rows(corpus_dir, kind):
        url = row.get("page_url") or row.get("requested_url") or "https://example.com/"
        code, output = run_extract(corpus_dir / row["file"], url)
        assert code == 1, row["file"]
        assert "no article" in output


def test_output_is_utf8_json_without_escapes(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    body = "".join(
        f"<p>ঢাকায় আজ দিনভর বৃষ্টি হয়েছে, আবহাওয়া অফিস বলছে কাল আরও বাড়বে। অনুচ্ছেদ {n}।</p>"
        for n in range(8)
    )
    page.write_text(
        "<html><head><title>বৃষ্টিতে ভিজল ঢাকা | দৈনিক নমুনা</title>"
        '<meta property="article:published_time" content="2024-06-01T10:00:00+06:00">'
        f"</head><body><article><h1>বৃষ্টিতে ভিজল ঢাকা</h1>{body}</article></body></html>",
        encoding="utf-8",
    )
    code, output = run_extract(page, "https://news.example.bd/national/12345")
    assert code == 0, output
    assert "\\u" not in output
    item = json.loads(output)
    assert item["title"] == "বৃষ্টিতে ভিজল ঢাকা"
    assert item["published_at"] == "2024-06-01T10:00:00+06:00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--url", "not a url"], "--url must be an http(s) URL"),
        (["--url", "http://[::1"], "--url is not a valid URL (Invalid IPv6 URL)"),
        (["--url", "http://a.bd:99999999/"], "--url is not a valid URL (Port out of range"),
        (["--url", "https://a.bd/1", "--tz", "Mars/Olympus"], "unknown time zone"),
        (["--url", "https://a.bd/1", "--profile", "nosuchsite"], "nor a shipped profile"),
        (["--url", "https://a.bd/1", "--encoding", "nope"], "--encoding 'nope' is not a known"),
    ],
)
def test_bad_arguments_are_one_line_errors(tmp_path: Path, args: list[str], message: str) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html></html>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(page), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_bad_profile_file_is_one_line_naming_file_and_key(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html></html>", encoding="utf-8")
    profile = tmp_path / "site.toml"
    profile.write_text('home_url = "https://a.bd/"\ndomains = "a.bd"\n', encoding="utf-8")
    args = ["extract", str(page), "--url", "https://a.bd/1", "--profile", str(profile)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"Error: {profile}: domains must be a list of strings; write domains = ['a.bd']"
    )
