"""Bengali full-text search on SQLite FTS5 and PostgreSQL: whole words, inflected forms,
both nukta spellings, phrases, ranking, snippets, and hostile queries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawler.text.normalise import normalise_chars
from storage.db import Database, open_archive
from storage.repository import ArticleFilter, QueryError, search, upsert_articles
from storage.search import (
    WORD_RE,
    Term,
    find_term,
    parse_query,
    searchable,
    snippet,
    term_pattern,
    whole_words,
)
from tests.conftest import pg_url
from tests.storage_support import FILLER, db, db_url, make_item, module_db_url

__all__ = ["db", "db_url", "module_db_url", "pg_url"]

YA_PRECOMPOSED = "রাশি\u09dfার"  # য় as one code point
DOCS = {
    "putin": ("প্রেসিডেন্ট পুতিনের সফর", "মস্কোতে পুতিন বললেন, যুদ্ধ চলবে।"),
    "russia": ("রাশিয়ার নির্বাচনে ভোট", f"{YA_PRECOMPOSED} মানুষ ভোট দিয়েছেন। নির্বাচনে উৎসাহ।"),
    "prices": ("চালের দাম বাড়ল", "বাজারে প্রেস বিজ্ঞপ্তি দিয়েছে সরকার। দাম বেড়েছে।"),
    "phrase": ("ঢাকায় বর্ষা", "ভারী বৃষ্টি হয়েছে ঢাকায়, জলাবদ্ধতা সৃষ্টি হয়েছে।"),
}


@pytest.fixture(scope="module")
def archive(module_db_url: str) -> Iterator[Database]:
    """The DOCS archive, shared by the read-only tests of this module."""
    database = open_archive(module_db_url)
    items = [
        make_item(n, canonical_url=f"https://a.com/{key}", title=t, body=b)
        for n, (key, (t, b)) in enumerate(DOCS.items())
    ]
    with database.session() as session:
        upsert_articles(session, items)
    yield database
    database.dispose()


def found(db: Database, query: str, **filters: object) -> list[str]:
    with db.read_session() as session:
        hits = search(session, query, ArticleFilter(**filters))  # type: ignore[arg-type]
    return [h.url.rsplit("/", 1)[1] for h in hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("পুতিন", ["putin"]),  # finds পুতিনের and পুতিন
        ("রাশিয়া", ["russia"]),  # finds রাশিয়ার
        ("নির্বাচন", ["russia"]),  # finds নির্বাচনে
        (YA_PRECOMPOSED, ["russia"]),  # the other spelling of য়
        ("প্রেসিডেন্ট", ["putin"]),
        ("প্রে", ["putin", "prices"]),  # a prefix of whole words only
        ("দাম", ["prices"]),
        ('"ভারী বৃষ্টি"', ["phrase"]),
        ('"বৃষ্টি ভারী"', []),  # a phrase keeps its order
        ("ঢাকায় জলাবদ্ধতা", ["phrase"]),  # all words required
        ("ক্", []),
        ("ভোট", ["russia"]),
    ],
)
def test_bengali_queries(archive: Database, query: str, expected: list[str]) -> None:
    assert sorted(found(archive, query)) == sorted(expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("বৃষ্টি OR পুতিন", ["phrase", "putin"]),  # either word
        ("বৃষ্টি | পুতিন", ["phrase", "putin"]),
        ("বৃষ্টি or পুতিন", []),  # lower-case "or" is a word, and required
        ("দাম -সরকার", []),  # NOT: prices mentions সরকার
        ("ভোট -দাম", ["russia"]),
        ("ভোট NOT দাম", ["russia"]),
        ("(বৃষ্টি OR দাম) -চালের", ["phrase"]),  # grouping
        ('"ভারী বৃষ্টি" OR ভোট', ["phrase", "russia"]),  # phrases keep their meaning
        ("রাশিয়া OR নেই", ["russia"]),  # both spellings of য় still meet
        ("প্রে AND দাম", ["prices"]),
    ],
)
def test_boolean_queries(archive: Database, query: str, expected: list[str]) -> None:
    assert sorted(found(archive, query)) == sorted(expected)


@pytest.mark.parametrize("query", ["-পুতিন", "NOT পুতিন", "পুতিন OR -দাম", "NOT (ক OR খ)"])
def test_only_exclusions_are_refused(archive: Database, query: str) -> None:
    with pytest.raises(QueryError, match="leave out"):
        found(archive, query)


def test_a_huge_query_is_one_short_error(archive: Database) -> None:
    with pytest.raises(QueryError, match="too long") as caught:
        found(archive, "বৃষ্টি " * 20_000)  # 140,000 characters
    assert len(str(caught.value)) < 100


def test_unrelated_words_do_not_match(archive: Database) -> None:
    # Single consonants of প্রেসিডেন্ট must not be indexed as words.
    for letter in ("প", "র", "স", "ট"):
        assert found(archive, letter) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"পুতিন', ["putin"]),  # an unbalanced quote runs to the end
        ("পুতিন*", ["putin"]),
        ("পুতিন -রাশিয়া", ["putin"]),
        ("পুতিন^", ["putin"]),
        ("(পুতিন)", ["putin"]),
        ("{পুতিন}:", ["putin"]),
        ("পুতিন AND", ["putin"]),  # a dangling operator is dropped
        ("পুতিন and", []),  # operators only in capitals: "and" is a word, required too
        ("NEAR(পুতিন, 2)", []),
        ("title:পুতিন OR", []),
    ],
)
def test_fts_syntax_characters_are_harmless(
    archive: Database, query: str, expected: list[str]
) -> None:
    assert found(archive, query) == expected


@pytest.mark.parametrize("query", ["", "   ", '""', "!!!", "(", '"', "*:^"])
def test_empty_queries_are_a_clear_error(archive: Database, query: str) -> None:
    with pytest.raises(QueryError, match="nothing to search"):
        found(archive, query)


def test_hits_are_ranked_and_highlighted(archive: Database) -> None:
    with archive.read_session() as session:
        hits = search(session, "বৃষ্টি", ArticleFilter())
    assert [h.url for h in hits] == ["https://a.com/phrase"]
    assert "[বৃষ্টি]" in hits[0].snippet
    assert hits[0].site == "example-news.com.bd"
    assert hits[0].published_at and hits[0].published_at.endswith("+06:00")
    with archive.read_session() as session:
        hits = search(session, "দাম", ArticleFilter())
        assert hits[0].score > 0
        ranked = search(session, "ভোট", ArticleFilter(site="nobody.com"))
    assert ranked == []


def test_title_match_outranks_body_match(db: Database) -> None:
    items = [
        make_item(1, canonical_url="https://a.com/body", title="অন্য খবর", body="বন্যা এলো। " * 3),
        make_item(2, canonical_url="https://a.com/title", title="বন্যা পরিস্থিতি", body="খবর"),
    ]
    with db.session() as session:
        upsert_articles(session, items)
    assert found(db, "বন্যা")[0] == "title"


def test_duplicates_are_hidden_unless_asked(db: Database) -> None:
    original = make_item(1, canonical_url="https://a.com/one", title="বন্যা")
    copy = make_item(
        2, canonical_url="https://b.com/one", title="বন্যা", duplicate_of="https://a.com/one"
    )
    with db.session() as session:
        upsert_articles(session, [original, copy])
    assert found(db, "বন্যা") == ["one"]
    assert len(found(db, "বন্যা", include_duplicates=True)) == 2


def test_a_revised_article_is_searched_by_its_new_text(db: Database) -> None:
    with db.session() as session:
        upsert_articles(session, [make_item(1, body="পুরনো লেখা")])
    with db.session() as session:
        upsert_articles(session, [make_item(1, body="নতুন লেখা")])
    assert found(db, "পুরনো") == []
    assert len(found(db, "নতুন")) == 1


def test_revisions_of_unnormalised_text_leave_no_stale_words(db: Database) -> None:
    # The index holds normalised text; removing a revised article's entry must name that.
    texts = [f"{YA_PRECOMPOSED} পুরনো", "মাঝের লেখা", "নতুন লেখা"]
    for body in texts:
        with db.session() as session:
            upsert_articles(session, [make_item(1, title=body, body=body)])
    assert found(db, "পুরনো") == found(db, "রাশিয়া") == found(db, "মাঝের") == []
    assert len(found(db, "নতুন")) == len(found(db, "লেখা")) == 1


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_parse_query_never_fails_unexpectedly(query: str) -> None:
    try:
        terms = parse_query(query)
    except QueryError:
        return
    assert terms and all(all(t.words) for t in terms)


BENGALI_AND_FRIENDS = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "Z", "Cf"),
) | st.sampled_from(
    ["\u09c7", "\u09be", "\u09d7", "\u09bc", "\u09cd", "\u09df", "\u200c", "\u200d"]
)


@settings(max_examples=300, deadline=None)
@given(
    st.text(BENGALI_AND_FRIENDS) | st.text(st.characters(min_codepoint=0x980, max_codepoint=0x9FF))
)
def test_searchable_equals_normalise_chars(text: str) -> None:
    assert searchable(text) == normalise_chars(text)


def test_rank_window_ranks_the_newest_matches(db: Database) -> None:
    items = [make_item(n, canonical_url=f"https://a.com/{n}", title="বন্যা") for n in range(4)]
    with db.session() as session:
        upsert_articles(session, items)
    with db.read_session() as session:
        everything = search(session, "বন্যা", ArticleFilter(), rank_window=None)
        newest = search(session, "বন্যা", ArticleFilter(), rank_window=2)
        wide = search(session, "বন্যা", ArticleFilter(), rank_window=10)
    assert len(everything) == len(wide) == 4
    urls = sorted(h.url for h in newest)
    if db.dialect == "sqlite":
        assert urls == ["https://a.com/2", "https://a.com/3"]
    else:  # PostgreSQL also ranks the best title matches (here: all four, equal)
        assert {"https://a.com/2", "https://a.com/3"} <= set(urls)


def first_match_by_scan(text: str, terms: list[Term]) -> int | None:
    """The reference: test every token's words against every term."""
    for i, token in enumerate(searchable(text).split()):
        for found in WORD_RE.findall(token.lower()):
            if any(
                found == w or (t.prefix and found.startswith(w)) for t in terms for w in t.words
            ):
                return i
    return None


