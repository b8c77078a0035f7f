"""Opening the archive: URL rule, migrations to head with no drift, SQLite settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from storage.db import (
    _alembic_head,
    current_revision,
    head_revision,
    make_engine,
    open_archive,
    resolve_url,
    schema_drift,
)
from tests.conftest import pg_url
from tests.storage_support import db_url

__all__ = ["db_url", "pg_url"]


@pytest.mark.parametrize(
    ("cli", "env", "expected"),
    [
        ("sqlite:///a.sqlite", "sqlite:///b.sqlite", "sqlite:///a.sqlite"),
        (None, "postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        (None, None, "sqlite:///newscrawler.sqlite"),
        ("data/news.sqlite", None, "sqlite:///data/news.sqlite"),
    ],
)
def test_resolve_url(
    cli: str | None, env: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if env is None:
        monkeypatch.delenv("NEWSCRAWLER_DB", raising=False)
    else:
        monkeypatch.setenv("NEWSCRAWLER_DB", env)
    assert resolve_url(cli) == expected


def test_empty_database_upgrades_to_head_without_drift(db_url: str) -> None:
    db = open_archive(db_url)
    assert current_revision(db.engine) == head_revision() == _alembic_head() is not None
    assert schema_drift(db.engine) == []
    db.dispose()
    again = open_archive(db_url)  # already at head: nothing to do
    assert current_revision(again.engine) == head_revision()
    again.dispose()


def test_open_without_upgrade_leaves_the_database_alone(tmp_path: Path) -> None:
    db = open_archive(f"sqlite:///{tmp_path / 'a.sqlite'}", upgrade=False)
    assert current_revision(db.engine) is None
    db.dispose()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    db = open_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 10_000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()


def test_postgresql_engines_skip_the_hstore_lookup() -> None:
    # the archive has no HSTORE column; the lookup cost three round trips per process
    assert make_engine("postgresql+psycopg://u@h/db").dialect.use_native_hstore is False


def test_begin_commits_or_rolls_back(db_url: str) -> None:
    db = open_archive(db_url)
    insert = text("INSERT INTO sites (key) VALUES (:key)")
    with db.begin() as connection:
        connection.execute(insert, {"key": "kept"})
    with pytest.raises(RuntimeError), db.begin() as connection:
        connection.execute(insert, {"key": "dropped"})
        raise RuntimeError
    with db.connect() as connection:
        assert connection.scalars(text("SELECT key FROM sites")).all() == ["kept"]
    db.dispose()


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        open_archive(f"sqlite:///{tmp_path / 'nope' / 'a.sqlite'}")


def test_0002_keeps_the_search_index_of_an_0001_archive(tmp_path: Path) -> None:
    from alembic import command

    from storage.db import alembic_config, make_engine
    from storage.repository import ArticleFilter, search, upsert_articles
    from tests.storage_support import make_item

    engine = make_engine(f"sqlite:///{tmp_path / 'a.sqlite'}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(text("INSERT INTO sites (id, key, name) VALUES (1, 'a.com', 'a.com')"))
        conn.execute(
            text(
                "INSERT INTO articles (id, url, canonical_url, site_id, title, body, "
                "authors, tags, first_seen_at, last_seen_at) VALUES (7, 'u', 'u', 1, "
                "'বন্যা', 'পুরনো লেখা', '[]', '[]', '2024-01-01', '2024-01-01')"
            )
        )
        conn.execute(
            text("INSERT INTO articles_fts (rowid, title, body) VALUES (7, 'বন্যা', 'পুরনো লেখা')")
        )
    engine.dispose()
    db = open_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")
    assert current_revision(db.engine) == head_revision()
    with db.session() as session:
        upsert_articles(session, [make_item(1, canonical_url="u", title="বন্যা", body="নতুন")])
    with db.read_session() as session:
        assert [h.url for h in search(session, "বন্যা", ArticleFilter())] == ["u"]
        assert search(session, "পুরনো", ArticleFilter()) == []
        assert len(search(session, "নতুন", ArticleFilter())) == 1
    db.dispose()


@pytest.mark.postgres
def test_search_rank_vector_fills_an_archive_and_downgrades(pg_url: str) -> None:
    from alembic import command

    from storage.db import alembic_config, make_engine
    from storage.repository import ArticleFilter, search
    from tests.storage_support import FILLER

    body = " ".join([*FILLER, "বন্যার"])
    engine = make_engine(pg_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "dedupe_params")
        conn.execute(text("INSERT INTO sites (id, key, name) VALUES (1, 'a.com', 'a.com')"))
        conn.execute(
            text(
                "INSERT INTO articles (id, url, canonical_url, site_id, title, body, "
                "authors, tags, first_seen_at, last_seen_at) VALUES (7, 'u', 'u', 1, "
                "'বন্যা', :body, '[]', '[]', '2024-01-01', '2024-01-01')"
            ),
            {"body": body},
        )
        conn.execute(
            text(
                "INSERT INTO articles_fts (article_id, document, title_document) VALUES (7, "
                "setweight(to_tsvector('simple', 'বন্যা'), 'A') || "
                "setweight(to_tsvector('simple', :body), 'B'), "
                "setweight(to_tsvector('simple', 'বন্যা'), 'A'))"
            ),
            {"body": body},
        )
    engine.dispose()
    db = open_archive(pg_url)
    assert current_revision(db.engine) == head_revision()
    with db.read_session() as session:
        kept = session.scalar(
            text("SELECT array_to_string(tsvector_to_array(rank_document), ' ') FROM articles_fts")
        )
        assert kept is not None and set(kept.split()) == {"বন্যা", "বন্যার"} | set(body.split()[:23])
        assert [h.url for h in search(session, "বন্যা", ArticleFilter())] == ["u"]
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "dedupe_params")
        columns = conn.execute(
            text(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'articles_fts'"
            )
        ).scalars()
        assert "rank_document" not in set(columns)
    db.dispose()


@pytest.mark.postgres
def test_search_rank_index_indexes_the_ranking_vector_and_downgrades(pg_url: str) -> None:
    from alembic import command

    from storage.db import alembic_config

    def gin_indexes(conn: Connection) -> set[str]:
        return set(
            conn.execute(
                text(
                    "SELECT indexname FROM pg_indexes WHERE tablename = 'articles_fts' "
                    "AND indexdef LIKE '%USING gin%'"
                )
            ).scalars()
        )

    db = open_archive(pg_url)
    with db.engine.begin() as conn:
        assert "ix_articles_fts_rank_document" in gin_indexes(conn)
        command.downgrade(alembic_config(conn), "search_rank_vector")
        assert gin_indexes(conn) == {
            "ix_articles_fts_document",
            "ix_articles_fts_title_document",
        }
        command.upgrade(alembic_config(conn), "head")
        assert "ix_articles_fts_rank_document" in gin_indexes(conn)
    db.dispose()


def test_cluster_members_index_replaces_the_cluster_index_and_downgrades(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from storage.db import alembic_config

    def indexes(conn: object) -> set[str]:
        return {str(i["name"]) for i in inspect(conn).get_indexes("articles")}

    db = open_archive(db_url)
    with db.engine.begin() as conn:
        assert {"ix_articles_cluster_members"} <= indexes(conn)
        assert "ix_articles_cluster_id" not in indexes(conn)
        command.downgrade(alembic_config(conn), "search_rank_index")
        assert "ix_articles_cluster_id" in indexes(conn)
        assert "ix_articles_cluster_members" not in indexes(conn)
        command.upgrade(alembic_config(conn), "cluster_members")
        assert "ix_articles_cluster_members" in indexes(conn)
    assert schema_drift(db.engine) == []
    db.dispose()
