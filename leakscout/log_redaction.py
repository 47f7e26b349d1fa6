"""Log records of a leakscout process: credentials redacted, and personal data masked (a crawled URL
can hold an e-mail address or a phone number)."""
from __future__ import annotations

import logging

from leakscout.core.redact import redact
from pipelines.extraction.masking import mask_text


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
            redacted = mask_text(redacted, whole_rows=False).text
        if redacted != message:
            record.msg, record.args = redacted, None
        return record

    redacting_factory.redacting = True
    logging.setLogRecordFactory(redacting_factory)
