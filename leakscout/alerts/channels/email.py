"""The e-mail alerter: one mail per alert to the brand's recipients, through SMTP."""
from __future__ import annotations

from contextlib import contextmanager

from leakscout.alerts.compose import compose_alert_email
from leakscout.alerts.smtp import DeliveryError, SmtpTarget, close, connect, send


class NoRecipient(DeliveryError):
    """The brand has nobody to mail: a configuration problem of one brand, not an SMTP outage."""


class EmailAlerter:
    name = "email"

    def __init__(self, target: SmtpTarget, sender: str):
        self.target = target
        self.sender = sender
        self._batching = False
        self._client = None

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
