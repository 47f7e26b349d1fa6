"""The e-mail channel: one mail per alert, and one daily digest, to the brand's recipients through SMTP
(LEAKSCOUT_SMTP_URL, LEAKSCOUT_ALERT_FROM; recipients from the watchlist's `notify` or LEAKSCOUT_ALERT_TO)."""
from __future__ import annotations

from contextlib import contextmanager

from leakscout.alerts.channels import Alerter, register
from leakscout.alerts.compose import compose_alert_email, compose_digest_email
from leakscout.alerts.smtp import DeliveryError, SmtpTarget, close, connect, send


class NoRecipient(DeliveryError):
    """The brand has nobody to mail: a configuration problem of one brand, not an SMTP outage."""


@register
class EmailAlerter(Alerter):
    name = "email"
    sends_digests = True

    def __init__(self, target: SmtpTarget, sender: str):
        self.target = target
        self.sender = sender
        self._batching = False
        self._client = None

    @classmethod
    def from_settings(cls, settings) -> "EmailAlerter | None":
        return cls(SmtpTarget.from_url(settings.smtp_url), settings.alert_from) if settings.smtp_url else None

    @contextmanager
    def batch(self):
        """Mails sent inside share one SMTP connection (opened at the first mail)."""
        self._batching = True
        try:
            yield self
        finally:
            self._batching = False
            self._drop_connection()

    def _drop_connection(self) -> None:
        if self._client is not None:
            close(self._client)
            self._client = None

    def describe(self) -> str:
        return f"e-mail via {self.target.describe()}"

    def send(self, alert: dict, document: dict, brand, kibana_link: str | None) -> str:
        """Send; return the Message-ID. Raises DeliveryError (the alert then stays pending)."""
        recipients = list(alert.get("recipients") or [])
        if not recipients:
            raise NoRecipient(f"no recipient for {brand.name} (watchlist notify or LEAKSCOUT_ALERT_TO)")
        message = compose_alert_email(alert, document, brand, sender=self.sender, recipients=recipients,
                                      kibana_link=kibana_link)
        return self._send(message)

    def send_digest(self, digest: dict, brand, rows: list[dict], kibana_link: str | None) -> str:
        recipients = list(digest.get("recipients") or [])
        if not recipients:
            raise NoRecipient(f"no recipient for {brand.name} (watchlist notify or LEAKSCOUT_ALERT_TO)")
        message = compose_digest_email(brand, digest["digest_day"], rows, sender=self.sender,
                                       recipients=recipients, digest_id=digest["id"], kibana_link=kibana_link,
                                       partial=bool(digest.get("partial")))
        return self._send(message)

    def _send(self, message) -> str:
        if not self._batching:
            send(self.target, message)
            return message["Message-ID"]
        try:
            self._client = self._client or connect(self.target)
            send(self.target, message, self._client)
        except DeliveryError:
            self._drop_connection()  # a broken connection is not reused
            raise
        return message["Message-ID"]
