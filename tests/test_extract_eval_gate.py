"""Evaluation gate: field-by-field extraction accuracy on the saved real pages, pinned.

Scores every article page of ``../shared/corpus`` with ``bench/extract_eval.py``'s
scorer (the corpus README's comparison rules) and fails when any field falls
below its floor. Raise a floor when the extractor improves; never lower one to
let a change through. Skips when the corpus is absent, except under
``NEWSCRAWLER_REQUIRE_SERVICES=1`` (CI), where a missing corpus fails.
"""

from __future__ import annotations

import os

import pytest

from bench.extract_eval import CORPUS, FIELDS, load_pages, newscrawler_fields, score

# Hits out of the corpus's 6 article pages, per field (all of them today).
FLOORS = {
    "title": 6,
    "first_paragraph": 6,
    "last_paragraph": 6,
    "authors": 6,
    "published": 6,
    "updated": 6,
    "section": 6,
    "tags": 6,
    "url": 6,
}


@pytest.fixture(scope="module")
def scored() -> dict[str, int]:
    pages = load_pages(CORPUS)
    if not pages:
        message = f"saved real pages not present at {CORPUS}"
        if os.environ.get("NEWSCRAWLER_REQUIRE_SERVICES") == "1":
            pytest.fail(message + " (NEWSCRAWLER_REQUIRE_SERVICES=1)")
        pytest.skip(message)
    assert len(pages) == 6, "the corpus changed: re-pin the floors"
    result = score(newscrawler_fields, pages)
    print("\n".join(result.misses))
    return result.hits


def test_every_field_has_a_floor() -> None:
    assert set(FLOORS) == set(FIELDS)


@pytest.mark.parametrize("field", FIELDS)
def test_field_accuracy_holds_its_floor(scored: dict[str, int], field: str) -> None:
    assert scored[field] >= FLOORS[field], f"{field}: {scored[field]} hits, floor {FLOORS[field]}"
