"""The newscrawler archive: models, migrations, upsert, export and search."""

from __future__ import annotations
