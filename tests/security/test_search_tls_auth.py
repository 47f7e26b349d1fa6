"""leakscout against a secured cluster: HTTPS with a verified CA, user/password or API key."""
import subprocess

import pytest

from leakscout.core.config import load_settings
from leakscout.storage.search import SearchRequestError, SearchUnavailable, open_store
from tests.conftest import subprocess_env
from tests.security.tls_auth_proxy import TlsAuthProxy

USER, PASSWORD, API_KEY = "leakscout", "correct horse", "a2V5OnNlY3JldA=="


@pytest.fixture
def secured(search_node, tmp_path):
    with TlsAuthProxy(tmp_path, search_node.url, USER, PASSWORD, API_KEY) as proxy:
        yield proxy


def _settings(monkeypatch, proxy, **env):
    monkeypatch.setenv("LEAKSCOUT_ES_URL", proxy.url)
    monkeypatch.setenv("LEAKSCOUT_ES_CA_CERTS", str(proxy.ca_file))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return load_settings()


def test_user_and_password_over_verified_tls(secured, monkeypatch):
    store = open_store(_settings(monkeypatch, secured, LEAKSCOUT_ES_USER=USER, LEAKSCOUT_ES_PASSWORD=PASSWORD))
    assert store.request("GET", "/_cluster/health")["status"] in ("green", "yellow")
    assert secured.seen_authorization[-1].startswith("Basic ")


def test_api_key_over_verified_tls(secured, monkeypatch):
    store = open_store(_settings(monkeypatch, secured, LEAKSCOUT_ES_API_KEY=API_KEY))
    assert store.request("GET", "/_cluster/health")["status"] in ("green", "yellow")
    assert secured.seen_authorization[-1] == f"ApiKey {API_KEY}"


def test_wrong_password_is_a_clear_refusal(secured, monkeypatch):
    with pytest.raises(SearchRequestError, match="HTTP 401"):
        open_store(_settings(monkeypatch, secured, LEAKSCOUT_ES_USER=USER, LEAKSCOUT_ES_PASSWORD="wrong"))


def test_unknown_certificate_is_refused(secured, monkeypatch):
    monkeypatch.setenv("LEAKSCOUT_ES_URL", secured.url)
    monkeypatch.setenv("LEAKSCOUT_ES_USER", USER)
    monkeypatch.setenv("LEAKSCOUT_ES_PASSWORD", PASSWORD)
    monkeypatch.delenv("LEAKSCOUT_ES_CA_CERTS", raising=False)
    with pytest.raises(SearchUnavailable, match="TLS certificate not trusted: set LEAKSCOUT_ES_CA_CERTS"):
        open_store(load_settings())
    assert secured.seen_authorization == []  # credentials never went to an unverified server


def test_password_never_reaches_output(secured):
    result = subprocess.run(["leakscout", "index", "init"], capture_output=True, text=True, timeout=120,
                            env=subprocess_env(LEAKSCOUT_ES_URL=secured.url, LEAKSCOUT_ES_CA_CERTS=str(secured.ca_file),
                                               LEAKSCOUT_ES_USER=USER, LEAKSCOUT_ES_PASSWORD="wrong-" + PASSWORD))
    assert result.returncode == 1
    assert "HTTP 401" in result.stderr
    assert PASSWORD not in result.stdout + result.stderr
