"""Scrapy settings for leakscout's crawlers. LEAKSCOUT_* environment variables configure the rest."""

BOT_NAME = "leakscout"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# Underground markets publish no robots.txt worth obeying, and loopback demo sites have none.
ROBOTSTXT_OBEY = False
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024      # listing pages are text: nothing bigger is fetched
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 3
DEPTH_LIMIT = 20
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

ITEM_PIPELINES = {
    "pipelines.normalize.NormalizePipeline": 100,
    "pipelines.extract.ExtractPipeline": 200,
    "pipelines.index.IndexPipeline": 900,
}
LEAKSCOUT_BULK_SIZE = 200

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
