"""Imported sessions (``leakscout session import SITE FILE``) for plain HTTP requests.

A session is looked up by the request's site key (``meta["site"]``, else its host name). Its
cookies seed Scrapy's cookie jar with the first request to that site; the jar then sends them
only to the domains they belong to. Browser requests get the whole state from the browser
middleware.
"""
from __future__ import annotations

import logging

from scrapy import Request

from crawlers.middlewares.routing import request_site
from crawlers.config import app_settings
from crawlers.sessions import load_session

logger = logging.getLogger(__name__)


class SessionCookiesMiddleware:
    """Must run before Scrapy's CookiesMiddleware (700)."""

    def __init__(self, crawler):
        self.stats = crawler.stats
        self.home = app_settings(crawler.settings).home
        self._seeded: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request):
        if request.meta.get("playwright"):
            return None
        site = request_site(request)
        if site in self._seeded:
            return None
        self._seeded.add(site)
        state = load_session(self.home, site)
        if not state or not state.get("cookies"):
            return None
        cookies = [{"name": c["name"], "value": c["value"], "domain": c["domain"], "path": c.get("path", "/"),
                    "secure": c.get("secure", False)} for c in state["cookies"]]
        request.cookies = cookies if not request.cookies else [*cookies, *_as_list(request.cookies)]
        self.stats.inc_value("leakscout/sessions/used")
        logger.info("Using the imported session for site %s (%d cookies)", site, len(cookies))
        return None


def _as_list(cookies) -> list[dict]:
    if isinstance(cookies, dict):
        return [{"name": name, "value": value} for name, value in cookies.items()]
    return list(cookies)
