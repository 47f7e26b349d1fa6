"""Site adapters: a YAML config per site (``crawlers/site_configs/``), or a page object for hard ones.

``config`` loads and checks a config (errors name file and line); ``extract`` applies one to a
page; ``auto`` finds fields without selectors; ``generic`` finds listings on an unknown site.
"""
from crawlers.sites.config import CONFIGS_DIR, SiteConfig, SiteConfigError, load_site_config, parse_site_config

__all__ = ["CONFIGS_DIR", "SiteConfig", "SiteConfigError", "load_site_config", "parse_site_config"]