SNIPPET_TEXT = st.text(st.sampled_from([*"কপুতিনের্ািয়\u09bc\u09df\u200c _-'.,()\n\tAaİΣ1"]))


@settings(max_examples=300, deadline=None)
@given(SNIPPET_TEXT, SNIPPET_TEXT.filter(lambda q: bool(WORD_RE.search(q))))
def test_snippet_centres_on_the_first_matching_word(text: str, query: str) -> None:
    try:
        terms = parse_query(query)
    except QueryError:
        return
    first = first_match_by_scan(text, terms)
    shown = snippet(text, terms, width=4)
    if first is None:
        assert shown is None
        return
    tokens = searchable(text).split()
    assert shown is not None
    assert shown.removeprefix("… ").split()[min(first, 1)].startswith("[")
    assert shown.startswith("… ") == (first > 1) and tokens[first] in shown


@settings(max_examples=500, deadline=None)
@given(SNIPPET_TEXT, SNIPPET_TEXT.filter(lambda q: bool(WORD_RE.search(q))))
def test_find_term_finds_what_the_pattern_finds(text: str, query: str) -> None:
    try:
        terms = parse_query(query)
    except QueryError:
        return
    lowered = text.lower()
    found, expected = find_term(lowered, terms), term_pattern(terms).search(lowered)
    assert (found and found.span()) == (expected and expected.span())


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    database = open_archive(pg_url)
    yield database
    database.dispose()


