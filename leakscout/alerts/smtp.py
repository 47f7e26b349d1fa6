"""Sending one message through SMTP, as LEAKSCOUT_SMTP_URL says (smtp://, smtp+starttls://, smtps://).

TLS always verifies the server's certificate, against the system's CAs or the CA file given as
`?cafile=/path/ca.pem` (a company CA, a self-signed relay).
"""
from __future__ import annotations

import functools
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from leakscout.alerts.delivery import DeliveryError  # noqa: F401  (raised here)
from leakscout.core.errors import BadInput


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    implicit_tls: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 20.0
    cafile: str | None = None

    @classmethod
    def from_url(cls, url: str) -> "SmtpTarget":
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("smtp", "smtps", "smtp+starttls") or not parts.hostname:
            raise BadInput(f"LEAKSCOUT_SMTP_URL must look like smtp://host:25, smtp+starttls://host:587 or "
                           f"smtps://user:pass@host:465 (got scheme {scheme or 'none'!r})")
        query = parse_qs(parts.query)
        implicit = scheme == "smtps"
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if implicit else 25),
            implicit_tls=implicit,
            starttls=scheme == "smtp+starttls" or query.get("starttls", ["0"])[0] in ("1", "true", "yes"),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            cafile=query.get("cafile", [None])[0],
        )

    def describe(self) -> str:
        mode = "TLS" if self.implicit_tls else ("STARTTLS" if self.starttls else "plain")
        return f"{self.host}:{self.port} ({mode})"


@functools.lru_cache(maxsize=8)
def _tls_context(cafile: str | None) -> ssl.SSLContext:
    """Loading the CA store takes tens of milliseconds: once per CA file, not once per mail."""
    return ssl.create_default_context(cafile=cafile)


def connect(target: SmtpTarget) -> smtplib.SMTP:
    """An open, authenticated SMTP connection (TLS as the target says); DeliveryError if not."""
    client = None
    try:
        context = _tls_context(target.cafile) if target.implicit_tls or target.starttls else None
        if target.implicit_tls:
            client = smtplib.SMTP_SSL(target.host, target.port, timeout=target.timeout, context=context)
        else:
            client = smtplib.SMTP(target.host, target.port, timeout=target.timeout)
        if target.starttls:
            client.starttls(context=context)
        if target.username:
            client.login(target.username, target.password or "")
        return client
    except (OSError, smtplib.SMTPException) as exc:
        if client is not None:
            client.close()
        raise DeliveryError(f"SMTP delivery to {target.describe()} failed: {exc}") from exc


def send(target: SmtpTarget, message: EmailMessage, client: smtplib.SMTP | None = None) -> None:
    """Send one message, on `client` if given (kept open), else on a connection of its own."""
    own = client is None
    try:
        client = client or connect(target)
        client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"SMTP delivery to {target.describe()} failed: {exc}") from exc
    finally:
        if own and client is not None:
            close(client)


def close(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()
