"""Site configs: one YAML file per site, loaded and checked before any page is fetched.

Every mistake is reported as ``FILE:LINE: what is wrong`` (leakscout/core/yaml_files.py, against
leakscout/core/schemas/site_config.json, then the checks below). The keys, by example::

    name: breachboard                 # the listings' `site`; letters, digits, . _ -
    family: forum                     # market | forum | paste | leak | telegram
    start_urls: [http://breachboard.example/forums/databases/page-1.html]
    allowed_domains: [breachboard.example]   # optional: default the start URLs' hosts
    allowed_origins: [http://cdn.breachboard.example:8080]   # optional: more scheme://host:port the
                                      # crawl may reach (links, redirects, a rendered page's requests);
                                      # default only the start URLs' (and allowed_domains') origins
    allow_private_addresses: false    # true: hosts may be/resolve to loopback, private, link-local,
                                      # CGNAT or metadata addresses (the loopback demo sites)
    listing_links: div.structItem-title a::attr(href)   # index page → listing pages
    next_page: a.pageNav-jump--next::attr(href)         # optional
    posts: article.message            # forum and telegram: one listing per post/message
    post_key: {selector: "@data-content", regex: 'post-(\\d+)'}
    post_filter: offers               # forum default: only posts that offer data; `all` keeps every post
    fields:                           # each a selector, `auto`, or null (not extracted); omitted = auto
      title: auto
      body: div.bbWrapper
      seller: a.username
      posted_at: time::attr(datetime)
    listing_key: {url_regex: '/threads/(\\d+)/'}        # or {selector: ..., regex: ...}; default: from the URL
    render: http                      # or js: the page is rendered in a browser first
    screenshots: false                # js pages only: keep a screenshot of each page as evidence (text masked)
    encoding: gb18030                 # optional: overrides what the server declares
    max_pages: 10                     # index pages followed per start URL
    schedule: "0 */6 * * *"           # optional cron string, for the scheduler
    session: breachboard-account      # optional: name of an imported session
    page_object: crawlers.pages.x:XPage   # optional: a class that extracts the fields instead
"""
from __future__ import annotations

import codecs
import importlib
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from crawlers.sites.selectors import selector_error
from leakscout.core.errors import BadInput
from leakscout.core.yaml_files import YamlDocument, parse_yaml, schema

# A Traversable (importlib.resources): also readable from a zipped egg (scrapyd).
CONFIGS_DIR = resources.files("crawlers").joinpath("site_configs")

FAMILIES = tuple(schema("site_config")["properties"]["family"]["enum"])
FIELD_NAMES = tuple(schema("site_config")["properties"]["fields"]["properties"])
AUTO = "auto"
POST_FAMILIES = ("forum", "telegram")  # one page holds many listings (posts, messages)
DEFAULT_MAX_PAGES = 10

_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,59}")
_HOSTNAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*", re.IGNORECASE)


class SiteConfigError(BadInput, ValueError):
    """A site config that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class KeyRule:
    """How to read a key: a regex over the URL, or a selector (optionally narrowed by a regex).
    The regex's first group is the key, or the whole match when it has no group."""

    url_regex: re.Pattern | None = None
    selector: str | None = None
    regex: re.Pattern | None = None


@dataclass(frozen=True)
class SiteConfig:
    name: str
    family: str
    start_urls: tuple[str, ...]
    source: Path
    allowed_domains: tuple[str, ...] = ()
    listing_links: str | None = None
    next_page: str | None = None
    fields: dict[str, str | None] = field(default_factory=dict)   # selector, AUTO, or None
    listing_key: KeyRule | None = None
    posts: str | None = None
    post_key: KeyRule | None = None
    post_filter: str = "all"
    render: str = "http"
    screenshots: bool = False
    encoding: str | None = None
    max_pages: int = DEFAULT_MAX_PAGES
    schedule: str | None = None
    session: str | None = None
    page_object: str | None = None
    allowed_origins: tuple[str, ...] = ()
    allow_private_addresses: bool = False

    def field_spec(self, name: str) -> str | None:
        """The selector (or AUTO) for a field; AUTO when the config does not mention it."""
        return self.fields.get(name, AUTO)


