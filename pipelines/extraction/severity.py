"""Severity score and PRC legal tier (法释〔2017〕10号, art. 5) from extracted fields.

severity (0-100, integer):
    kind_score   = 0.6 * max(weight of each data kind) + 0.4 * min(1, number of kinds / 8)
    volume_score = min(1, log10(record_count) / 8)     (0 when the count is unknown; 1e8 records -> 1)
    brand_score  = 1 if a named brand is the claimed source else 0
    severity     = round(100 * (0.5 * kind_score + 0.4 * volume_score + 0.1 * brand_score))

legal_tier (art. 5 thresholds, by the most sensitive kind present):
    sensitive (50):  location (行踪轨迹), credit_report (征信), financial / bank_account / payment_card (财产信息)
    safety    (500): travel (住宿), communication (通信记录), health (健康生理), orders / loan (交易信息)
    general  (5000): every other kind of personal information
    multiple = record_count / threshold; tier = especially_serious (>= 10x), serious (>= 1x), none (< 1x),
    unknown when the listing gives no record count.
"""
from __future__ import annotations

import math

KIND_WEIGHTS = {
    "credentials": 1.0, "payment_card": 1.0, "credit_report": 1.0, "location": 1.0, "communication": 0.9,
    "bank_account": 0.9, "financial": 0.9, "national_id": 0.9, "passport": 0.9, "health": 0.9, "photo": 0.8,
    "travel": 0.8, "loan": 0.8, "contacts": 0.7, "insurance": 0.7, "tax": 0.7, "orders": 0.6, "address": 0.6,
    "vehicle": 0.6, "education": 0.5, "employment": 0.5, "phone": 0.5, "social_account": 0.5, "device": 0.4,
    "ip_address": 0.4, "email": 0.4, "birth_date": 0.4, "name": 0.3, "gender": 0.2,
}
SENSITIVE = {"location", "credit_report", "financial", "bank_account", "payment_card"}
SAFETY = {"travel", "communication", "health", "orders", "loan"}
THRESHOLDS = {"sensitive": 50, "safety": 500, "general": 5000}


def severity_score(data_types: list[str], record_count: int | None, has_brand: bool) -> int:
    if data_types:
        kind = 0.6 * max(KIND_WEIGHTS.get(k, 0.5) for k in data_types) + 0.4 * min(1.0, len(data_types) / 8)
    else:
        kind = 0.0
    volume = min(1.0, math.log10(record_count) / 8) if record_count and record_count > 0 else 0.0
    score = 100 * (0.5 * kind + 0.4 * volume + 0.1 * (1.0 if has_brand else 0.0))
    return int(round(max(0.0, min(100.0, score))))


def legal_tier(data_types: list[str], record_count: int | None) -> dict:
    kinds = set(data_types)
    category = "sensitive" if kinds & SENSITIVE else "safety" if kinds & SAFETY else "general"
    threshold = THRESHOLDS[category]
    if record_count is None:
        return {"category": category, "threshold": threshold, "multiple": None, "tier": "unknown"}
    multiple = record_count / threshold
    tier = "especially_serious" if multiple >= 10 else "serious" if multiple >= 1 else "none"
    return {"category": category, "threshold": threshold, "multiple": round(multiple, 2), "tier": tier}
