"""Bengali full-text search over titles and bodies, on SQLite FTS5 and PostgreSQL.

Text and queries are both passed through ``normalise_chars`` so the two
spellings of য়/ড়/ঢ় meet. A bare word matches every word that starts with it
(``পুতিন`` finds ``পুতিনের``); a quoted phrase matches those words in that
order; ``OR``, ``NOT``/``-word`` and parentheses combine them. User queries are
parsed here and always reach the database as quoted lexemes joined by the
parser's own operators, so FTS syntax characters can never cause an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from sqlalchemy import text

from storage.textform import normalise_chars

if TYPE_CHECKING:  # the ORM is not imported to search (it costs ~0.15 s of a start)
    from sqlalchemy.orm import Session

# A word: letters, digits and the whole Bengali block (signs and virama included).
WORD_RE = re.compile("(?:[^\\W_]|[\u0980-\u09ff\u200c\u200d])+")
# No word character just before / after this point (the edges of WORD_RE's words).
WORD_START = "(?<![^\\W_])(?<![\u0980-\u09ff\u200c\u200d])"
WORD_END = "(?![^\\W_])(?![\u0980-\u09ff\u200c\u200d])"
# Query tokens: a "phrase" (to the end when unbalanced), ( ) |, a leading - (NOT), a run
# of other non-space characters.
TOKEN_RE = re.compile(r'"[^"]*"?|[()|]|(?<![^\s(])-(?=[^\s\-])|[^\s()|"]+')
OR_WORDS = ("OR", "|")
MAX_QUERY_CHARS = 1000
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
# PostgreSQL's ranking vector of an article: its document's lexemes that ts_rank can need
# for a title match, each with all its positions: those in the title or the first
# RANK_LEAD positions, and those sharing their first RANK_PREFIX characters with a title
# word (the other forms a query matching the title can match in the body). For a query of
# one term (3+ characters) matching the title, ts_rank on it equals ts_rank on the whole
# document; for others it is a lower bound. Small enough to stay in the table's row.
RANK_LEAD = 24
RANK_PREFIX = 3
PG_RANK_VECTOR = (
    "ts_delete({document}, ARRAY(SELECT u.lexeme FROM unnest({document}) AS u "
    f"WHERE u.positions[1] > {RANK_LEAD} AND left(u.lexeme, {RANK_PREFIX}) <> ALL "
    f"(ARRAY(SELECT left(w, {RANK_PREFIX}) FROM unnest(tsvector_to_array({{title}})) AS w))))"
)
# The three vectors of an article from ``id``, ``title`` and ``body`` columns of ``{source}``.
PG_VECTORS = (
    "SELECT v.id, v.document, v.title, "
    + PG_RANK_VECTOR.format(document="v.document", title="v.title")
    + " FROM (SELECT t.id, t.title, t.title || "
    "setweight(to_tsvector('simple', coalesce(t.body, '')), 'B') AS document FROM "
    "(SELECT s.id, setweight(to_tsvector('simple', coalesce(s.title, '')), 'A') AS title, "
    "s.body FROM {source} AS s) AS t) AS v"
)
PG_INSERT = "INSERT INTO articles_fts (article_id, document, title_document, rank_document) "
PG_UPSERT = (
    PG_INSERT
    + PG_VECTORS.format(
        source="(SELECT CAST(:id AS INTEGER) AS id, CAST(:title AS TEXT) AS title, "
        "CAST(:body AS TEXT) AS body)"
    )
    + " ON CONFLICT (article_id) DO UPDATE SET document = excluded.document, "
    "title_document = excluded.title_document, rank_document = excluded.rank_document"
)
# Indexes every article missing from the index, from its stored text in SQL: for bulk loads
# of text already in normalised form (the crawler stores it so), where PG_UPSERT's round
# trips through Python would cost more than the indexing itself.
PG_REINDEX = PG_INSERT + PG_VECTORS.format(
    source="(SELECT a.id, a.title, a.body FROM articles AS a WHERE NOT EXISTS "
    "(SELECT 1 FROM articles_fts AS f WHERE f.article_id = a.id))"
)


class QueryError(ValueError):
    """A query that cannot be searched (say, one with no word in it)."""


@dataclass(frozen=True)
class Term:
    """One search term: a run of words that must appear in order."""

    words: tuple[str, ...]
    prefix: bool


@dataclass(frozen=True)
class Node:
    """An operator of a parsed query: ``and``/``or`` over ``parts``, or ``not`` of one."""

    op: str
    parts: tuple[Part, ...]


Part = Term | Node


@dataclass(frozen=True)
class Query(Sequence[Term]):
    """A parsed query: its expression, and (as a sequence) the terms to highlight.

    The terms are the ones the query looks for, not those it excludes.
    """

    node: Part
    terms: tuple[Term, ...]

    def __len__(self) -> int:
        return len(self.terms)

    @overload
    def __getitem__(self, index: int) -> Term: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Term]: ...
    def __getitem__(self, index: int | slice) -> Term | Sequence[Term]:
        return self.terms[index]

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    @property
    def excludes(self) -> bool:
        """Whether the query leaves something out (a NOT anywhere in it)."""
        return _has_not(self.node)


def _has_not(part: Part) -> bool:
    if isinstance(part, Term):
        return False
    return part.op == "not" or any(_has_not(p) for p in part.parts)


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


def parse_query(query: str) -> Query:
    """Parse a user query: words (matched as prefixes), "phrases", OR, NOT/-word, ( ).

    Terms side by side are all required (``AND`` may be written); ``OR`` (or
    ``|``) between them takes either; ``NOT word`` or ``-word`` excludes;
    parentheses group. Operators are only operators in capitals. An unbalanced
    quote or parenthesis runs to the end of the query. Raises :class:`QueryError`
    when the query holds no word to find, or is longer than 1,000 characters.

    >>> q = parse_query('রাশিয়া "প্রেসিডেন্ট পুতিন')
    >>> list(q)
    [Term(words=('রাশিয়া',), prefix=True), Term(words=('প্রেসিডেন্ট', 'পুতিন'), prefix=False)]
    >>> fts5_match(parse_query("(বৃষ্টি OR বন্যা) -ঢাকা"))
    '(("বৃষ্টি"* OR "বন্যা"*)) NOT ("ঢাকা"*)'
    """
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is too long ({len(query):,} characters; at most {MAX_QUERY_CHARS:,})"
        )
    parser = _Parser(TOKEN_RE.findall(query))
    groups = []
    while parser.peek() is not None:
        group = parser.expression()
        if group is not None:
            groups.append(group)
        if parser.peek() == ")":  # a stray closing parenthesis: skipped
            parser.at += 1
    node = _join("and", groups)
    if node is None:
        raise QueryError(f"nothing to search for in {query!r}: give at least one word")
    node = _checked(node, query)
    return Query(node, tuple(_positive_terms(node)))


class _Parser:
    """Recursive descent over the tokens: OR below AND below NOT below ( )."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def expression(self) -> Part | None:
        parts = []
        while self.peek() is not None and self.peek() != ")":
            if self.peek() in OR_WORDS:
                self.at += 1
                continue
            part = self.conjunction()
            if part is not None:
                parts.append(part)
        return _join("or", parts)

    def conjunction(self) -> Part | None:
        parts = []
        while (token := self.peek()) is not None and token != ")" and token not in OR_WORDS:
            if token == "AND":
                self.at += 1
                continue
            part = self.unary()
            if part is not None:
                parts.append(part)
        return _join("and", parts)

    def unary(self) -> Part | None:
        token = self.peek()
        if token in ("NOT", "-"):
            self.at += 1
            if self.peek() is None or self.peek() in (")", *OR_WORDS):
                return None
            inner = self.unary()
            return None if inner is None else Node("not", (inner,))
        return self.primary()

    def primary(self) -> Part | None:
        token = self.tokens[self.at]
        self.at += 1
        if token == "(":
            inner = self.expression()
            if self.peek() == ")":
                self.at += 1
            return inner
        if token.startswith('"'):
            found = words(token.strip('"'))
            return Term(tuple(found), False) if found else None
        found = words(token)
        if not found:
            return None
        terms = [Term((w,), len(w) >= MIN_PREFIX_CHARS) for w in found]
        return _join("and", list(terms))


