"""Sending one message through SMTP, as LEAKSCOUT_SMTP_URL says (smtp://, smtp+starttls://, smtps://)."""
from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from leakscout.errors import BadInput, LeakscoutError


class DeliveryError(LeakscoutError):
    """The SMTP server could not be reached or refused the message; the alert stays pending."""


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    implicit_tls: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 20.0

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
        )

    def describe(self) -> str:
        mode = "TLS" if self.implicit_tls else ("STARTTLS" if self.starttls else "plain")
        return f"{self.host}:{self.port} ({mode})"


def send(target: SmtpTarget, message: EmailMessage) -> None:
    try:
        context = ssl.create_default_context()
        if target.implicit_tls:
            client = smtplib.SMTP_SSL(target.host, target.port, timeout=target.timeout, context=context)
        else:
            client = smtplib.SMTP(target.host, target.port, timeout=target.timeout)
        with client:
            if target.starttls:
                client.starttls(context=context)
            if target.username:
                client.login(target.username, target.password or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"SMTP delivery to {target.describe()} failed: {exc}") from exc
