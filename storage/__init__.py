"""The newscrawler archive: models, migrations, upsert, export and search.

``from storage import Archive`` is the entry point for notebooks; the CLI and
the pipelines use :mod:`storage.db` and :mod:`storage.repository`. ``Archive``
is imported on first use, so ``import storage.textform`` (the crawler's text
rule) loads no database code. ``storage`` never imports ``newscrawler``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.archive import Archive

__all__ = ["Archive"]


def __getattr__(name: str) -> Any:
    if name == "Archive":
        from storage.archive import Archive

        return Archive
    raise AttributeError(f"module 'storage' has no attribute {name!r}")
