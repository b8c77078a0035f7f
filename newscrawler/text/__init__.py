"""Pure text functions: ``str`` in, values out. No Scrapy, no SQLAlchemy."""
