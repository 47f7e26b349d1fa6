"""Running one Scrapy crawl in this process with the project's settings."""
from __future__ import annotations

import os
import tempfile

from leakscout.core.config import Settings, load_settings
from leakscout.core.errors import BadInput
from leakscout.storage.resume import Job, job_name

SETTINGS_MODULE = "crawlers.settings"


def project_settings(overrides: dict | None = None):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def needs_search(settings) -> bool:
    return any("IndexPipeline" in str(path) for path, order in settings.getdict("ITEM_PIPELINES").items()
               if order is not None)


def run_crawl(spider: str, spider_args: dict | None = None, overrides: dict | None = None,
              resume: bool = False, app: Settings | None = None) -> dict:
    """Crawl once (also while the search cluster is down: listings are spooled).

    resume: keep the crawl's state in a job directory and hold the job's lock (leakscout.storage.resume).
    app: the app settings the crawl runs with (default: loaded from the environment and config file);
    its components read them from the Scrapy setting LEAKSCOUT_SETTINGS (crawlers/config.py)."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiderloader import SpiderLoader

    from crawlers.config import SETTING, Carried

    app = app or load_settings()
    settings = project_settings(overrides)
    settings.set(SETTING, Carried(app), priority="cmdline")
    if spider not in SpiderLoader.from_settings(settings).list():
        raise BadInput(f"no spider named {spider!r}; known: {', '.join(SpiderLoader.from_settings(settings).list())}")
    # A spider may check its arguments up front (a site config's file and line) and raise BadInput.
    check_arguments = getattr(SpiderLoader.from_settings(settings).load(spider), "check_arguments", None)
    if check_arguments is not None:
        check_arguments(dict(spider_args or {}))
    # No check of the search cluster: a crawl goes on while it is down, its listings spooled
    # (pipelines/index.py); a listing that is gone tomorrow is not lost.
    from crawlers.redis_frontier import connect, uses_shared_frontier

    if uses_shared_frontier(settings):
        connect(app).close()   # raises with one line if Redis is not configured or not reachable
    if not resume:
        if settings.get("JOBDIR"):
            return _crawl(CrawlerProcess(settings), spider, spider_args)
        # The frontier goes to disk in a throw-away job directory: in memory, 100,000 queued
        # requests cost about 200 MB.
        with tempfile.TemporaryDirectory(prefix="leakscout-frontier-") as frontier:
            settings.set("JOBDIR", frontier, priority="cmdline")
            return _crawl(CrawlerProcess(settings), spider, spider_args)
    job = Job(job_name(spider, spider_args), app.home)
    with job.lock():
        started_at = job.prepare()
        settings.set("JOBDIR", str(job.directory), priority="cmdline")
        settings.set("LEAKSCOUT_CRAWL_STARTED_AT", started_at, priority="cmdline")
        stats = _crawl(CrawlerProcess(settings), spider, spider_args)
        job.finish(stats.get("finish_reason"))
    return stats


def crawl_problem(stats: dict, stores_listings: bool) -> str | None:
    """Why a finished crawl failed, in one line: none of its requests got a page (a download error
    or an HTTP error status each), or it saw listings and stored none of them (neither indexed nor
    spooled). None for a crawl that did its work."""
    requests = stats.get("downloader/request_count", 0)
    statuses = {key.rsplit("/", 1)[-1]: count for key, count in stats.items()
                if key.startswith("downloader/response_status_count/")}
    if requests and not any(count for status, count in statuses.items() if status[:1] in ("2", "3")):
        failures = [(count, key.rsplit("/", 1)[-1].rsplit(".", 1)[-1]) for key, count in stats.items()
                    if key.startswith("downloader/exception_type_count/")]
        failures += [(count, f"HTTP {status}") for status, count in statuses.items()]
        why = f" (mostly {max(failures)[1]})" if failures else ""
        return f"crawl failed: none of its {requests} request(s) got a page{why}"
    seen = stats.get("item_scraped_count", 0) + stats.get("item_dropped_count", 0)
    stored = stats.get("leakscout/indexed", 0) + stats.get("leakscout/spooled", 0)
    if stores_listings and seen and not stored:
        return f"crawl failed: it saw {seen} listing(s) and stored none (neither indexed nor spooled); see its log"
    return None


def _crawl(process, spider: str, spider_args: dict | None) -> dict:
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **(spider_args or {}))
    process.start()
    return dict(crawler.stats.get_stats()) if crawler.stats else {}
