"""The watchlist (docs/contracts.md §3): brands a customer watches, their aliases and who to tell.

Errors name the file and line, so an analyst can fix a hand-edited file at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from leakscout.core.errors import BadInput
from leakscout.core.yaml_files import YamlDocument, parse_yaml

EMAIL_HINT = "an e-mail address such as brand-protection@example.com"
# A plain address and nothing else: no display name, no comment, no CR/LF or other header syntax.
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*")


def plain_address(address: str) -> bool:
    return len(address) <= 254 and _ADDRESS.fullmatch(address) is not None


ALLOWED_KEYS = ("name", "aliases", "notify", "exclude", "min_severity", "data_types", "channels", "match")
# An alert channel's name (leakscout/alerts/channels/): which ones exist, the dispatcher checks.
_CHANNEL_NAME = re.compile(r"[a-z][a-z0-9_]*")
# `match: source` (default): alert when a listing sells the brand's data; `match: mention`: also when a
# listing only names the brand (alerted as kind "mention", with a lower severity).
MATCH_MODES = ("source", "mention")


@dataclass(frozen=True)
class WatchedBrand:
    name: str
    aliases: tuple[str, ...] = ()
    notify: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    min_severity: float | None = None     # alert only from this severity (0–100) up
    data_types: tuple[str, ...] = ()      # alert only for listings offering one of these kinds
    channels: tuple[str, ...] = ()        # alert only through these channels (default: every configured one)
    match: str = "source"                 # "mention": every listing naming the brand alerts

    @property
    def terms(self) -> tuple[str, ...]:
        """The canonical name and every alias, without repeats."""
        return tuple(dict.fromkeys((self.name, *self.aliases)))


@dataclass(frozen=True)
class Watchlist:
    brands: tuple[WatchedBrand, ...] = field(default_factory=tuple)
    source: str = "<none>"

    def brand(self, name: str) -> WatchedBrand | None:
        return next((b for b in self.brands if b.name == name), None)


def default_watchlist_path():
    """The bundled watchlist, a Traversable: also readable from a zipped egg (scrapyd)."""
    return resources.files("leakscout").joinpath("data/watchlist.yaml")


def load_watchlist(path: Path | str | None) -> Watchlist:
    path = Path(path) if path else default_watchlist_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"watchlist {path}: cannot read it ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise BadInput(f"watchlist {path}: not UTF-8 text") from exc
    return parse_watchlist(text, str(path))


def parse_watchlist(text: str, source: str = "<watchlist>") -> Watchlist:
    # Every scalar as written (BaseLoader): a brand named 360 or an alias `true` stays text.
    document = parse_yaml(text, source, "watchlist", loader=yaml.BaseLoader,
                          where=lambda name, line: f"watchlist {name}, line {line}")
    entries = (document.data or {}).get("brands") or []
    brands: list[WatchedBrand] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        at = ("brands", index)
        name = entry["name"].strip()
        if name.casefold() in seen:
            document.fail(at + ("name",), f"brand {name!r} is listed twice")
        seen.add(name.casefold())
        notify = _texts(entry, "notify")
        for address in notify:
            if not plain_address(address):
                document.fail(at + ("notify",), f"{address!r} is not {EMAIL_HINT}")
        brands.append(WatchedBrand(
            name=name,
            aliases=_texts(entry, "aliases"),
            notify=notify,
            exclude=_texts(entry, "exclude"),
            min_severity=_severity(entry.get("min_severity"), document, at),
            data_types=_data_types(_texts(entry, "data_types"), document, at),
            channels=_channels(_texts(entry, "channels"), document, at),
            match=_match(entry.get("match"), document, at),
        ))
    return Watchlist(tuple(brands), source)


def _texts(entry: dict, key: str) -> tuple[str, ...]:
    """One text or a list of them (the schema checked each is non-empty), without repeats."""
    value = entry.get(key)
    if not value:
        return ()
    return tuple(dict.fromkeys(item.strip() for item in ([value] if isinstance(value, str) else value)))


def _severity(value: str | None, document: YamlDocument, at: tuple) -> float | None:
    if value is None:
        return None
    try:
        severity = float(value.strip())
    except ValueError:
        severity = -1.0
    if not 0 <= severity <= 100:
        document.fail(at + ("min_severity",), "`min_severity` must be a number from 0 to 100")
    return severity


def _match(value: str | None, document: YamlDocument, at: tuple) -> str:
    if value is None:
        return "source"
    value = value.strip()
    if value not in MATCH_MODES:
        document.fail(at + ("match",), f"`match` must be one of: {', '.join(MATCH_MODES)} (not {value!r})")
    return value


def _data_types(kinds: tuple[str, ...], document: YamlDocument, at: tuple) -> tuple[str, ...]:
    from leakscout.core.kinds import VOCABULARY

    for kind in kinds:
        if kind not in VOCABULARY:
            document.fail(at + ("data_types",), f"unknown data kind {kind!r} (one of: {', '.join(VOCABULARY)})")
    return kinds


def _channels(names: tuple[str, ...], document: YamlDocument, at: tuple) -> tuple[str, ...]:
    for name in names:
        if not _CHANNEL_NAME.fullmatch(name):
            document.fail(at + ("channels",), f"{name!r} is not an alert channel name such as email or webhook")
    return names
