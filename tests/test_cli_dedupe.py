"""``newscrawler dedupe``: the index's parameters are recorded, checked and rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawler.cli import cli
from newscrawler.cli.crawl import check_dedupe_index
from newscrawler.cli.errors import UsageFail
from newscrawler.dedupe import DuplicateIndex, Signer
from newscrawler.dedupe.sqlstore import IndexMismatch, SqlStore
from storage.db import open_archive
from storage.upsert import upsert_articles

BODY = "ঢাকায় আজ সকাল থেকে বৃষ্টি হচ্ছে। আবহাওয়া অফিস বলেছে, সারা দিন বৃষ্টি চলবে এবং কাল কমবে।"
OTHER = "চট্টগ্রামে নতুন সেতুর কাজ শুরু হয়েছে। প্রকল্পের ব্যয় ধরা হয়েছে প্রায় তিনশো কোটি টাকা।"


def archive_with_index(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/a.sqlite"
    store = SqlStore(open_archive(url))
    signer = Signer()
    store.check_params(signer)
    index = DuplicateIndex(store, signer)
    for n, body in enumerate((BODY, OTHER, BODY + " শেষ।")):
        article = f"https://a.com/{n}"
        index.check(article, body)
        with store.db.session() as session:
            upsert_articles(session, [{"url": article, "canonical_url": article, "body": body}])
    store.close()
    return url


def test_params_are_recorded_then_checked(tmp_path: Path) -> None:
    url = archive_with_index(tmp_path)
    store = SqlStore(open_archive(url))
    store.check_params(Signer())  # same settings: accepted
    with pytest.raises(IndexMismatch, match="newscrawler dedupe reindex"):
        store.check_params(Signer(shingle_size=3))
    with pytest.raises(IndexMismatch, match="bands=85 rows=3"):
        store.check_params(Signer(threshold=0.6))
    store.close()


def test_crawl_refuses_other_settings_in_one_line(tmp_path: Path) -> None:
    url = archive_with_index(tmp_path)
    check_dedupe_index(url, {})
    with pytest.raises(UsageFail) as caught:
        check_dedupe_index(url, {"DEDUPE_SHINGLE_SIZE": "3"})
    assert "\n" not in caught.value.message and "reindex" in caught.value.message


def test_reindex_resigns_and_records_the_new_settings(tmp_path: Path) -> None:
    url = archive_with_index(tmp_path)
    result = CliRunner().invoke(
        cli, ["dedupe", "reindex", "-s", "DEDUPE_SHINGLE_SIZE=3", "--db", url]
    )
    assert result.exit_code == 0, result.output
    assert "re-signed 3 articles" in result.output
    check_dedupe_index(url, {"DEDUPE_SHINGLE_SIZE": "3"})
    with pytest.raises(UsageFail):
        check_dedupe_index(url, {})
    # The re-signed index still finds the near copy (same cluster as the first article).
    store = SqlStore(open_archive(url))
    signer = Signer(shingle_size=3)
    verdict = DuplicateIndex(store, signer).check("https://a.com/9", BODY + " আরও।")
    store.close()
    assert verdict.kind in ("near", "exact") and verdict.duplicate_of == "https://a.com/0"
    shown = CliRunner().invoke(cli, ["dedupe", "show", "--db", url])
    assert "4 signatures" in shown.output and "shingle_size=3" in shown.output


def test_reindex_rejects_bad_settings_in_one_line(tmp_path: Path) -> None:
    url = archive_with_index(tmp_path)
    result = CliRunner().invoke(cli, ["dedupe", "reindex", "-s", "DEDUPE_THRESHOLD=2", "--db", url])
    assert result.exit_code == 2
    assert "DEDUPE_THRESHOLD" in result.output
