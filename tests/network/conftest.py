"""Fixtures of the network tests: loopback sites, a SOCKS5 server standing in for Tor, and
crawls in a subprocess whose DNS lookups are recorded."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawlers.tor import onion_address_for_key
from tests.conftest import REPO_ROOT, subprocess_env
from tests.network.local_sites import LocalSites
from tests.network.netns_jail import OUT_ADDRESS
from tests.network.private_tor import PrivateTorNetwork, tor_available
from tests.network.webrtc_probe import WebRtcPages
from tests.network.socks5_server import Socks5Server

DNS_OBSERVER_DIR = Path(__file__).resolve().parent / "dns_observer"
# Two valid v3 onion addresses (checksum and version per rend-spec-v3), one per test site.
ONION_A = onion_address_for_key(bytes(range(32)))
ONION_B = onion_address_for_key(bytes(range(32, 64)))


STUN_PORT = 3478
WEBRTC_ONION_PORT = 8080
_tor_networks: list[PrivateTorNetwork] = []   # for the terminal summary


@pytest.fixture(scope="session")
def private_tor():
    """One private Tor network for the whole session (tests/network/private_tor.py); its onion
    serves the demo market on port 80 and a WebRTC page (STUN server: the jail's) on 8080."""
    if not tor_available():
        if os.environ.get("CI"):
            pytest.fail("tor and tor-gencert are not installed (scripts/setup installs them)")
        pytest.skip("tor is not installed (scripts/setup installs it)")
    pages = WebRtcPages(f"{OUT_ADDRESS}:{STUN_PORT}")
    try:
        with PrivateTorNetwork(extra_ports={WEBRTC_ONION_PORT: pages.port}) as network:
            _tor_networks.append(network)
            yield network
    finally:
        pages.stop()


def pytest_terminal_summary(terminalreporter):
    for network in _tor_networks:
        terminalreporter.write_line(f"private Tor network: onion reachable {network.bootstrap_seconds:.1f} s after "
                                    "start (keys, 3 authorities, 3 relays, client, onion service; "
                                    + ", ".join(f"{step} at {seconds:.1f} s" for step, seconds in network.phases.items())
                                    + ")")
        for line in network.figures:
            terminalreporter.write_line(f"private Tor network: {line}")


@pytest.fixture
def local_sites():
    with LocalSites() as sites:
        yield sites


@pytest.fixture
def socks_proxy(local_sites):
    """A SOCKS5 server mapping ONION_A and ONION_B to the local sites."""
    target = ("127.0.0.1", local_sites.port)
    with Socks5Server({ONION_A: target, ONION_B: target}) as server:
        yield server


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class CrawlResult:
    returncode: int
    items: list[dict]
    errors: list[dict]
    stats_log: str
    dns_lookups: list[str]
    process_reports: list[dict]   # from the probe spider's report_processes

    @property
    def child_processes(self) -> list[str]:
        """Command lines of the crawl's child processes, over all the pages it parsed."""
        return [command for report in self.process_reports for command in report["child_processes"]]

    def looked_up(self, fragment: str) -> list[str]:
        return [line for line in self.dns_lookups if fragment in line]


def run_probe(tmp_path: Path, urls: list[str], *, tor_proxy: str, args: dict | None = None,
              settings: dict | None = None, env: dict | None = None) -> CrawlResult:
    """Crawl ``urls`` with the probe spider in a subprocess, with the project's settings."""
    feed = tmp_path / f"items-{len(list(tmp_path.glob('items-*')))}.jsonl"
    dns_log = tmp_path / "dns.log"
    dns_log.write_text("")
    command = [sys.executable, "-m", "leakscout.cli", "crawl", "network_probe", "-a", "urls=" + ",".join(urls),
               "-s", "SPIDER_MODULES=crawlers.spiders,tests.network.probe_spider",
               "-s", "ITEM_PIPELINES={}",
               "-s", "FEEDS=" + json.dumps({str(feed): {"format": "jsonlines"}}),
               "-s", "AUTOTHROTTLE_ENABLED=false"]
    for key, value in (args or {}).items():
        command += ["-a", f"{key}={value}"]
    for key, value in (settings or {}).items():
        command += ["-s", f"{key}={value}"]
    process_env = subprocess_env(
        LEAKSCOUT_HOME=str(tmp_path / "home"),
        LEAKSCOUT_TOR_PROXY=tor_proxy,
        LEAKSCOUT_TEST_DNS_LOG=str(dns_log),
        PYTHONPATH=os.pathsep.join([str(DNS_OBSERVER_DIR), str(REPO_ROOT)]),
        **(env or {}),
    )
    done = subprocess.run(command, cwd=REPO_ROOT, env=process_env, capture_output=True, text=True, timeout=300)
    lines = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()] if feed.exists() else []
    return CrawlResult(
        returncode=done.returncode,
        items=[line for line in lines if "error" not in line and "child_processes" not in line],
        errors=[line for line in lines if "error" in line],
        stats_log=done.stderr,
        dns_lookups=dns_log.read_text(encoding="utf-8").splitlines(),
        process_reports=[line for line in lines if "child_processes" in line],
    )