def _join(op: str, parts: list[Part]) -> Part | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Node(op, tuple(parts))


def _checked(node: Part, query: str) -> Part:
    """Refuse what the indexes cannot run: a NOT with nothing to subtract from."""
    if isinstance(node, Term):
        return node
    alone = node.op == "not" or any(_is_not(p) for p in node.parts if node.op == "or")
    if alone or (node.op == "and" and all(_is_not(p) for p in node.parts)):
        raise QueryError(f"{query!r} only says what to leave out: add a word to find (বৃষ্টি -ঢাকা)")
    for part in node.parts:
        inner = part.parts[0] if isinstance(part, Node) and part.op == "not" else part
        _checked(inner, query)
    return node


def _is_not(part: Part) -> bool:
    return isinstance(part, Node) and part.op == "not"


def _positive_terms(node: Part) -> Iterator[Term]:
    if isinstance(node, Term):
        yield node
    elif node.op != "not":
        for part in node.parts:
            yield from _positive_terms(part)


def _terms_node(terms: Sequence[Term]) -> Part:
    if isinstance(terms, Query):
        return terms.node
    joined = _join("and", list(terms))
    if joined is None:
        raise QueryError("nothing to search for: give at least one word")
    return joined


def fts5_match(terms: Sequence[Term]) -> str:
    """The FTS5 MATCH expression: every term quoted, operators spelled out.

    >>> fts5_match([Term(("পুতিন",), True), Term(("a", "b"), False)])
    '"পুতিন"* AND "a b"'
    """
    return _fts5(_terms_node(terms))


