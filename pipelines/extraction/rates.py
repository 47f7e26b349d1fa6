"""Dated currency table -> amount_usd. Fetching fresh rates is the caller's job (edge concern)."""
from __future__ import annotations

import json
import os
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Mapping

DEFAULT_RATES_PATH = os.path.join(os.path.dirname(__file__), "data", "rates.json")


@lru_cache(maxsize=8)
def load_rates(path: str = DEFAULT_RATES_PATH) -> dict:
    if path == DEFAULT_RATES_PATH:   # through importlib.resources: also from a zipped egg (scrapyd)
        table = json.loads(resources.files(__package__).joinpath("data/rates.json").read_text(encoding="utf-8"))
    else:
        with open(path, encoding="utf-8") as fh:
            table = json.load(fh)
    if "as_of" not in table or "usd_per_unit" not in table:
        raise ValueError(f"rates table {path!r} needs 'as_of' and 'usd_per_unit'")
    return table


def refresh_rates(usd_per_unit: Mapping[str, float], as_of: str | date, path: str = DEFAULT_RATES_PATH) -> dict:
    """Rewrite the rates table from a given mapping (e.g. fetched by an edge job). Returns the new table."""
    as_of_s = as_of.isoformat() if isinstance(as_of, date) else date.fromisoformat(as_of).isoformat()
    rates = {}
    for code, value in usd_per_unit.items():
        v = float(value)
        if not v > 0:
            raise ValueError(f"rate for {code} must be positive, got {value!r}")
        rates[str(code).upper()] = v
    table = {"as_of": as_of_s, "base": "USD",
             "note": "USD value of one unit of each currency", "usd_per_unit": rates}
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(table, fh, indent=2, sort_keys=False)
        fh.write("\n")
    os.replace(tmp, path)
    load_rates.cache_clear()
    return table


def to_usd(amount: int | float | Decimal | None, currency: str | None, table: dict | None = None) -> float | None:
    if amount is None or not currency:
        return None
    table = table or load_rates()
    rate = table["usd_per_unit"].get(currency)
    if rate is None:
        return None
    value = Decimal(str(amount)) * Decimal(str(rate))
    if value.adjusted() > 15:
        return None  # absurd amounts: no float overflow, no meaningful USD figure
    return round(float(value), 2)
