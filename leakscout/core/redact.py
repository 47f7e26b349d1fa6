"""Credentials in URLs are never printed: every message, status line, log record and repr that can
hold a configured URL (LEAKSCOUT_ES_URL `http://user:pass@…`, LEAKSCOUT_REDIS_URL `redis://:pass@…`,
LEAKSCOUT_SMTP_URL) goes through `redact` (log records too: leakscout/log_redaction.py)."""
from __future__ import annotations

import re

# scheme://userinfo@ — the user name goes too: with an API gateway it is often the secret itself.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]{0,30}://)[^\s/@?#]*@")


def redact(text: object) -> str:
    """str(text) with the user-info part of every URL in it replaced by `***`."""
    return _USERINFO.sub(r"\1***@", str(text))
