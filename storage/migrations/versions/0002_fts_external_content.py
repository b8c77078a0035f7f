"""SQLite: the full-text index keeps no copy of the text (FTS5 external content).

The index used to store its own copy of every title and body beside the
``articles`` table: half of each insert's writes and a third of the file. It
now points at ``articles`` (``content='articles'``) and keeps only the index.
The indexed text is still the normalised text the storage code passes in
(:func:`storage.search.index_articles`), which also removes an article's old
entry with FTS5's ``'delete'`` command and the text it indexed. PostgreSQL is
unchanged.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 01:05:00.000000
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Bengali block plus ZWNJ/ZWJ: characters FTS5 must treat as part of a word (as 0001).
BENGALI_TOKENCHARS = "".join(chr(c) for c in range(0x0980, 0x0A00)) + "\u200c\u200d"
TOKENIZE = f"unicode61 remove_diacritics 0 tokenchars '{BENGALI_TOKENCHARS}'"
COPY_BATCH = 1000


def create(name: str, external: bool) -> None:
    content = ", content='articles', content_rowid='id'" if external else ""
    op.execute(
        f'CREATE VIRTUAL TABLE {name} USING fts5(title, body{content}, tokenize = "{TOKENIZE}")'
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("ALTER TABLE articles_fts RENAME TO articles_fts_0001")
    create("articles_fts", external=True)
    # The old index holds exactly the (normalised) text that was indexed.
    op.execute(
        "INSERT INTO articles_fts (rowid, title, body) "
        "SELECT rowid, title, body FROM articles_fts_0001"
    )
    op.execute("DROP TABLE articles_fts_0001")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    from storage.search import searchable

    bind = op.get_bind()
    op.execute("DROP TABLE articles_fts")
    create("articles_fts", external=False)
    last = 0
    while rows := bind.execute(
        text("SELECT id, title, body FROM articles WHERE id > :last ORDER BY id LIMIT :n"),
        {"last": last, "n": COPY_BATCH},
    ).all():
        params = [
            {"id": id_, "title": searchable(t or ""), "body": searchable(b or "")}
            for id_, t, b in rows
        ]
        bind.execute(
            text("INSERT INTO articles_fts (rowid, title, body) VALUES (:id, :title, :body)"),
            params,
        )
        last = rows[-1][0]
