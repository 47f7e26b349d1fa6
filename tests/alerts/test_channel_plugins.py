"""Alert channels as plugins: a channel is one Alerter subclass in the registry with its own
settings (LEAKSCOUT_CHANNEL_<NAME>_<KEY>); the watchlist routes a brand to channels by name;
alerts and digests go through the same channels."""
from datetime import datetime, timezone

import pytest

from leakscout.alerts import channels
from leakscout.alerts.channels import CHANNELS, Alerter, DeliveryError, configured_alerters
from leakscout.alerts.digest import send_digests
from leakscout.alerts.dispatcher import AlertDispatcher
from leakscout.alerts.rules import alert_id
from leakscout.core.config import load_settings
from leakscout.core.errors import BadInput
from leakscout.core.watchlist import Watchlist, WatchedBrand, load_watchlist
from tests.alerts.helpers import SAMPLE_VALUES, en_listing, read_mails, run_pipeline, zh_listing


class RecordingAlerter(Alerter):
    """A channel as a plugin would write it: configured by LEAKSCOUT_CHANNEL_RECORDER_LABEL."""
    name = "recorder"
    sends_digests = True
    received: list = []

    def __init__(self, label: str):
        self.label = label

    @classmethod
    def from_settings(cls, settings):
        options = settings.channel("recorder")
        return cls(options["label"]) if options.get("label") else None

    def send(self, alert, document, brand, kibana_link):
        self.received.append(("alert", alert["id"], brand.name, document.get("body")))
        return f"{self.label}:{alert['id']}"

    def send_digest(self, digest, brand, rows, kibana_link):
        self.received.append(("digest", digest["id"], brand.name, len(rows)))
        return f"{self.label}:{digest['id']}"


@pytest.fixture
def recorder(monkeypatch):
    monkeypatch.setitem(CHANNELS, "recorder", RecordingAlerter)
    monkeypatch.setattr(RecordingAlerter, "received", [])
    monkeypatch.setenv("LEAKSCOUT_CHANNEL_RECORDER_LABEL", "team-a")
    return RecordingAlerter


def _watchlist(tmp_path, monkeypatch, channels_line: str):
    path = tmp_path / "watchlist.yaml"
    path.write_text("brands:\n  - name: Qudian\n    aliases: [趣店, \"Qudian Inc.\"]\n"
                    f"    notify: [brand-protection@example.com]\n{channels_line}", encoding="utf-8")
    monkeypatch.setenv("LEAKSCOUT_WATCHLIST", str(path))


def test_the_registry_holds_one_module_per_channel(leakscout_env, monkeypatch):
    assert {"email", "webhook"} <= set(CHANNELS)
    assert configured_alerters(load_settings()) == []
    monkeypatch.setenv("LEAKSCOUT_SMTP_URL", "smtp://127.0.0.1:2525")
    monkeypatch.setenv("LEAKSCOUT_WEBHOOK_URL", "https://hooks.example/secret-path")
    assert [alerter.name for alerter in configured_alerters(load_settings())] == ["email", "webhook"]
    with pytest.raises(ValueError):
        channels.register(type("Twice", (Alerter,), {"name": "email"}))


def test_a_channel_reads_its_own_settings_and_keeps_them_out_of_reprs(tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("bot-token-123\n")
    token_file.chmod(0o600)
    settings = load_settings({"LEAKSCOUT_HOME": str(tmp_path), "LEAKSCOUT_CHANNEL_TEAMS_URL": "https://teams.example/x",
                              "LEAKSCOUT_CHANNEL_TELEGRAM_TOKEN_FILE": str(token_file)})
    assert settings.channel("teams") == {"url": "https://teams.example/x"}
    assert settings.channel("telegram") == {"token": "bot-token-123"}
    assert settings.channel("email") == {}
    assert "teams.example" not in repr(settings) and "bot-token" not in repr(settings)


def test_a_brand_routed_to_a_plugin_channel_gets_alerts_and_digest_there_only(store, leakscout_env, recorder, sink,
                                                                              tmp_path, monkeypatch):
    _watchlist(tmp_path, monkeypatch, "    channels: [recorder]\n")
    monkeypatch.setenv("LEAKSCOUT_SMTP_URL", sink.url)
    settings = load_settings()

    run_pipeline([zh_listing(), en_listing()])
    digest = send_digests(store, settings, load_watchlist(settings.watchlist), datetime.now(timezone.utc).date())

    alerts = [entry for entry in recorder.received if entry[0] == "alert"]
    assert sorted(entry[1] for entry in alerts) == sorted([alert_id("forum-a:1001", "Qudian"),
                                                           alert_id("forum-a:1002", "Qudian")])
    assert not any(value in str(recorder.received) for value in SAMPLE_VALUES)   # masked before any channel
    assert [entry[0] for entry in recorder.received].count("digest") == 1 and digest.sent == ["Qudian"]
    assert read_mails(sink) == []    # e-mail is configured, but not this brand's channel
    stored = store.request("GET", f"/{settings.alerts_alias}/_doc/{alert_id('forum-a:1001', 'Qudian')}")["_source"]
    assert (stored["delivery"], stored["sent_channels"]) == ("sent", ["recorder"])


def test_a_brand_without_channels_goes_to_every_configured_one(store, leakscout_env, recorder, sink, tmp_path,
                                                               monkeypatch):
    _watchlist(tmp_path, monkeypatch, "")
    monkeypatch.setenv("LEAKSCOUT_SMTP_URL", sink.url)

    run_pipeline([zh_listing()])

    assert [entry[1] for entry in recorder.received] == [alert_id("forum-a:1001", "Qudian")]
    assert len(read_mails(sink)) == 1


def test_a_failing_plugin_channel_keeps_the_alert_pending(store, leakscout_env, recorder, tmp_path, monkeypatch):
    _watchlist(tmp_path, monkeypatch, "    channels: [recorder]\n")

    def refuse(self, *args):
        raise DeliveryError("recorder is down")

    monkeypatch.setattr(RecordingAlerter, "send", refuse)
    run_pipeline([zh_listing()])
    settings = load_settings()
    stored = store.request("GET", f"/{settings.alerts_alias}/_doc/{alert_id('forum-a:1001', 'Qudian')}")["_source"]
    assert stored["delivery"] == "pending" and "recorder is down" in stored["last_error"]


def test_an_unknown_channel_in_the_watchlist_is_named(leakscout_env):
    watchlist = Watchlist((WatchedBrand("Qudian", channels=("telegram",)),), "watchlist.yaml")
    with pytest.raises(BadInput, match="unknown alert channel.*telegram"):
        AlertDispatcher(None, watchlist, leakscout_env)


def test_the_watchlist_checks_channel_names(tmp_path):
    path = tmp_path / "watchlist.yaml"
    path.write_text("brands:\n  - name: Qudian\n    channels: [Not A Name]\n", encoding="utf-8")
    with pytest.raises(BadInput, match="line 3.*not an alert channel name"):
        load_watchlist(path)