def _fts5(node: Part) -> str:
    if isinstance(node, Term):
        quoted = '"' + " ".join(node.words).replace('"', '""') + '"'
        return quoted + ("*" if node.prefix else "")
    if node.op == "or":
        return "(" + " OR ".join(_grouped(_fts5(p), p) for p in node.parts) + ")"
    # and: the wanted parts, then each excluded one with FTS5's binary NOT
    wanted = [p for p in node.parts if not _is_not(p)]
    unwanted = [p.parts[0] for p in node.parts if isinstance(p, Node) and p.op == "not"]
    text_ = " AND ".join(_fts5(p) for p in wanted)
    if not unwanted:
        return text_
    return f"({text_})" + "".join(f" NOT ({_fts5(p)})" for p in unwanted)


def pg_tsquery(terms: Sequence[Term]) -> str:
    """The PostgreSQL ``tsquery`` text: quoted lexemes, ``<->`` for phrases, ``:*`` prefixes.

    >>> pg_tsquery([Term(("পুতিন",), True), Term(("o'neil", "b"), False)])
    "'পুতিন':* & ('o''neil' <-> 'b')"
    >>> pg_tsquery(parse_query("বৃষ্টি OR বন্যা -ঢাকা"))
    "('বৃষ্টি':* | ('বন্যা':* & !'ঢাকা':*))"
    """
    return _tsquery(_terms_node(terms))


def pg_any_tsquery(terms: Sequence[Term]) -> str:
    """The ``tsquery`` text matching any one of ``terms`` (a query's wanted terms).

    >>> pg_any_tsquery(parse_query("বৃষ্টি বন্যা -ঢাকা"))
    "('বৃষ্টি':* | 'বন্যা':*)"
    """
    if not terms:
        raise QueryError("nothing to search for: give at least one word")
    return _tsquery(terms[0] if len(terms) == 1 else Node("or", tuple(terms)))


def whole_words(terms: Sequence[Term]) -> Query:
    """``terms`` with every prefix term matched as a whole word only.

    Without a NOT, what this query matches the original matches too (a
    whole word starts with itself); an index finds it without expanding the
    prefixes, which costs little even for the commonest words.

    >>> pg_tsquery(whole_words(parse_query('(বৃষ্টি OR বন্যা) "ঢাকা শহর"')))
    "('বৃষ্টি' | 'বন্যা') & ('ঢাকা' <-> 'শহর')"
    """
    node = _whole(_terms_node(terms))
    return Query(node, tuple(_positive_terms(node)))


def _whole(node: Part) -> Part:
    if isinstance(node, Term):
        return Term(node.words, False)
    return Node(node.op, tuple(_whole(p) for p in node.parts))


def _grouped(text_: str, part: Part) -> str:
    """An AND inside an OR, in parentheses (clearer than relying on precedence)."""
    return f"({text_})" if isinstance(part, Node) and part.op == "and" else text_


def _tsquery(node: Part) -> str:
    if isinstance(node, Term):
        lexemes = ["'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in node.words]
        if node.prefix:
            return lexemes[0] + ":*"
        joined = " <-> ".join(lexemes)
        return f"({joined})" if len(lexemes) > 1 else joined
    if node.op == "not":
        return "!" + _tsquery(node.parts[0])
    if node.op == "or":
        return "(" + " | ".join(_grouped(_tsquery(p), p) for p in node.parts) + ")"
    inner = " & ".join(_tsquery(p) for p in node.parts)
    return inner


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


def find_term(lowered: str, terms: Sequence[Term]) -> re.Match[str] | None:
    """``term_pattern(terms).search(lowered)``, found several times faster.

    Trying the pattern's word-start checks at every position costs most of a
    search; a plain search for the words picks the positions to try it at. A
    find that follows a word character fails those checks, and so does any
    later find overlapping it (it follows one of its characters): skipping
    those loses nothing.

    >>> find_term("প্রেসিডেন্ট পুতিনের সফর", parse_query("পুতিন")).start()
    12
    """
    pattern = term_pattern(terms)
    starts = re.compile("|".join(re.escape(word) for term in terms for word in term.words))
    for candidate in starts.finditer(lowered):
        found = pattern.match(lowered, candidate.start())
        if found is not None:
            return found
    return None


def _first_match(text_: str, tokens: list[str], terms: Sequence[Term]) -> int | None:
    """The index of the first token that ``terms`` match, found by one regex search.

    Falls back to testing every token if the regex and the tokens ever disagree.
    """
    lowered = text_.lower()
    if len(lowered) == len(text_):  # positions in the lowered text are positions in text_
        found = find_term(lowered, terms)
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
