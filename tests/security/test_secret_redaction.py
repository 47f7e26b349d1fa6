"""Credentials in configured URLs never show: not in `leakscout status`, errors, logs or repr(settings)."""
from __future__ import annotations

import logging
import subprocess

from leakscout.core.config import load_settings
from leakscout.core.redact import redact
from leakscout.log_redaction import install_log_redaction
from tests.conftest import subprocess_env

ES_URL = "http://analyst:Es-S3cret@127.0.0.1:9/"            # the discard port: nothing answers
REDIS_URL = "redis://:R3dis-S3cret@127.0.0.1:9/0"
SECRETS = ("Es-S3cret", "R3dis-S3cret", "analyst")


def test_redact_replaces_the_user_info_of_every_url():
    assert redact(f"at {ES_URL} and {REDIS_URL}") == "at http://***@127.0.0.1:9/ and redis://***@127.0.0.1:9/0"
    assert redact("http://127.0.0.1:9200/x?a=b@c") == "http://127.0.0.1:9200/x?a=b@c"      # no user info
    assert redact("mail a@example.com") == "mail a@example.com"


def test_repr_of_settings_shows_no_credential(monkeypatch, tmp_path):
    monkeypatch.setenv("LEAKSCOUT_HOME", str(tmp_path))
    monkeypatch.setenv("LEAKSCOUT_ES_URL", ES_URL)
    monkeypatch.setenv("LEAKSCOUT_REDIS_URL", REDIS_URL)
    shown = repr(load_settings())
    assert "http://***@127.0.0.1:9/" in shown and "redis://***@127.0.0.1:9/0" in shown
    assert not [secret for secret in SECRETS if secret in shown]


def test_a_status_line_with_a_url_holding_credentials_shows_them_redacted(tmp_path):
    env = subprocess_env(LEAKSCOUT_HOME=str(tmp_path), LEAKSCOUT_ES_URL=ES_URL)
    env.pop("LEAKSCOUT_REDIS_URL", None)
    result = subprocess.run(["leakscout", "status"], env=env, capture_output=True, text=True, timeout=120)
    shown = result.stdout + result.stderr
    assert "search cluster: unreachable" in shown and "http://***@127.0.0.1:9" in shown
    assert not [secret for secret in SECRETS if secret in shown], shown


def test_log_records_are_redacted(caplog):
    install_log_redaction()
    install_log_redaction()                        # idempotent
    with caplog.at_level(logging.INFO):
        logging.getLogger("leakscout.test").info("connecting to %s", REDIS_URL)
    assert caplog.messages == ["connecting to redis://***@127.0.0.1:9/0"]


def test_log_records_carry_no_personal_data(caplog):
    install_log_redaction()
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("scrapy.core.engine").debug("Crawled (200) <GET %s>", "http://m.onion/u/alice.w@example.com/13912345678")
    assert caplog.messages == ["Crawled (200) <GET http://m.onion/u/a***@example.com/139****5678>"]
