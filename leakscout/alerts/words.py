"""The facts of a listing in words an analyst reads: bands, labels (中文 and English), money, times.

The vocabularies are data (labels.yaml); this module only looks codes up and formats numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources

import yaml

from pipelines.extraction.tables import DELIMITERS, find_tables


@lru_cache(maxsize=1)
def labels() -> dict:
    return yaml.safe_load(resources.files("leakscout.alerts").joinpath("labels.yaml").read_text("utf-8"))


@dataclass(frozen=True)
class Band:
    name: str          # critical | high | medium | low
    colour: str
    low: int
    high: int
    score: int | None

    @property
    def scale(self) -> str:
        return f"{self.low}–{self.high}"

    def describe(self) -> str:
        if self.score is None:
            return "not scored"
        return f"{self.score}/100 ({self.name} is {self.scale})"


def severity_band(score) -> Band:
    """The band of a 0-100 score (bands in labels.yaml, highest first); no score: grey, 'not scored'."""
    bands = labels()["severity_bands"]
    value = None if score is None else max(0, min(100, int(round(float(score)))))
    top = 100
    for band in bands:
        if value is None:
            break
        if value >= band["min"]:
            return Band(band["name"], band["colour"], band["min"], top, value)
        top = band["min"] - 1
    return Band("not scored", "#52525b", 0, 100, None)


def severity_scale() -> str:
    bands = [severity_band(band["min"]) for band in labels()["severity_bands"]]
    return " · ".join(f"{band.name} {band.scale}" for band in bands)


def _pair(section: str, code: str) -> tuple[str, str]:
    found = labels()[section].get(code)
    return (found[0], found[1]) if found else (code, code)


def kind_words(codes) -> list[str]:
    """['姓名 name', …]: each data kind in Chinese and English."""
    return [" ".join(dict.fromkeys(_pair("data_kinds", code))) for code in codes or []]


def region_words(codes) -> list[str]:
    return [" ".join(dict.fromkeys(_pair("regions", code)[::-1])) for code in codes or []]


def format_count(value) -> str:
    return f"{int(value):,}" if isinstance(value, (int, float)) and value else "not stated"


def _amount(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _usd(value: float) -> str:
    """Whole dollars, except below ten where the cents are the price (a price per record of 0.07 USD is no 0)."""
    return f"{value:,.0f}" if value >= 10 else _amount(value)


def money(price: dict | None) -> str:
    """'100,000 CNY (≈ 13,800 USD)'; 'not stated' without an amount."""
    if not price or price.get("amount") is None:
        return "not stated"
    currency = price.get("currency") or ""
    text = _amount(price["amount"])
    if price.get("amount_max") is not None:
        text += "–" + _amount(price["amount_max"])
    if price.get("qualifier") == "from":
        text = "from " + text
    text = f"{text} {currency}".rstrip()
    if price.get("amount_usd") is not None and currency != "USD":
        text += f" (≈ {_usd(price['amount_usd'])} USD)"
    return text


def offer_line(offer: dict) -> str:
    """One offer with what its price covers, so a province's price never reads as the whole set's."""
    unit = offer.get("unit") or "offer"
    zh, en = _pair("offer_units", unit)
    line = f"{money(offer)} {en} ({zh})"
    if offer.get("regions"):
        line += ": " + ", ".join(region_words(offer["regions"]))
    elif unit == "region":
        line += ": provinces not named"
    if offer.get("record_count"):
        line += f", {offer['record_count']:,} records"
    return line


def extra_offers(offers, price: dict | None) -> list[str]:
    """The offers besides the headline price (the whole-set offer equal to it is not repeated)."""
    lines = []
    for offer in offers or []:
        same = (price and (offer.get("unit") or "offer") == "offer" and not offer.get("regions")
                and offer.get("amount") == price.get("amount") and offer.get("currency") == price.get("currency"))
        if not same:
            lines.append(offer_line(offer))
    return lines


def legal_words(tier: dict | None) -> dict:
    """The tier in words with its citation; the threshold and multiple formatted."""
    tier = tier or {}
    table = labels()
    zh, en = table["legal_tiers"].get(tier.get("tier") or "unknown", (tier.get("tier") or "—",) * 2)
    category = tier.get("category")
    cat_zh, cat_en, article = table["legal_categories"].get(category, ("", "this kind of data", "art. 5"))
    threshold = tier.get("threshold")
    basis = ""
    if threshold:
        basis = f"threshold {threshold:,} items for {cat_en} {cat_zh} ({article})".replace("  ", " ")
        if tier.get("multiple"):
            basis += f"; the listing claims {float(tier['multiple']):,.0f}× the threshold"
    return {"tier": f"{zh} — {en}", "basis": basis, "citation": table["legal_citation"]}


def when(value) -> dict | None:
    """An ISO time as {'local': …, 'utc': …}; local is this machine's zone (TZ)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return {"local": str(value), "utc": str(value)}
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone()
    offset = local.strftime("%z")
    zone = f"{local.tzname()}, UTC{offset[:3]}:{offset[3:]}" if local.tzname() not in ("UTC", None) else "UTC"
    return {"local": f"{local:%Y-%m-%d %H:%M} ({zone})", "utc": f"{moment.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"}


def posted(document: dict) -> str:
    """When the seller posted: the site's own words if kept, else the parsed date."""
    text, value = document.get("posted_at_text"), document.get("posted_at")
    if text:
        return f"{text} (as the site shows it)"
    return str(value) if value else "not stated"


MAX_COLUMNS, MAX_CELL = 12, 40


def sample_table(body: str | None, samples) -> dict | None:
    """The first sample row of the (already masked) listing text as (column, value) pairs, as stored.

    Falls back to the stored masked samples (kind, value) when the text has no table.
    """
    text = body or ""
    for table in find_tables(text):
        if not table.rows:
            continue
        row = [_cell(text[s:e]) for s, e in table.rows[0]][:MAX_COLUMNS]
        header = _header_above(text, table.rows[0][0][0], len(table.rows[0])) or []
        names = [header[i] if i < len(header) else f"column {i + 1}" for i in range(len(row))]
        return {"columns": ["column 列", "masked value 脱敏值"], "pairs": list(zip(names, row)),
                "more": len(table.rows) - 1, "what": "row"}
    pairs = [(" ".join(kind_words([s.get("kind")])), _cell(s.get("masked") or "")) for s in (samples or [])[:6]]
    if pairs:
        return {"columns": ["kind 类型", "masked value 脱敏值"], "pairs": pairs,
                "more": max(0, len(samples) - 6), "what": "value"}
    return None


def _header_above(text: str, row_start: int, width: int) -> list[str] | None:
    line_end = text.rfind("\n", 0, row_start)
    if line_end < 0:
        return None
    line = text[text.rfind("\n", 0, line_end) + 1:line_end]
    if re.search(r"\d{3}", line):
        return None
    for delimiter in DELIMITERS:
        cells = line.strip(" |").split(delimiter) if delimiter == "|" else line.split(delimiter)
        if len(cells) == width:
            return [_cell(cell) for cell in cells]
    return None


def _cell(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - 1] + "…"
