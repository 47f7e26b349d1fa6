"""Sending one alert or digest through its channels, the one way: send, then journal, per channel.

The whole durable delivery is claim (lease.py) → `send_through` (each channel that has not taken
it yet: send, and journal the acceptance at once, journal.py) → mark sent on the document. The
alert dispatcher and the digest both go through here; they differ only in what they send and how
they store the outcome.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from leakscout.alerts.journal import DeliveryJournal
from leakscout.core.errors import LeakscoutError


class DeliveryError(LeakscoutError):
    """A channel could not be reached or refused the message; the alert (or digest) stays pending."""


@dataclass
class Attempt:
    sent: dict[str, str | None] = field(default_factory=dict)   # channel → reference, accepted now
    failed: list[tuple[object, DeliveryError]] = field(default_factory=list)
    waiting: list[object] = field(default_factory=list)          # channels not tried now (`ready` said no)

    @property
    def tried(self) -> bool:
        return bool(self.sent or self.failed)


def send_through(channels: list, id_: str, done: set[str], journal: DeliveryJournal,
                 send: Callable[[object], str | None], ready: Callable[[object], bool] | None = None) -> Attempt:
    """Send `id_` through every channel not in `done`; journal each acceptance before going on."""
    attempt = Attempt()
    for channel in channels:
        if channel.name in done:
            continue
        if ready is not None and not ready(channel):
            attempt.waiting.append(channel)
            continue
        try:
            reference = send(channel)
        except DeliveryError as exc:
            attempt.failed.append((channel, exc))
            continue
        # Journal first, document second: from here on a crash cannot make this channel send it again.
        journal.record(id_, channel.name, reference)
        attempt.sent[channel.name] = reference
    return attempt
