"""``newscrawler deadletter replay``: dead-lettered items stored through dedupe and storage."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from newscrawler.cli import cli
from storage import deadletter
from storage.db import open_archive
from storage.models import Article
from tests.storage_support import db_url, make_item

__all__ = ["db_url"]


def test_replay_stores_items_with_their_dates_and_clusters(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "deadletter.jsonl"
    items = [make_item(n) for n in range(3)]
    deadletter.append(path, items)
    with path.open("a", encoding="utf-8") as out:
        out.write("{not json\n")  # a damaged line stays
    result = CliRunner().invoke(cli, ["deadletter", "replay", str(path), "--db", db_url])
    assert result.exit_code == 3, result.output  # one line left
    assert "3 items stored; 1 lines left" in result.output
    assert path.read_text(encoding="utf-8") == "{not json\n"
    db = open_archive(db_url)
    with db.read_session() as session:
        rows = session.scalars(select(Article).order_by(Article.id)).all()
        assert [r.published_at for r in rows] == [i["published_at"] for i in items]
        assert all(r.cluster_id for r in rows)  # dedupe ran
    db.dispose()


def test_replaying_twice_stores_nothing_twice(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    path = tmp_path / "dl.jsonl"
    deadletter.append(path, [make_item(1)])
    assert CliRunner().invoke(cli, ["deadletter", "replay", str(path), "--db", url]).exit_code == 0
    deadletter.append(path, [make_item(1)])
    assert CliRunner().invoke(cli, ["deadletter", "replay", str(path), "--db", url]).exit_code == 0
    db = open_archive(url)
    with db.read_session() as session:
        assert len(session.scalars(select(Article)).all()) == 1
    db.dispose()
    assert path.read_text() == ""


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["deadletter", "replay", str(tmp_path / "none.jsonl"), "--db", "x.sqlite"]
    )
    assert result.exit_code == 2 and "no dead-letter file" in result.output


def test_legacy_lines_with_str_datetimes_round_trip() -> None:
    item = make_item(1)
    legacy = deadletter.loads(json.dumps({"url": "u", "published_at": str(item["published_at"])}))
    assert legacy["published_at"] == item["published_at"]
    assert deadletter.loads(deadletter.dumps(item)) == item
