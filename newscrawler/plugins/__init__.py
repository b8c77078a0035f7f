"""Scrapy plug-ins switched on in ``settings.py``: robots.txt sharing, the
canonical request fingerprinter, the log formatter and the resume extension.
"""
