"""The app's settings inside a crawl: loaded once, carried in Scrapy's settings.

`leakscout crawl` (and the demo) put the Settings they run with into the Scrapy setting
LEAKSCOUT_SETTINGS; for `scrapy crawl` and scrapyd the add-on below loads them once from the
environment and the config file. Components read them with `app_settings(crawler.settings)`.
"""
from __future__ import annotations

from leakscout.core.config import Settings, load_settings

SETTING = "LEAKSCOUT_SETTINGS"


class Carried:
    """Settings as a Scrapy setting value; its repr keeps them out of Scrapy's "Overridden settings" log line."""

    __slots__ = ("settings",)

    def __init__(self, settings: Settings):
        self.settings = settings

    def __repr__(self) -> str:
        return "<leakscout settings>"


class LeakscoutSettingsAddon:
    """Scrapy add-on (ADDONS): fills LEAKSCOUT_SETTINGS once, before the crawl's settings freeze."""

    def update_settings(self, settings) -> None:
        if settings.get(SETTING) is None:
            settings.set(SETTING, Carried(load_settings()), priority="addon")


def app_settings(scrapy_settings) -> Settings:
    """The crawl's app settings; a component built outside a configured crawl (a test) loads them."""
    value = scrapy_settings.get(SETTING) if scrapy_settings is not None else None
    return value.settings if isinstance(value, Carried) else load_settings()
