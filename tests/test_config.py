"""Settings: environment over config file; secrets only from the environment or private files."""
import os

import pytest

from leakscout.core.config import load_settings
from leakscout.core.errors import BadInput


def _private(path, text, mode=0o600):
    path.write_text(text)
    os.chmod(path, mode)
    return path


def test_environment_wins_over_the_config_file(tmp_path):
    config = _private(tmp_path / "c.yaml", "es_url: http://10.0.0.1:9200\nLEAKSCOUT_ALERT_TO: a@x, b@x\n")
    settings = load_settings({"LEAKSCOUT_CONFIG": str(config), "LEAKSCOUT_ES_URL": "http://127.0.0.1:9201"})
    assert settings.es_url == "http://127.0.0.1:9201" and settings.alert_to == ("a@x", "b@x")


def test_secret_from_a_private_file(tmp_path):
    secret = _private(tmp_path / "pw", "s3cret\n")
    settings = load_settings({"LEAKSCOUT_ES_PASSWORD_FILE": str(secret)})
    assert settings.es_password == "s3cret"
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_secret_file_readable_by_others_is_refused(tmp_path, mode):
    secret = _private(tmp_path / "pw", "s3cret", mode)
    with pytest.raises(BadInput, match="can be read by other users; make it private: chmod 600") as error:
        load_settings({"LEAKSCOUT_SMTP_URL_FILE": str(secret)})
    assert "s3cret" not in str(error.value)


def test_config_file_with_secrets_must_be_private(tmp_path):
    config = _private(tmp_path / "c.yaml", "es_password: hunter2\n", 0o644)
    with pytest.raises(BadInput, match=r"holds secrets \(ES_PASSWORD\) but other users can read it"):
        load_settings({"LEAKSCOUT_CONFIG": str(config)})
    os.chmod(config, 0o600)
    assert load_settings({"LEAKSCOUT_CONFIG": str(config)}).es_password == "hunter2"


def test_config_file_without_secrets_may_be_shared(tmp_path):
    config = _private(tmp_path / "c.yaml", "index_prefix: team\n", 0o644)
    assert load_settings({"LEAKSCOUT_CONFIG": str(config)}).listings_alias == "team-listings"


@pytest.mark.parametrize("text, words", [
    ("- not a mapping\n", "must be a mapping"),
    ("es_urll: x\n", "unknown key 'es_urll'"),
    ("a: [\n", "not valid YAML"),
])
def test_bad_config_file_is_bad_input(tmp_path, text, words):
    config = _private(tmp_path / "c.yaml", text)
    with pytest.raises(BadInput, match=words):
        load_settings({"LEAKSCOUT_CONFIG": str(config)})


def test_secrets_never_in_repr():
    settings = load_settings({"LEAKSCOUT_SMTP_URL": "smtps://u:topsecret@mail:465",
                              "LEAKSCOUT_WEBHOOK_URL": "https://hooks.example/T0/B0/xyzsecret",
                              "LEAKSCOUT_ES_API_KEY": "apikeysecret", "LEAKSCOUT_HASH_SALT": "saltsecret"})
    text = repr(settings)
    assert not any(s in text for s in ("topsecret", "xyzsecret", "apikeysecret", "saltsecret"))
