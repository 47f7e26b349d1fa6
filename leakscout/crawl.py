"""Running one Scrapy crawl in this process with the project's settings."""
from __future__ import annotations

import os

from leakscout.config import load_settings
from leakscout.errors import BadInput
from leakscout.search import open_store

SETTINGS_MODULE = "crawlers.settings"


def project_settings(overrides: dict | None = None):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def needs_search(settings) -> bool:
    return any("pipelines.index" in str(path) for path, order in settings.getdict("ITEM_PIPELINES").items()
               if order is not None)


def run_crawl(spider: str, spider_args: dict | None = None, overrides: dict | None = None) -> dict:
    """Crawl once; fail fast with a one-line error if the search cluster cannot be reached."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiderloader import SpiderLoader

    settings = project_settings(overrides)
    if spider not in SpiderLoader.from_settings(settings).list():
        raise BadInput(f"no spider named {spider!r}; known: {', '.join(SpiderLoader.from_settings(settings).list())}")
    if needs_search(settings):
        open_store(load_settings(), timeout=10).close()  # raises SearchUnavailable before any page is fetched
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **(spider_args or {}))
    process.start()
    return dict(crawler.stats.get_stats()) if crawler.stats else {}
