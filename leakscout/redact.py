"""Credentials in URLs are never printed: every message, status line, log record and repr that can
hold a configured URL (LEAKSCOUT_ES_URL `http://user:pass@…`, LEAKSCOUT_REDIS_URL `redis://:pass@…`,
LEAKSCOUT_SMTP_URL) goes through `redact`. Log records are masked too (a crawled URL can hold an
e-mail address or a phone number)."""
from __future__ import annotations

import logging
import re

# scheme://userinfo@ — the user name goes too: with an API gateway it is often the secret itself.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]{0,30}://)[^\s/@?#]*@")


def redact(text: object) -> str:
    """str(text) with the user-info part of every URL in it replaced by `***`."""
    return _USERINFO.sub(r"\1***@", str(text))


def install_log_redaction() -> None:
    """Every log record of this process is redacted and masked once formatted (idempotent)."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "redacting", False):
        return

    def redacting_factory(*args, **kwargs):
        record = factory(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:   # a bad format string: logging reports it itself later
            return record
        redacted = redact(message) if "@" in message and "://" in message else message
        # a crawled URL (or an address in an error) can carry personal data: such lines are logged
        # masked; others (stats, counts) are left as they are, being no page's text
        if "://" in redacted or "@" in redacted:
            from pipelines.extraction.masking import mask_text

            redacted = mask_text(redacted, whole_rows=False).text
        if redacted != message:
            record.msg, record.args = redacted, None
        return record

    redacting_factory.redacting = True
    logging.setLogRecordFactory(redacting_factory)
