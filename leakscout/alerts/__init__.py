"""Alerts, split as rules vs alerters.

rules.py (which listings a brand's watch matches; what is a significant change) · watches.py (the
watchlist as percolator queries; percolating a chunk) · dispatcher.py (alert documents, delivery
state, retries) · alerters: mail.py (compose.py + templates/ + smtp.py) and webhook.py ·
digest.py (daily digest) · triage.py (alert states) · sink.py (a local SMTP server).
"""
