"""``newscrawler serve``: a read-only web page over the archive for researchers.

``app`` (routes), ``views`` (what each page shows), ``params`` (the URL
parameters), ``i18n`` (Bengali and English labels), ``chart`` (SVG), ``diff``
(revisions), ``auth`` (the optional token). Queries live in :mod:`storage.browse`.
"""
