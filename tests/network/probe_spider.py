"""A test spider that fetches the URLs it is given and yields one item per page (or one
``{"url", "error"}`` dict per failed request). Enabled in test crawls with
``-s SPIDER_MODULES=crawlers.spiders,tests.network.probe_spider``."""
from __future__ import annotations

import scrapy

from crawlers.items import ListingItem


class NetworkProbeSpider(scrapy.Spider):
    name = "network_probe"

    def __init__(self, urls: str = "", site: str | None = None, playwright: str = "",
                 method: str = "GET", *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.urls = [url for url in urls.split(",") if url]
        self.site = site
        self.playwright = playwright.lower() in ("1", "true", "yes")
        self.method = method

    async def start(self):
        for url in self.urls:
            meta = {"playwright": self.playwright} if self.playwright else {}
            if self.site:
                meta["site"] = self.site
            yield scrapy.Request(url, method=self.method, meta=meta, callback=self.parse,
                                 errback=self.failed, dont_filter=True)

    def parse(self, response):
        yield ListingItem(
            site=self.site, url=response.url,
            title=response.css("title::text").get(),
            body=" ".join(text.strip() for text in response.xpath("//body//text()[not(ancestor::script)]").getall()
                          if text.strip()),
            encoding=response.encoding,
        )

    def failed(self, failure):
        yield {"url": failure.request.url, "error": f"{failure.type.__name__}: {failure.value}"}
