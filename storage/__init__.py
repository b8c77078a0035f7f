"""The newscrawler archive: models, migrations, upsert, export and search.

``from storage import Archive`` is the entry point for notebooks; the CLI and
the pipelines use :mod:`storage.db` and :mod:`storage.repository`.
"""

from __future__ import annotations

from storage.archive import Archive

__all__ = ["Archive"]
