"""Bengali full-text search over titles and bodies, on SQLite FTS5 and PostgreSQL.

Text and queries are both passed through ``normalise_chars`` so the two
spellings of য়/ড়/ঢ় meet. A bare word matches every word that starts with it
(``পুতিন`` finds ``পুতিনের``); a quoted phrase matches those words in that
order. User queries are parsed here into terms and always reach the database
as quoted lexemes, so FTS syntax characters can never cause an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from newscrawler.text.normalise import normalise_chars

# A word: letters, digits and the whole Bengali block (signs and virama included).
WORD_RE = re.compile("(?:[^\\W_]|[\u0980-\u09ff\u200c\u200d])+")
# No word character just before / after this point (the edges of WORD_RE's words).
WORD_START = "(?<![^\\W_])(?<![\u0980-\u09ff\u200c\u200d])"
WORD_END = "(?![^\\W_])(?![\u0980-\u09ff\u200c\u200d])"
PHRASE_RE = re.compile(r'"([^"]*)"?')
# Text with none of these is already in normalised form (NormalisePipeline's output):
# precomposed য়/ড়/ঢ়, invisible characters and joiners, and anything outside ASCII,
# Latin-1 punctuation and Bengali (one character class: a fast scan) ...
UNNORMALISED_CHAR_RE = re.compile(
    "[^\x00-\u00ac\u00ae-\u00ff\u0964\u0965\u0980-\u09db\u09de\u09e0-\u09ff"
    "\u2010-\u2029\u202f\u20b9]"
)
# ... nor these pairs: e-kar pairs NFC composes, sign pairs NFC reorders (found by
# substring search, several times faster than a regex over a whole body).
UNNORMALISED_PAIRS = (
    "\u09c7\u09be",
    "\u09c7\u09d7",
    "\u09cd\u09bc",
    "\u09fe\u09bc",
    "\u09fe\u09cd",
)
# Shorter bare words are matched exactly: as prefixes they would match almost anything.
MIN_PREFIX_CHARS = 2
HIGHLIGHT = ("[", "]")
SQLITE_INSERT = "INSERT INTO articles_fts (rowid, title, body) VALUES (:id, :title, :body)"
# FTS5's delete command for external-content tables: the text given must be the text indexed.
SQLITE_DELETE = (
    "INSERT INTO articles_fts (articles_fts, rowid, title, body) "
    "VALUES ('delete', :id, :title, :body)"
)
PG_UPSERT = (
    "INSERT INTO articles_fts (article_id, document) VALUES (:id, "
    "setweight(to_tsvector('simple', :title), 'A') || "
    "setweight(to_tsvector('simple', :body), 'B')) "
    "ON CONFLICT (article_id) DO UPDATE SET document = excluded.document"
)


class QueryError(ValueError):
    """A query that cannot be searched (say, one with no word in it)."""


@dataclass(frozen=True)
class Term:
    """One search term: a run of words that must appear in order."""

    words: tuple[str, ...]
    prefix: bool


def searchable(text_: str) -> str:
    """``normalise_chars(text_)``, skipping the work when the text is normal already.

    >>> searchable("রাশি\u09dfা") == normalise_chars("রাশি\u09dfা") != "রাশি\u09dfা"
    True
    """
    if UNNORMALISED_CHAR_RE.search(text_) or any(p in text_ for p in UNNORMALISED_PAIRS):
        return normalise_chars(text_)
    return text_


def words(text_: str) -> list[str]:
    """The words of a text as the index sees them, normalised and lower-cased.

    >>> words("প্রেসিডেন্ট পুতিনের, 'রাশিয়ার' AI-নীতি")
    ['প্রেসিডেন্ট', 'পুতিনের', 'রাশিয়ার', 'ai', 'নীতি']
    """
    return [w.lower() for w in WORD_RE.findall(normalise_chars(text_))]


def parse_query(query: str) -> list[Term]:
    """Parse a user query into terms: quoted phrases, and bare words matched as prefixes.

    An unbalanced quote runs to the end of the query. Raises :class:`QueryError`
    when the query holds no word.

    >>> parse_query('রাশিয়া "প্রেসিডেন্ট পুতিন')
    [Term(words=('প্রেসিডেন্ট', 'পুতিন'), prefix=False), Term(words=('রাশিয়া',), prefix=True)]
    """
    terms = [Term(tuple(ws), False) for ws in map(words, PHRASE_RE.findall(query)) if ws]
    rest = PHRASE_RE.sub(" ", query)
    terms += [Term((w,), len(w) >= MIN_PREFIX_CHARS) for w in words(rest)]
    if not terms:
        raise QueryError(f"nothing to search for in {query!r}: give at least one word")
    return terms


def fts5_match(terms: Sequence[Term]) -> str:
    """The FTS5 MATCH expression: every term quoted, all terms required.

    >>> fts5_match([Term(("পুতিন",), True), Term(("a", "b"), False)])
    '"পুতিন"* AND "a b"'
    """
    parts = []
    for term in terms:
        quoted = '"' + " ".join(term.words).replace('"', '""') + '"'
        parts.append(quoted + ("*" if term.prefix else ""))
    return " AND ".join(parts)


def pg_tsquery(terms: Sequence[Term]) -> str:
    """The PostgreSQL ``tsquery`` text: quoted lexemes, ``<->`` for phrases, ``:*`` prefixes.

    >>> pg_tsquery([Term(("পুতিন",), True), Term(("o'neil", "b"), False)])
    "'পুতিন':* & ('o''neil' <-> 'b')"
    """
    parts = []
    for term in terms:
        lexemes = ["'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in term.words]
        if term.prefix:
            parts.append(lexemes[0] + ":*")
        else:
            joined = " <-> ".join(lexemes)
            parts.append(f"({joined})" if len(lexemes) > 1 else joined)
    return " & ".join(parts)


def _matches(token: str, terms: Sequence[Term]) -> bool:
    """Whether a normalised token holds a word that ``terms`` match."""
    for found in WORD_RE.findall(token.lower()):
        for term in terms:
            for word in term.words:
                if found == word or (term.prefix and found.startswith(word)):
                    return True
    return False


def term_pattern(terms: Sequence[Term]) -> re.Pattern[str]:
    """A regex finding, in lower-cased text, the words :func:`_matches` accepts.

    >>> term_pattern(parse_query("পুতিন")).search("প্রেসিডেন্ট পুতিনের সফর").start()
    12
    """
    alternatives = [
        WORD_START + re.escape(word) + ("" if term.prefix else WORD_END)
        for term in terms
        for word in term.words
    ]
    return re.compile("|".join(alternatives))


def _first_match(text_: str, tokens: list[str], terms: Sequence[Term]) -> int | None:
    """The index of the first token that ``terms`` match, found by one regex search.

    Falls back to testing every token if the regex and the tokens ever disagree.
    """
    lowered = text_.lower()
    if len(lowered) == len(text_):  # positions in the lowered text are positions in text_
        found = term_pattern(terms).search(lowered)
        if found is None:
            return None
        at = found.start()
        index = len(text_[:at].split()) - (at > 0 and not text_[at - 1].isspace())
        if index < len(tokens) and _matches(tokens[index], terms):
            return index
    return next((i for i, token in enumerate(tokens) if _matches(token, terms)), None)


def snippet(text_: str | None, terms: Sequence[Term], width: int = 16) -> str | None:
    """About ``width`` words around the first match of ``terms``, matches in ``[brackets]``.

    Returns ``None`` when nothing in ``text_`` matches.

    >>> snippet("ঢাকায় আজ প্রেসিডেন্ট পুতিনের সফর শুরু", parse_query("পুতিন"), width=4)
    '… প্রেসিডেন্ট [পুতিনের] সফর শুরু'
    """
    normal = searchable(text_ or "")
    tokens = normal.split()
    first = _first_match(normal, tokens, terms)
    if first is None:
        return None
    start = max(0, first - width // 4)
    shown = [f"[{t}]" if _matches(t, terms) else t for t in tokens[start : start + width]]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + width < len(tokens) else ""
    return prefix + " ".join(shown) + suffix


def index_articles(
    session: Session,
    rows: Sequence[tuple[int, str | None, str | None]],
    *,
    old: Mapping[int, tuple[str | None, str | None]] | None = None,
) -> None:
    """Put ``(article_id, title, body)`` rows into the full-text index.

    ``old`` gives, for articles indexed before (revised ones), the title and
    body they were indexed with: on SQLite the index keeps no text of its own
    (external content), so an old entry is removed by naming its text. Without
    ``old`` the articles must be new to the index.
    """
    if not rows:
        return
    params = _params(rows)
    if session.get_bind().dialect.name == "sqlite":
        if old:
            stale = [(id_, *old[id_]) for id_, _, _ in rows]
            session.execute(text(SQLITE_DELETE), _params(stale))
        session.execute(text(SQLITE_INSERT), params)
        return
    session.execute(text(PG_UPSERT), params)


def _params(rows: Sequence[tuple[int, str | None, str | None]]) -> list[dict[str, Any]]:
    return [
        {"id": id_, "title": searchable(t or ""), "body": searchable(b or "")} for id_, t, b in rows
    ]
