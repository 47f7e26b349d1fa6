"""The network layer: one module per concern.

* ``download_handler`` — the http/https download handler: Tor for .onion (or everything),
  Chromium (scrapy-playwright) for requests with ``meta["playwright"]``, Scrapy's own otherwise;
* ``socks`` — HTTP over the Tor SOCKS proxy, names resolved by the proxy;
* ``routing`` — which site a request belongs to and whether it must go through Tor;
* ``tor`` — onion address checks, long timeouts, retries and download slots for Tor requests;
* ``read_only`` — only GET, only text responses;
* ``attention`` — login walls and CAPTCHAs are reported, not parsed;
* ``sessions`` — cookies an analyst imported (``leakscout session import``);
* ``scope`` — requests (links, redirects, meta refresh) only to the crawl's origins and, after
  resolution, public addresses;
* ``browser`` — Playwright contexts per site, a rendered page's requests kept to the crawl's
  origins, no WebRTC, service workers or downloads, screenshots as evidence;
* ``browser_tor_relay`` — per-site SOCKS identities for Chromium, CONNECTs only in scope;
* ``encoding`` — GB18030/GBK/Big5/UTF-8 when headers lie or are missing;
* ``traps`` — crawler traps (repeating paths, endless query variants, huge URLs).
"""
