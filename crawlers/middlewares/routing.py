"""Which site a request belongs to, and whether it must go through Tor."""
from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request

from crawlers.tor import is_onion_host


def request_site(request: Request) -> str:
    """The site key a spider put in ``meta["site"]``, else the URL's host name."""
    return str(request.meta.get("site") or urlsplit(request.url).hostname or "unknown")


def needs_tor(request: Request, all_traffic: bool) -> bool:
    """True for every .onion host, and for every request when all traffic goes through Tor."""
    return all_traffic or is_onion_host(urlsplit(request.url).hostname)
