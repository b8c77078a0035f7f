"""Spiders: the generic ``news`` spider, and site subclasses only when data is not enough."""
