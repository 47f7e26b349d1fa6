"""A test spider that fetches the URLs it is given and yields one item per page (or one
``{"url", "error"}`` dict per failed request). Enabled in test crawls with
``-s SPIDER_MODULES=crawlers.spiders,tests.network.probe_spider``.

``sites`` gives each URL its own site key (comma-separated, in the order of ``urls``);
``report_processes`` adds to each item the command lines of the crawl's child processes at
the time its page was parsed (Linux /proc)."""
from __future__ import annotations

import os
from pathlib import Path

import scrapy

from crawlers.items import ListingItem


class NetworkProbeSpider(scrapy.Spider):
    name = "network_probe"

    def __init__(self, urls: str = "", site: str | None = None, playwright: str = "",
                 method: str = "GET", sites: str = "", report_processes: str = "", allowed_origins: str = "",
                 *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.urls = self.start_urls = [url for url in urls.split(",") if url]
        self.allowed_origins = [origin for origin in allowed_origins.split(",") if origin]
        self.site = site
        self.sites = [key for key in sites.split(",") if key]
        self.playwright = playwright.lower() in ("1", "true", "yes")
        self.method = method
        self.report_processes = report_processes.lower() in ("1", "true", "yes")

    async def start(self):
        for index, url in enumerate(self.urls):
            meta = {"playwright": True, "leakscout_screenshot": True} if self.playwright else {}
            site = self.sites[index] if self.sites else self.site
            if site:
                meta["site"] = site
            yield scrapy.Request(url, method=self.method, meta=meta, callback=self.parse,
                                 errback=self.failed, dont_filter=True)

    def parse(self, response):
        if self.report_processes:
            yield {"url": response.url, "child_processes": child_process_commands(os.getpid())}
        yield ListingItem(
            site=response.meta.get("site"), url=response.url,
            title=response.css("title::text").get(),
            body=" ".join(text.strip() for text in response.xpath("//body//text()[not(ancestor::script)]").getall()
                          if text.strip()),
            encoding=response.encoding,
        )

    def failed(self, failure):
        yield {"url": failure.request.url, "error": f"{failure.type.__name__}: {failure.value}"}


def child_process_commands(pid: int) -> list[str]:
    """Command lines of every descendant of ``pid``, read from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    commands, pending = [], list(children.get(pid, []))
    while pending:
        child = pending.pop()
        pending += children.get(child, [])
        try:
            commands.append(Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    return commands
