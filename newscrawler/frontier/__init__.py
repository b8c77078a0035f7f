"""A shared crawl frontier in Redis: many ``newscrawler`` processes, on many machines,
join one crawl and write one archive.

Built on ``scrapy-redis`` (its scheduler, queue base class and request serialisation),
closing the gaps an archive cannot afford: popped requests are *leased*, not deleted
(:mod:`.queue`), per-site politeness is global (:mod:`.politeness`), robots.txt is fetched
once per site per crawl (:mod:`.robots`) and ``--max-articles`` is counted across workers
(:mod:`.middleware`). Switched on by ``FRONTIER_URL`` (``newscrawler crawl --frontier``);
:func:`.config.frontier_settings` lists every setting it turns on.
"""
