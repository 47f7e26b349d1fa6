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
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark else "somewhere"
        problem = getattr(exc, "problem", None) or str(exc)
        raise BadInput(f"watchlist {source}, {line}: not valid YAML ({problem})") from exc

    def fail(node, message: str):
        raise BadInput(f"watchlist {source}, line {node.start_mark.line + 1}: {message}")

    if root is None:
        return Watchlist((), source)
    if not isinstance(root, yaml.MappingNode):
        fail(root, "expected a mapping with a `brands:` list")
    top = {key.value: value for key, value in root.value}
    for key_node, _ in root.value:
        if key_node.value != "brands":
            fail(key_node, f"unknown key {key_node.value!r}; only `brands:` is allowed at the top")
    brands_node = top.get("brands")
    if brands_node is None:
        return Watchlist((), source)
    if not isinstance(brands_node, yaml.SequenceNode):
        fail(brands_node, "`brands:` must be a list of entries with `name:`")

    brands: list[WatchedBrand] = []
    seen: set[str] = set()
    for entry in brands_node.value:
        if not isinstance(entry, yaml.MappingNode):
            fail(entry, "each brand must be a mapping with at least `name:`")
        fields = {}
        for key_node, value_node in entry.value:
            if key_node.value not in ALLOWED_KEYS:
                fail(key_node, f"unknown key {key_node.value!r} (allowed: {', '.join(ALLOWED_KEYS)})")
            fields[key_node.value] = value_node
        if "name" not in fields:
            fail(entry, "brand entry has no `name:`")
        name = _scalar(fields["name"], fail, "name")
        if name.casefold() in seen:
            fail(fields["name"], f"brand {name!r} is listed twice")
        seen.add(name.casefold())
        notify = _string_list(fields.get("notify"), fail, "notify")
        for address in notify:
            if not plain_address(address):
                fail(fields["notify"], f"{address!r} is not {EMAIL_HINT}")
        brands.append(WatchedBrand(
            name=name,
            aliases=_string_list(fields.get("aliases"), fail, "aliases"),
            notify=notify,
            exclude=_string_list(fields.get("exclude"), fail, "exclude"),
            min_severity=_severity(fields.get("min_severity"), fail),
            data_types=_data_types(fields.get("data_types"), fail),
            channels=_channels(fields.get("channels"), fail),
            match=_match(fields.get("match"), fail),
        ))
    return Watchlist(tuple(brands), source)


def _scalar(node, fail, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        fail(node, f"`{what}` must be a non-empty text")
    return str(node.value).strip()


def _string_list(node, fail, what: str) -> tuple[str, ...]:
    if node is None:
        return ()
    if isinstance(node, yaml.ScalarNode):
        return (_scalar(node, fail, what),) if node.value else ()
    if not isinstance(node, yaml.SequenceNode):
        fail(node, f"`{what}` must be a list of texts")
    return tuple(dict.fromkeys(_scalar(item, fail, what) for item in node.value))


def _severity(node, fail) -> float | None:
    if node is None:
        return None
    try:
        value = float(_scalar(node, fail, "min_severity"))
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        fail(node, "`min_severity` must be a number from 0 to 100")
    return value


def _match(node, fail) -> str:
    if node is None:
        return "source"
    value = _scalar(node, fail, "match")
    if value not in MATCH_MODES:
        fail(node, f"`match` must be one of: {', '.join(MATCH_MODES)} (not {value!r})")
    return value


def _data_types(node, fail) -> tuple[str, ...]:
    from leakscout.core.kinds import VOCABULARY

    kinds = _string_list(node, fail, "data_types")
    for kind in kinds:
        if kind not in VOCABULARY:
            fail(node, f"unknown data kind {kind!r} (one of: {', '.join(VOCABULARY)})")
    return kinds


def _channels(node, fail) -> tuple[str, ...]:
    names = _string_list(node, fail, "channels")
    for name in names:
        if not _CHANNEL_NAME.fullmatch(name):
            fail(node, f"{name!r} is not an alert channel name such as email or webhook")
    return names
