"""The long-running crawl scheduler behind ``newscrawler schedule``.

:mod:`~newscrawler.schedule.config` reads the TOML file,
:mod:`~newscrawler.schedule.plan` decides when each site is due (the
missed-run policy), :mod:`~newscrawler.schedule.scheduler` runs each crawl in
its own subprocess under a per-site database lock (:mod:`storage.locks`).
"""
