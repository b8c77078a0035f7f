"""The bundled sample site: original synthetic Bengali news in four real-world templates.

>>> from newscrawler.samplesite import SampleSite, serve
>>> with serve(SampleSite(count=8)) as running:
...     len(running.site.expected_articles(running.url))
8

See ``docs/samplesite.md`` for its addresses, traps and expected values.
"""

from __future__ import annotations

from newscrawler.samplesite.server import RunningSite, serve, start
from newscrawler.samplesite.site import SampleSite

__all__ = ["RunningSite", "SampleSite", "serve", "start"]