def _stored(db: Database, items: list[dict[str, object]]) -> None:
    with db.session() as session:
        upsert_articles(session, items)


# Title matches of বন্যা whose bodies hold 0-4 other forms of it (more forms rank higher)
# after 30 other words, and body-only matches: more matches than PG_RANK_ALL once the
# test lowers it.
FORMS = ["বন্যার", "বন্যায়", "বন্যাকে", "বন্যাতে"]


def flood_items() -> list[dict[str, object]]:
    items = [
        make_item(
            n,
            canonical_url=f"https://a.com/t{n}",
            title=f"বন্যা খবর {n}",
            body=" ".join(FILLER + FORMS[: n % 5]),
        )
        for n in range(10)
    ]
    items += [
        make_item(10 + n, canonical_url=f"https://a.com/b{n}", title="খবর", body="বন্যার কথা")
        for n in range(6)
    ]
    return items


def test_few_matches_are_all_ranked(db: Database) -> None:
    _stored(db, flood_items())
    with db.read_session() as session:
        exact = search(session, "বন্যা", ArticleFilter(), limit=50, rank_window=None)
        ranked = search(session, "বন্যা", ArticleFilter(), limit=50)
    assert len(exact) == 16
    assert ranked == exact


@pytest.mark.postgres
def test_many_matches_rank_the_best_title_matches_as_every_match(
    pg_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage import ranking

    monkeypatch.setattr(ranking, "PG_RANK_ALL", 3)
    monkeypatch.setattr(ranking, "PG_RERANK", 4)
    _stored(pg_db, flood_items())
    with pg_db.read_session() as session:
        exact = search(session, "বন্যা", ArticleFilter(), limit=4, rank_window=None)
        ranked = search(session, "বন্যা", ArticleFilter(), limit=4)
        rare = search(session, "প্রেসিডেন্ট", ArticleFilter(), limit=4)
        topped_up = search(session, "বন্যা", ArticleFilter(), limit=14)
        combined = {
            query: (
                search(session, query, ArticleFilter(), limit=5),
                search(session, query, ArticleFilter(), limit=100, rank_window=None),
            )
            for query in ("বন্যার OR খবর", "বন্যা -বন্যাতে", "খবর বন্যাকে")
        }
    assert ranked == exact
    assert len(topped_up) == 14  # 10 title matches, then body-only matches
    for hits, every in combined.values():  # OR, NOT, AND: only matches, as many as asked
        assert len(hits) == min(5, len(every))
        assert {h.url for h in hits} <= {h.url for h in every}
    assert {h.url for h in exact} == {f"https://a.com/t{n}" for n in (4, 9, 3, 8)}
    assert rare == []


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["বন্যা", "বন্", "খবর", '"বন্যা খবর"', "বন্যা খবর"])
def test_rank_vector_ranks_a_title_match_as_the_document(pg_db: Database, query: str) -> None:
    from sqlalchemy import text

    from storage.search import pg_tsquery

    _stored(pg_db, flood_items())
    sql = text(
        "SELECT ts_rank(rank_document, CAST(:q AS tsquery)) AS cheap, "
        "ts_rank(document, CAST(:q AS tsquery)) AS exact, "
        "length(rank_document) < length(document) AS smaller FROM articles_fts "
        "WHERE title_document @@ CAST(:q AS tsquery)"
    )
    with pg_db.read_session() as session:
        rows = session.execute(sql, {"q": pg_tsquery(parse_query(query))}).all()
    assert all(r.cheap == pytest.approx(r.exact) for r in rows)
    assert any(r.smaller for r in rows)


