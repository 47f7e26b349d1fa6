"""Tor requests: valid v3 onion addresses only, long timeouts, more retries, one download slot
per site. The routing itself (proxy, fail closed) is the download handler's."""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from crawlers.middlewares.routing import needs_tor, request_site
from crawlers.tor import OnionAddressError, is_onion_host, validate_onion_host

logger = logging.getLogger(__name__)


class TorRequestMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.all_traffic = settings.getbool("LEAKSCOUT_TOR_ALL_TRAFFIC")
        self.timeout = settings.getfloat("LEAKSCOUT_TOR_DOWNLOAD_TIMEOUT")
        self.retry_times = settings.getint("LEAKSCOUT_TOR_RETRY_TIMES")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request):
        host = urlsplit(request.url).hostname
        if is_onion_host(host):
            try:
                validate_onion_host(host)
            except OnionAddressError as exc:
                self.crawler.stats.inc_value("leakscout/tor/invalid_onion")
                logger.warning("Refusing %s: %s", request.url, exc)
                raise IgnoreRequest(str(exc)) from exc
        if not needs_tor(request, self.all_traffic):
            return None
        self.crawler.stats.inc_value("leakscout/tor/requests")
        request.meta.setdefault("download_timeout", self.timeout)
        request.meta.setdefault("max_retry_times", self.retry_times)
        # Per-site slot: DOWNLOAD_SLOTS may give a site key its own concurrency and delay.
        request.meta.setdefault("download_slot", request_site(request))
        return None
