"""The garbage collector around a crawl: state changed in the block, restored after it."""

from __future__ import annotations

import gc

import pytest

from newscrawler.crawling.heap import YOUNG_THRESHOLD, crawl_heap, no_collection


def test_no_collection_restores_the_collector_even_on_errors() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), no_collection():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()


def test_no_collection_decorates_a_function() -> None:
    @no_collection()
    def enabled_inside() -> bool:
        return gc.isenabled()

    assert enabled_inside() is False
    assert gc.isenabled()


def test_crawl_heap_freezes_what_exists_and_collects_young_objects_less_often() -> None:
    before = gc.get_threshold()
    with no_collection():
        with crawl_heap():
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
            assert gc.get_threshold() == (YOUNG_THRESHOLD, *before[1:])
        assert not gc.isenabled()  # as it was before the block
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
    assert gc.isenabled()
