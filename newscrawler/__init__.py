"""newscrawler: research archives of Bengali (Bangla) news."""

__version__ = "0.1.0"
