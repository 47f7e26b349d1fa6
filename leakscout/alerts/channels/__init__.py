"""Alert channels as plugins: an `Alerter` base class and a registry of the channel modules.

Every module in this package is a channel: it defines one `Alerter` subclass, decorated with
`@register`, whose `from_settings` builds it from the settings (None when the channel is not
configured). Adding a channel (a Telegram bot, Microsoft Teams, …) is one module here; its
settings come from `LEAKSCOUT_CHANNEL_<NAME>_<KEY>` (`settings.channel(name)`) unless it has
historical ones (e-mail: LEAKSCOUT_SMTP_URL, webhook: LEAKSCOUT_WEBHOOK_URL). The watchlist routes
a brand to some channels by name (`channels:`); without it a brand's alerts go to every
configured channel. Delivery (claim, send, journal, mark sent) is the dispatcher's and the
digest's, the same for every channel: a channel only sends.
"""
from __future__ import annotations

import contextlib
import importlib
import pkgutil

from leakscout.alerts.delivery import DeliveryError

__all__ = ["Alerter", "DeliveryError", "CHANNELS", "register", "configured_alerters"]

CHANNELS: dict[str, type["Alerter"]] = {}


class Alerter:
    """One alert channel. `send` raises DeliveryError when the channel did not take the alert
    (it then stays pending and is tried again); what it returns is journaled as the reference."""

    name = ""               # in sent_channels, the delivery journal and the watchlist's `channels:`
    sends_digests = False   # True: implements send_digest, daily digests go through it too

    @classmethod
    def from_settings(cls, settings) -> "Alerter | None":
        raise NotImplementedError

    def describe(self) -> str:
        """Where it sends, without secrets (`leakscout alerts test` prints it)."""
        return self.name

    def batch(self):
        """A context inside which sends may share a connection (one chunk's alerts, one digest run)."""
        return contextlib.nullcontext(self)

    def send(self, alert: dict, document: dict, brand, kibana_link: str | None) -> str | None:
        raise NotImplementedError

    def send_digest(self, digest: dict, brand, rows: list[dict], kibana_link: str | None) -> str | None:
        """`digest`: its id, digest_day and recipients; `rows`: the day's alerts of the brand."""
        raise NotImplementedError


def register(cls: type[Alerter]) -> type[Alerter]:
    if not cls.name or cls.name in CHANNELS:
        raise ValueError(f"alert channel {cls.__name__} needs a name of its own, not {cls.name!r}")
    CHANNELS[cls.name] = cls
    return cls


def configured_alerters(settings) -> list[Alerter]:
    """An alerter for every registered channel the settings configure, in name order."""
    alerters = (CHANNELS[name].from_settings(settings) for name in sorted(CHANNELS))
    return [alerter for alerter in alerters if alerter is not None]


for _module in sorted(info.name for info in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")
