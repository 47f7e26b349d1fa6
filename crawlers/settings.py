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
# Scrapy starts this many asyncio tasks for the output of every response. A listing page yields one
# item and an index page a few dozen requests: 100 (the default) costs more than it brings.
CONCURRENT_ITEMS = 16
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
    "crawlers.item_pipelines.NormalizePipeline": 100,
    "crawlers.item_pipelines.ExtractPipeline": 200,
    "crawlers.item_pipelines.IndexPipeline": 900,
}
LEAKSCOUT_BULK_SIZE = 200
# Extraction and masking run in this many worker processes (0: in the crawl process).
LEAKSCOUT_EXTRACT_WORKERS = 1
LEAKSCOUT_EXTRACT_BATCH_SECONDS = 0.05    # listings wait this long at most to go to the worker together
LEAKSCOUT_EXTRACT_BUDGET_SECONDS = 20.0   # per listing; over it, kept with extraction_incomplete: "time budget"

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
# Item log lines name the URL only: a dropped or failed item may still hold unmasked samples.
LOG_FORMATTER = "crawlers.logformatter.MaskedLogFormatter"

# --- Network layer (crawlers/middlewares/): Tor, JavaScript pages, sessions, safety --------
import os  # noqa: E402

# Every http(s) request goes through one handler: Tor for .onion (fails closed, never direct),
# Chromium for meta["playwright"], Scrapy's own handler otherwise.
DOWNLOAD_HANDLERS = {
    "http": "crawlers.middlewares.download_handler.LeakscoutDownloadHandler",
    "https": "crawlers.middlewares.download_handler.LeakscoutDownloadHandler",
}
DOWNLOADER_MIDDLEWARES = {
    "crawlers.middlewares.traps.CrawlerTrapMiddleware": 50,
    "crawlers.middlewares.read_only.ReadOnlyMiddleware": 60,      # responses: after redirects (600)
    "crawlers.middlewares.tor.TorRequestMiddleware": 70,
    "crawlers.middlewares.browser.BrowserPageMiddleware": 80,
    "crawlers.middlewares.scope.ScopeMiddleware": 560,   # origins and addresses; exceptions: before retries (550)
    "crawlers.middlewares.attention.AttentionMiddleware": 580,    # responses: after decoding below
    "crawlers.middlewares.encoding.EncodingMiddleware": 585,      # responses: after decompression (590)
    "crawlers.middlewares.sessions.SessionCookiesMiddleware": 690,  # before CookiesMiddleware (700)
}
SPIDER_MIDDLEWARES = {
    "crawlers.middlewares.browser.ScreenshotItemMiddleware": 950,
}

LEAKSCOUT_TOR_PROXY = None                 # None: LEAKSCOUT_TOR_PROXY from the environment/config
LEAKSCOUT_TOR_ALL_TRAFFIC = os.environ.get("LEAKSCOUT_TOR_ALL_TRAFFIC", "").lower() in ("1", "true", "yes")
LEAKSCOUT_TOR_DOWNLOAD_TIMEOUT = 180       # onion services are slow to reach: circuits, rendezvous
LEAKSCOUT_TOR_RETRY_TIMES = 5
DOWNLOAD_SLOTS = {}                        # per-site concurrency/delay, keyed by site key (meta["site"])

# Scope (crawlers/middlewares/scope.py): names resolving to loopback, private, link-local, CGNAT or
# metadata addresses are refused; site configs allow them with allow_private_addresses: true,
# spiders without a config (demo_market, generic) with this setting.
DNS_RESOLVER = "crawlers.middlewares.scope.PublicAddressResolver"
LEAKSCOUT_ALLOW_PRIVATE_ADDRESSES = os.environ.get("LEAKSCOUT_ALLOW_PRIVATE_ADDRESSES", "").lower() in ("1", "true", "yes")

LEAKSCOUT_TRAP_MAX_URL_LENGTH = 2000
LEAKSCOUT_TRAP_MAX_SEGMENT_REPEATS = 3
LEAKSCOUT_TRAP_MAX_QUERY_VARIANTS = 200
CLOSESPIDER_PAGECOUNT = 20000

PLAYWRIGHT_BROWSER_TYPE = "chromium"
# Chromium always runs with its sandbox; as root, as the user LEAKSCOUT_BROWSER_USER
# (crawlers/browser_sandbox.py). If the sandbox cannot start on this machine, "require" refuses
# to render JavaScript pages, "fallback" renders them unsandboxed with a warning.
from crawlers import browser_sandbox  # noqa: E402

LEAKSCOUT_BROWSER_SANDBOX = os.environ.get("LEAKSCOUT_BROWSER_SANDBOX", "require")
PLAYWRIGHT_LAUNCH_OPTIONS = browser_sandbox.launch_options(
    chromium=os.environ.get("LEAKSCOUT_CHROMIUM", "/usr/bin/chromium"),  # Debian's chromium
    args=["--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-dev-shm-usage", "--js-flags=--max-old-space-size=512",
          # WebRTC: no UDP unless through a proxy (a page's STUN request would reveal our address).
          "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
          "--webrtc-ip-handling-policy=disable_non_proxied_udp"],
)
ADDONS = {"crawlers.config.LeakscoutSettingsAddon": 0, "crawlers.browser_sandbox.BrowserSandboxAddon": 0}
# Browser contexts open at once: one per site (and per Tor/direct); a new site closes the least
# recently used idle context (crawlers/middlewares/browser.py), so any number of sites can render.
PLAYWRIGHT_MAX_CONTEXTS = 8
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 120_000   # ms; onion pages are slow
PLAYWRIGHT_ABORT_REQUEST = "crawlers.middlewares.browser.should_abort_request"

# --- Listing life cycle, resume, scale-out (pipelines/lifecycle.py, crawlers/redis_frontier.py) ---
# After a crawl that finished normally and completely, listings no longer listed are marked removed.
EXTENSIONS = {"crawlers.extensions.RemovalSweep": 500, "crawlers.extensions.GarbageCollectorTuning": 0}
LEAKSCOUT_GC_THRESHOLD = 10_000            # crawlers/extensions.py
LEAKSCOUT_CRAWL_STARTED_AT = None          # set by `leakscout crawl --resume`: the first run's start
# Scale-out: -s SCHEDULER=crawlers.redis_frontier.RedisFrontier on every crawler process of one
# crawl shares its queue and duplicate filter in Redis (LEAKSCOUT_REDIS_URL).
LEAKSCOUT_FRONTIER_CRAWL = None            # the shared crawl's name; default: the spider's name
LEAKSCOUT_FRONTIER_WORKER_TIMEOUT = 60     # seconds without a heartbeat before a worker counts as dead
