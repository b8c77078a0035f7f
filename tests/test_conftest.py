"""The shared fixtures: missing saved pages skip locally and fail where services are required."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import require_corpus


def test_missing_corpus_skips_locally(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSCRAWLER_REQUIRE_SERVICES", raising=False)
    with pytest.raises(pytest.skip.Exception, match="saved real pages not present"):
        require_corpus(tmp_path)


def test_missing_corpus_fails_when_services_are_required(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCRAWLER_REQUIRE_SERVICES", "1")
    with pytest.raises(pytest.fail.Exception, match="NEWSCRAWLER_REQUIRE_SERVICES=1"):
        require_corpus(tmp_path)


def test_a_corpus_folder_is_given_back(tmp_path: Path) -> None:
    (tmp_path / "expected.jsonl").write_text("{}\n", encoding="utf-8")
    assert require_corpus(tmp_path) == tmp_path