def _looks_for_others(statement: str) -> bool:
    """Whether a statement looks for matches among all documents (the query, not whole words)."""
    return statement.startswith("SELECT articles_fts.article_id \nFROM") and (
        "articles_fts.document @@" in statement and "count(" not in statement
    )


def deep_items(forms: tuple[str, str]) -> list[dict[str, object]]:
    """Two articles with বন্যা খবর in the title, five with ``forms`` only after 30 words."""
    items = [
        make_item(n, canonical_url=f"https://a.com/t{n}", title="বন্যা খবর", body="আজ")
        for n in range(2)
    ]
    items += [
        make_item(
            2 + n,
            canonical_url=f"https://a.com/d{n}",
            title="অন্য",
            body=" ".join([*FILLER, *forms]),
        )
        for n in range(5)
    ]
    return items


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["বন্যা খবর", "বন্যা"])
@pytest.mark.parametrize(("forms", "window"), [(("বন্যা", "খবর"), True), (("বন্যার", "খবরের"), False)])
def test_candidates_are_ranked_alone_when_many_surely_match(
    pg_db: Database,
    monkeypatch: pytest.MonkeyPatch,
    query: str,
    forms: tuple[str, str],
    window: bool,
) -> None:
    """Whole-word matches prove many match: the candidates (the two title matches here,
    by the ranking vector for several words, by the title for one) are ranked alone."""
    from sqlalchemy import event

    from storage import ranking

    monkeypatch.setattr(ranking, "PG_RANK_ALL", 3)
    _stored(pg_db, deep_items(forms))
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    with pg_db.read_session() as session:
        exact = search(session, query, ArticleFilter(), limit=2, rank_window=None)
        event.listen(session.get_bind(), "before_cursor_execute", record)
        ranked = search(session, query, ArticleFilter(), limit=2)
        event.remove(session.get_bind(), "before_cursor_execute", record)
        filled = search(session, query, ArticleFilter(), limit=10)
    assert ranked == exact
    assert {h.url for h in ranked} == {"https://a.com/t0", "https://a.com/t1"}
    assert len(filled) == 7  # too few candidates for the page: the other matches fill it
    # Only when few match are the other matches looked for (the whole document's index).
    assert any(_looks_for_others(s) for s in statements) != window
    # With a filter, whole-word matches are not counted: only candidates show many match.
    statements.clear()
    site = ArticleFilter(site="example-news.com.bd")
    with pg_db.read_session() as session:
        exact = search(session, query, site, limit=2, rank_window=None)
        event.listen(session.get_bind(), "before_cursor_execute", record)
        assert search(session, query, site, limit=2) == exact
        event.remove(session.get_bind(), "before_cursor_execute", record)
    assert any(_looks_for_others(s) for s in statements)
    assert whole_words(parse_query("বন্যা খবর")) == parse_query('"বন্যা" "খবর"')
