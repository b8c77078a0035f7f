"""Per-site extraction health: figures counted during each crawl, a verdict against
the site's own history, and alerts (the ``HEALTH_*`` settings).

``tally`` (the Scrapy extension that counts, into the crawl's stats),
``figures`` (stats of one run -> per-site figures), ``verdict`` (figures vs a
trailing baseline -> ok/warn/fail with reasons), ``report`` (table, JSON and
Prometheus output). Everything but ``tally`` is pure.
"""
