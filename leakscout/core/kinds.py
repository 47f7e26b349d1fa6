"""Kinds of personal data a listing offers: the contract's fixed vocabulary (docs/contracts.md).

Extraction finds them (pipelines/extraction/data_types.py holds the words for each), the watchlist
names them in `data_types`, the index stores them in `data_types`.
"""

VOCABULARY = (
    "name", "phone", "email", "address", "national_id", "passport", "birth_date", "gender",
    "credentials", "payment_card", "bank_account", "loan", "financial", "credit_report",
    "education", "employment", "health", "location", "contacts", "communication", "travel",
    "orders", "vehicle", "social_account", "device", "ip_address", "photo", "insurance", "tax",
)
