"""A bundled demo underground market (a Chinese forum and an English market) served on loopback."""
from leakscout.demo_market.server import DemoMarketHandle, serve_demo_market

__all__ = ["DemoMarketHandle", "serve_demo_market"]
