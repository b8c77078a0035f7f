"""Security defaults of the project settings (issue 11, items 13 and 14)."""

from __future__ import annotations

from scrapy.settings import Settings


def project() -> Settings:
    settings = Settings()
    settings.setmodule("newscrawler.settings", priority="project")
    return settings


def test_remote_control_and_telnet_are_off() -> None:
    """Scrapy's remote-control endpoint runs Python sent to it and leaves token files."""
    settings = project()
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False


def test_redirects_and_robots_go_through_our_middlewares() -> None:
    middlewares = project().getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares["scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"] is None
    assert "newscrawler.plugins.robots.RobotsTxtMiddleware" in middlewares
    # before robots.txt: a foreign origin's robots.txt is not even fetched
    assert (
        middlewares["newscrawler.plugins.redirects.OriginRedirectMiddleware"]
        < middlewares["newscrawler.plugins.robots.RobotsTxtMiddleware"]
    )
