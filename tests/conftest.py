"""Shared fixtures. Integration tests run against the real embedded node (the one `leakscout es up`
starts); each test gets its own index prefix so it never touches an analyst's data."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from leakscout.core.config import load_settings
from leakscout.storage.search import SearchUnavailable, open_store

REPO_ROOT = Path(__file__).resolve().parent.parent
# The tests' sites run on loopback, which crawls refuse by default (crawlers/middlewares/scope.py);
# crawl subprocesses inherit this. Tests of the refusal turn it off.
os.environ.setdefault("LEAKSCOUT_ALLOW_PRIVATE_ADDRESSES", "1")


ID_FIELD_DATA = "indices.id_field_data.enabled"


@pytest.fixture(scope="session")
def search_node():
    """The embedded node: used if running, started (and stopped afterwards) if not."""
    from leakscout.storage import embedded_node

    settings = load_settings()
    try:
        store = open_store(settings, timeout=30)
        started = False
    except SearchUnavailable:
        port = embedded_node.embedded_port(settings.es_url)
        if port is None:
            raise
        paths = embedded_node.NodePaths.from_dirs(settings.cache, settings.es_data_dir)
        embedded_node.up(paths, port=port)
        store = open_store(settings, timeout=30)
        started = True
    # As on Elasticsearch 8, sorting or aggregating on _id is refused: nothing may depend on it.
    # Left so afterwards (transient: until the node restarts), so that a second test session on
    # the same node cannot switch it back on under a first one.
    store.request("PUT", "/_cluster/settings", {"transient": {ID_FIELD_DATA: False}})
    yield store
    store.close()
    if started:
        embedded_node.down(embedded_node.NodePaths.from_dirs(settings.cache, settings.es_data_dir))


@pytest.fixture
def leakscout_env(tmp_path, monkeypatch):
    """A private LEAKSCOUT_HOME and index prefix for one test; the indices are deleted afterwards."""
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("LEAKSCOUT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LEAKSCOUT_INDEX_PREFIX", prefix)
    monkeypatch.setenv("LEAKSCOUT_HASH_SALT", "test-salt")
    monkeypatch.delenv("LEAKSCOUT_SMTP_URL", raising=False)
    monkeypatch.delenv("LEAKSCOUT_WATCHLIST", raising=False)
    monkeypatch.delenv("LEAKSCOUT_ALERT_TO", raising=False)
    yield load_settings()


@pytest.fixture
def store(search_node, leakscout_env):
    """A store on the real node with this test's own, initialised indices."""
    from leakscout.storage.index_admin import init_indices

    init_indices(search_node, leakscout_env.index_prefix)
    yield search_node
    search_node.request("DELETE", f"/{leakscout_env.index_prefix}-*", ok=(404,))
    for name in ("listings", "alerts", "watches"):
        search_node.request("DELETE", f"/_index_template/{leakscout_env.index_prefix}-{name}", ok=(404,))


def free_node_port() -> int:
    """A free port in the range the embedded node accepts, counting down from its top."""
    import socket

    from leakscout.storage import embedded_node

    for port in reversed(embedded_node.PORT_RANGE):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in the embedded node's range")


def subprocess_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env


@pytest.fixture
def sink(tmp_path):
    """A real SMTP server on loopback (aiosmtpd) that keeps each mail as an .eml file."""
    from leakscout.alerts.sink import MailSink

    with MailSink(tmp_path / "mail") as running:
        yield running