def config_path(name_or_path: str) -> Path:
    """A config given by name (``breachboard``: ``crawlers/site_configs/breachboard.yaml``) or path."""
    looks_like_path = "/" in name_or_path or name_or_path.endswith((".yaml", ".yml"))
    path = Path(name_or_path) if looks_like_path else CONFIGS_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.name.removesuffix(".yaml") for p in CONFIGS_DIR.iterdir() if p.name.endswith(".yaml")))
        raise SiteConfigError(f"no site config {name_or_path!r} (looked for {path}); bundled configs: {known}")
    return path


def load_site_config(name_or_path: str) -> SiteConfig:
    path = config_path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteConfigError(f"{path}: cannot read: {exc}") from exc
    return parse_site_config(text, str(path))


def parse_site_config(text: str, source: Path | str) -> SiteConfig:
    """Parse and check a config's YAML text; ``source`` names it in errors.

    The schema (leakscout/core/schemas/site_config.json) checks keys, types and choices; what it
    cannot (URLs, selectors, regular expressions, families' rules, cron, encodings) is checked here.
    """
    document = parse_yaml(text, str(source), "site_config", error=SiteConfigError)
    return _Checker(Path(source), document).config()


class _Checker:
    """Turns the schema-checked YAML data into a SiteConfig, raising at the first mistake with its line."""

    def __init__(self, source: Path, document: YamlDocument):
        self.source = source
        self.document = document
        self.data: dict = document.data

    def fail(self, path: tuple, message: str):
        self.document.fail(path, message)

    def config(self) -> SiteConfig:
        data = self.data
        name = data["name"].strip()
        if not _NAME.fullmatch(name):
            self.fail(("name",), f"name {name!r} must be lowercase letters, digits, '.', '_' or '-' (at most 60)")
        family = data["family"]
        start_urls = self._start_urls()
        allowed_domains = self._allowed_domains()

        is_post_family = family in POST_FAMILIES
        if family == "telegram":
            if "listing_links" in data:
                self.fail(("listing_links",), "a telegram channel page holds its messages itself: no listing_links")
        elif "listing_links" not in data:
            self.fail((), f"missing required key 'listing_links' (the {family} family follows links to listings)")
        if is_post_family:
            for key in ("posts", "post_key"):
                if key not in data:
                    self.fail((), f"missing required key {key!r} (the {family} family makes one listing per post)")
        else:
            for key in ("posts", "post_key", "post_filter"):
                if key in data:
                    self.fail((key,), f"{key!r} is only for the forum and telegram families, not {family}")

        page_object = self._optional_string("page_object")
        if page_object is not None:
            if is_post_family:
                self.fail(("page_object",), "page_object is for one-listing-per-page families (market, paste, leak)")
            if "fields" in data:
                self.fail(("fields",), "give either fields or page_object, not both")
            self._check_page_object(page_object)

        return SiteConfig(
            name=name,
            family=family,
            start_urls=start_urls,
            source=self.source,
            allowed_domains=allowed_domains,
            listing_links=self._optional_selector(("listing_links",)),
            next_page=self._optional_selector(("next_page",)),
            fields=self._fields(),
            listing_key=self._key_rule("listing_key"),
            posts=self._optional_selector(("posts",)),
            post_key=self._key_rule("post_key"),
            post_filter=data.get("post_filter", "offers" if family == "forum" else "all"),
            render=data.get("render", "http"),
            screenshots=data.get("screenshots", False),
            encoding=self._encoding(),
            max_pages=self._max_pages(),
            schedule=self._schedule(),
            session=self._optional_string("session"),
            page_object=page_object,
            allowed_origins=self._allowed_origins(),
            allow_private_addresses=data.get("allow_private_addresses", False),
        )

    # -- what the schema cannot check ---------------------------------------------------------

    def _optional_string(self, key: str) -> str | None:
        value = self.data.get(key)
        return value.strip() if value is not None else None

    def _start_urls(self) -> tuple[str, ...]:
        urls = self.data["start_urls"]
        if isinstance(urls, str):
            urls = [urls]
        for index, url in enumerate(urls):
            parts = urlsplit(url) if isinstance(url, str) else None
            if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
                self.fail(("start_urls", index), f"not an http(s) URL: {url!r}")
        return tuple(urls)

    def _allowed_domains(self) -> tuple[str, ...]:
        domains = self.data.get("allowed_domains") or ()
        for index, domain in enumerate(domains):
            if not isinstance(domain, str) or not _HOSTNAME.fullmatch(domain):
                self.fail(("allowed_domains", index),
                          f"not a host name: {domain!r} (no scheme, port or path: e.g. example.onion)")
        return tuple(domain.lower() for domain in domains)

    def _allowed_origins(self) -> tuple[str, ...]:
        origins = self.data.get("allowed_origins") or ()
        for index, origin in enumerate(origins):
            parts = urlsplit(origin) if isinstance(origin, str) else None
            try:
                valid = (parts is not None and parts.scheme in ("http", "https") and bool(parts.hostname)
                         and parts.path in ("", "/") and not parts.query and (parts.port or 1) > 0)
            except ValueError:
                valid = False
            if not valid:
                self.fail(("allowed_origins", index),
                          f"not an origin: {origin!r} (scheme://host[:port], no path: e.g. http://example.onion:8080)")
        return tuple(origins)

    def _optional_selector(self, path: tuple) -> str | None:
        spec = self._value(path)
        if spec is None:
            return None
        if not isinstance(spec, str) or not spec.strip():
            self.fail(path, f"{'.'.join(map(str, path))} must be a non-empty string, got {spec!r}")
        spec = spec.strip()
        problem = selector_error(spec)
        if problem:
            self.fail(path, f"{'.'.join(map(str, path))}: {problem}")
        return spec

    def _fields(self) -> dict[str, str | None]:
        fields = self.data.get("fields") or {}
        return {name: spec if spec is None or spec == AUTO else self._optional_selector(("fields", name))
                for name, spec in fields.items()}

    def _key_rule(self, key: str) -> KeyRule | None:
        rule = self.data.get(key)
        if rule is None:
            return None
        if ("url_regex" in rule) == ("selector" in rule):
            self.fail((key,), f"{key} must be {{url_regex: REGEX}} or {{selector: SELECTOR, regex: REGEX (optional)}}")
        if "url_regex" in rule:
            if "regex" in rule:
                self.fail((key, "regex"), f"{key}: regex goes with selector; url_regex is already a regex")
            return KeyRule(url_regex=self._regex((key, "url_regex")))
        return KeyRule(selector=self._optional_selector((key, "selector")),
                       regex=self._regex((key, "regex")) if "regex" in rule else None)

    def _regex(self, path: tuple) -> re.Pattern:
        text = self._value(path)
        if not isinstance(text, str) or not text:
            self.fail(path, f"{'.'.join(map(str, path))} must be a regular expression string")
        try:
            return re.compile(text)
        except re.error as exc:
            self.fail(path, f"{'.'.join(map(str, path))}: bad regular expression {text!r}: {exc}")

    def _encoding(self) -> str | None:
        encoding = self._optional_string("encoding")
        if encoding is None:
            return None
        try:
            codecs.lookup(encoding)
        except LookupError:
            self.fail(("encoding",), f"unknown encoding {encoding!r}")
        return encoding.lower()

    def _max_pages(self) -> int:
        value = self.data.get("max_pages", DEFAULT_MAX_PAGES)
        if not isinstance(value, int):  # the schema's "integer" takes 3.0 too
            self.fail(("max_pages",), f"max_pages must be a whole number ≥ 1, got {value!r}")
        return value

    def _schedule(self) -> str | None:
        schedule = self._optional_string("schedule")
        if schedule is None:
            return None
        try:
            from croniter import croniter
        except ImportError:  # the scheduler checks it fully; here only its shape
            if len(schedule.split()) not in (5, 6):
                self.fail(("schedule",), f"schedule must be a cron string of 5 fields, got {schedule!r}")
            return schedule
        if not croniter.is_valid(schedule):
            self.fail(("schedule",), f"schedule is not a valid cron string: {schedule!r}")
        return schedule

    def _check_page_object(self, reference: str) -> None:
        module_name, _, class_name = reference.partition(":")
        if not module_name or not class_name:
            self.fail(("page_object",), f"page_object must be 'package.module:ClassName', got {reference!r}")
        try:
            page_class = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError) as exc:
            self.fail(("page_object",), f"cannot load page_object {reference!r}: {exc}")
        if not callable(getattr(page_class, "fields", None)):
            self.fail(("page_object",), f"page_object {reference!r} has no fields(page, url) method")

    def _value(self, path: tuple):
        value = self.data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        return value
