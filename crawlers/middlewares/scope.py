"""Where a crawl may go: its sites' origins, and public addresses only.

An origin is (scheme, host, port), default ports filled in. A crawl's origins are those of its
start URLs, plus the ``allowed_domains`` hosts on the start URLs' schemes and ports, plus the
``allowed_origins`` a site config lists (``http://host:port``). Every request — a link, a
redirect (3xx), a meta refresh, a retry — passes ``ScopeMiddleware`` on its way to the
downloader; one to any other origin, or with another scheme, is refused. Rendered pages use
the same scope for every sub-request (``crawlers/middlewares/browser.py``).

Addresses are checked after resolution, where Scrapy resolves: ``PublicAddressResolver`` (the
``DNS_RESOLVER``) refuses a name whose answer is loopback, private, link-local, CGNAT
(100.64/10), a cloud metadata address or any other non-public range; ``ScopeMiddleware``
applies the same rule to URLs that name an address. A site config allows such addresses with
``allow_private_addresses: true`` (the demo sites on loopback do); spiders without a config
with the ``LEAKSCOUT_ALLOW_PRIVATE_ADDRESSES`` setting. ``.onion`` names never reach a
resolver: they go to Tor by name (``crawlers/middlewares/download_handler.py``).

Refused requests are counted (``leakscout/scope/refused/<reason>``) and logged once per host.
"""
from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

logger = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}
Origin = tuple[str, str, int]

_METADATA = (ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"))
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


def url_origin(url: str) -> Origin | None:
    """(scheme, host, port) of an http(s) URL; None for anything else or a bad port."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        return None
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower().rstrip("."), port or DEFAULT_PORTS[scheme]


def format_origin(origin: Origin) -> str:
    scheme, host, port = origin
    return f"{scheme}://{f'[{host}]' if ':' in host else host}:{port}"


def address_refusal(address: str) -> str | None:
    """Why an address may not be fetched by default ("loopback", "private", …), or None."""
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return None   # a name, not an address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in _METADATA:
        return "metadata"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link_local"
    if ip in _CGNAT:
        return "cgnat"
    if ip.is_private:
        return "private"
    if not ip.is_global or ip.is_multicast:
        return "non_public"
    return None


@dataclass(frozen=True)
class CrawlScope:
    origins: frozenset[Origin]
    allow_private_addresses: bool = False

    def allows(self, url: str) -> bool:
        return url_origin(url) in self.origins


def crawl_scope(spider, settings) -> CrawlScope:
    """The spider's scope, built once: start URLs, allowed_domains, ``allowed_origins``."""
    scope = getattr(spider, "_leakscout_scope", None)
    if scope is None:
        starts = {origin for origin in map(url_origin, getattr(spider, "start_urls", ()) or ()) if origin}
        origins = set(starts)
        for host in getattr(spider, "allowed_domains", None) or ():
            origins |= {(scheme, host.lower(), port) for scheme, _host, port in starts}
        origins |= {origin for origin in map(url_origin, getattr(spider, "allowed_origins", ()) or ()) if origin}
        allow_private = (bool(getattr(spider, "allow_private_addresses", False))
                         or settings.getbool("LEAKSCOUT_ALLOW_PRIVATE_ADDRESSES"))
        scope = CrawlScope(frozenset(origins), allow_private)
        spider._leakscout_scope = scope
    return scope


class RefusalLog:
    """Counts refusals and logs the first one per (reason, host)."""

    def __init__(self, stats, what: str):
        self.stats = stats
        self.what = what
        self._logged: set[tuple[str, str]] = set()

    def refuse(self, reason: str, url: str, detail: str = "") -> None:
        self.stats.inc_value(f"{self.what}/{reason}")
        host = urlsplit(url).hostname or url[:100]
        if (reason, host) not in self._logged:
            self._logged.add((reason, host))
            logger.warning("Refusing %s (%s%s); further refusals for this host are only counted (%s/%s)",
                           url[:200], reason, f": {detail}" if detail else "", self.what, reason)


class ScopeMiddleware:
    """Downloader middleware: requests stay on the crawl's origins and public addresses.

    Its place (560, after RetryMiddleware's 550) puts its process_exception before the retry's:
    a connection that failed because the resolver refused the address is not retried."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.refusals = RefusalLog(crawler.stats, "leakscout/scope/refused")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request, spider=None):
        scope = crawl_scope(spider or self.crawler.spider, self.crawler.settings)
        if not scope.allows(request.url):
            self.refusals.refuse("offsite", request.url, "not one of the site's origins "
                                 + ", ".join(sorted(map(format_origin, scope.origins))[:5]))
            raise IgnoreRequest(f"outside the crawl's origins: {request.url[:200]}")
        reason = address_refusal(urlsplit(request.url).hostname or "")
        if reason and not scope.allow_private_addresses:
            self.refusals.refuse(reason, request.url, "address not allowed by the site config")
            raise IgnoreRequest(f"{reason} address: {request.url[:200]}")
        return None

    def process_exception(self, request: Request, exception: Exception, spider=None):
        from twisted.internet import reactor

        host = urlsplit(request.url).hostname
        if host and host in getattr(getattr(reactor, "resolver", None), "refused_names", ()):
            raise IgnoreRequest(f"{host} resolves to an address the crawl may not fetch")
        return None


class AddressRefused(DNSLookupError):
    """A name resolved to an address the crawl may not fetch. A lookup error to Twisted (which
    then fails the connection quietly); ``ScopeMiddleware`` turns it into IgnoreRequest."""


class PublicAddressResolver(CachingThreadedResolver):
    """Scrapy's resolver, refusing answers that are not public addresses (unless allowed).

    Scrapy builds it from the crawler process, before any spider exists: at lookup time it asks
    the process's running crawls, and allows a non-public answer only if every one of them does."""

    owner = None   # the CrawlerProcess (or Crawler) it was built from

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        resolver.owner = crawler
        resolver._refusals = {}
        resolver.refused_names = set()
        return resolver

    def getHostByName(self, name: str, timeout=()):
        return super().getHostByName(name, timeout).addCallback(self._checked, name)

    def _checked(self, address: str, name: str) -> str:
        reason = address_refusal(address)
        crawlers = self._crawlers()
        if reason and not (crawlers and all(
                crawl_scope(crawler.spider, crawler.settings).allow_private_addresses for crawler in crawlers)):
            for crawler in crawlers:
                refusals = self._refusals.setdefault(id(crawler), RefusalLog(crawler.stats, "leakscout/scope/refused"))
                refusals.refuse(f"resolved_{reason}", f"http://{name}/", f"{name} resolves to {address}")
            self.refused_names.add(name)
            raise AddressRefused(f"{name} resolves to a {reason.replace('_', '-')} address, refused")
        return address

    def _crawlers(self) -> list:
        owner = self.owner
        crawlers = list(getattr(owner, "crawlers", None) or ([owner] if owner is not None else []))
        return [crawler for crawler in crawlers if getattr(crawler, "spider", None) is not None]
