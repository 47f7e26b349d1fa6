"""A private Tor network on loopback, from Debian's ``tor`` (``TestingTorNetwork 1``): three
directory authorities, three relays, a client and a v3 onion service in front of the demo
market. Fresh data directories in a temporary directory; every process is stopped with SIGTERM.

Start order (the one that avoids tor's slow paths): the demo market, authorities and relays;
wait for the first microdesc consensus; SIGHUP the relays (resets their fetch back-off) and
wait until each has the microdescriptors; then the client and the onion service. Voting every
10 s, the first vote ~4 s after start. Ready when a GET of the onion through the client's SOCKS
port answers 200.

The client listens for SOCKS on a loopback port and on a unix socket (``socks_socket``): the
unix socket is how a crawler in a network namespace of its own reaches it. Its ControlPort
(no authentication; loopback, test only) answers ``GETINFO circuit-status``.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from python_socks import ProxyType
from python_socks.sync import Proxy

from leakscout.demo_market import serve_demo_market

TOR = shutil.which("tor") or "/usr/sbin/tor"
TOR_GENCERT = shutil.which("tor-gencert") or "/usr/bin/tor-gencert"
VOTING_INTERVAL = 10   # seconds
_STARTUP_TIMEOUT = 120


def tor_available() -> bool:
    return Path(TOR).is_file() and Path(TOR_GENCERT).is_file()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class _Node:
    name: str
    role: str                      # authority | relay | client | onion
    datadir: Path
    or_port: int = 0
    dir_port: int = 0
    process: subprocess.Popen | None = None
    extra: list[str] = field(default_factory=list)

    @property
    def log(self) -> Path:
        return self.datadir / "notice.log"

    def log_text(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""


class PrivateTorNetwork:
    """Start with ``start()`` (or as a context manager), stop with ``stop()``."""

    def __init__(self, root: Path | None = None, extra_ports: dict[int, int] | None = None):
        """``extra_ports``: more onion ports (onion port → loopback port), besides the demo
        market on port 80."""
        # A short path: a unix socket's path must stay under 108 bytes.
        self.root = Path(tempfile.mkdtemp(prefix="tor-", dir=root))
        self.market = None
        self.extra_ports = dict(extra_ports or {})
        self.nodes: list[_Node] = []
        self.socks_port = 0
        self.control_port = 0
        self.socks_socket = self.root / "client" / "socks.sock"
        self.onion_host = ""
        self.bootstrap_seconds = 0.0
        self.phases: dict[str, float] = {}   # seconds from start to each step
        self.figures: list[str] = []   # what tests measured on it, for the terminal summary

    # -- life cycle ---------------------------------------------------------------------------

    def start(self) -> "PrivateTorNetwork":
        started = time.monotonic()
        try:
            self.market = serve_demo_market()
            authorities = [_Node(f"auth{i}", "authority", self.root / f"auth{i}", free_port(), free_port())
                           for i in range(3)]
            relays = [_Node(f"relay{i}", "relay", self.root / f"relay{i}", free_port()) for i in range(3)]
            with ThreadPoolExecutor(max_workers=6) as pool:
                dir_lines = list(pool.map(self._make_authority_keys, authorities))
                list(pool.map(self._make_relay_keys, relays))
            self.phases["keys"] = time.monotonic() - started
            offset = self._voting_start_offset()
            for node in authorities + relays:
                self._launch(node, dir_lines, offset)
            self._wait(lambda: "Published microdesc consensus" in authorities[0].log_text(),
                       "the first consensus", authorities)
            self.phases["consensus"] = time.monotonic() - started
            for relay in relays:
                relay.process.send_signal(signal.SIGHUP)
            self._wait(lambda: all(_non_empty(relay.datadir / "cached-microdescs.new") for relay in relays),
                       "the relays' microdescriptors", relays)
            self.phases["relays"] = time.monotonic() - started
            self.socks_port, self.control_port = free_port(), free_port()
            client = _Node("client", "client", self.root / "client")
            onion = _Node("onion", "onion", self.root / "onion")
            for node in (client, onion):
                self._launch(node, dir_lines, offset)
            hostname = onion.datadir / "hs" / "hostname"
            self._wait(lambda: _non_empty(hostname), "the onion address", [onion])
            self.onion_host = hostname.read_text().strip()
            self._wait(lambda: self._onion_answers(), "the onion service through the client", [client, onion])
        except BaseException:
            self.stop()
            raise
        self.bootstrap_seconds = time.monotonic() - started
        return self

    def stop(self) -> None:
        for node in self.nodes:
            if node.process is not None and node.process.poll() is None:
                node.process.terminate()
        for node in self.nodes:
            if node.process is not None:
                try:
                    node.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    node.process.kill()
                    node.process.wait()
        self.nodes.clear()
        if self.market is not None:
            self.market.stop()
            self.market = None
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> "PrivateTorNetwork":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- what tests use -----------------------------------------------------------------------

    @property
    def onion_url(self) -> str:
        return f"http://{self.onion_host}"

    def get(self, path: str, username: str = "probe", timeout: float = 30) -> tuple[int, bytes]:
        """GET ``path`` of the onion through the client's SOCKS port: (status, body)."""
        proxy = Proxy(proxy_type=ProxyType.SOCKS5, host="127.0.0.1", port=self.socks_port,
                      username=username, password="x", rdns=True)
        sock = proxy.connect(dest_host=self.onion_host, dest_port=80, timeout=timeout)
        with sock:
            sock.settimeout(timeout)
            sock.sendall(f"GET {path} HTTP/1.0\r\nHost: {self.onion_host}\r\n\r\n".encode())
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
        return status, body

    def control(self, command: str) -> str:
        """One command on the client's ControlPort; the reply's text."""
        with socket.create_connection(("127.0.0.1", self.control_port), timeout=10) as sock:
            sock.sendall(b"AUTHENTICATE\r\n" + command.encode() + b"\r\nQUIT\r\n")
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
        return reply.decode("utf-8", "replace")

    def circuits(self) -> list[dict]:
        """The client's circuits (``GETINFO circuit-status``): id, state, purpose, SOCKS username."""
        circuits = []
        for line in self.control("GETINFO circuit-status").splitlines():
            match = re.match(r"^(?:250[-+ ]circuit-status=)?(\d+) ([A-Z_]+) ", line)
            if not match:
                continue
            purpose = re.search(r"\bPURPOSE=(\S+)", line)
            username = re.search(r'\bSOCKS_USERNAME="([^"]*)"', line)
            circuits.append({"id": match.group(1), "state": match.group(2),
                             "purpose": purpose.group(1) if purpose else "",
                             "username": username.group(1) if username else None})
        return circuits

    # -- building blocks ----------------------------------------------------------------------

    def _make_authority_keys(self, node: _Node) -> str:
        keys = node.datadir / "keys"
        keys.mkdir(parents=True)
        subprocess.run([TOR_GENCERT, "--create-identity-key", "-m", "12", "-a", f"127.0.0.1:{node.dir_port}",
                        "-i", "authority_identity_key", "-s", "authority_signing_key",
                        "-c", "authority_certificate", "--passphrase-fd", "0"],
                       cwd=keys, input=b"\n", check=True, capture_output=True, timeout=60)
        v3ident = re.search(r"^fingerprint (\w+)", (keys / "authority_certificate").read_text(), re.M).group(1)
        fingerprint = self._make_relay_keys(node)
        return (f"DirAuthority {node.name} orport={node.or_port} no-v2 v3ident={v3ident} "
                f"127.0.0.1:{node.dir_port} {fingerprint}")

    def _make_relay_keys(self, node: _Node) -> str:
        node.datadir.mkdir(parents=True, exist_ok=True)
        subprocess.run([TOR, "--list-fingerprint", "--ignore-missing-torrc", "-f", "/dev/null",
                        "--DataDirectory", str(node.datadir), "--ORPort", str(node.or_port),
                        "--Nickname", node.name], check=True, capture_output=True, timeout=60)
        return (node.datadir / "fingerprint").read_text().split()[1]

    @staticmethod
    def _voting_start_offset() -> int:
        # A vote is made VoteDelay + DistDelay (4 s) before each valid-after time; put the
        # first valid-after ~8 s from now, so the first vote comes ~4 s after start.
        return int(time.time() + 8) % VOTING_INTERVAL

    def _torrc(self, node: _Node, dir_lines: list[str], offset: int) -> str:
        lines = ["TestingTorNetwork 1", f"DataDirectory {node.datadir}", f"Nickname {node.name}",
                 "RunAsDaemon 0", f"Log notice file {node.log}", "ShutdownWaitLength 0", *dir_lines]
        if node.role in ("authority", "relay"):
            lines += ["SocksPort 0", "Address 127.0.0.1", f"ORPort 127.0.0.1:{node.or_port}",
                      "ContactInfo private-tor-network@test.invalid", "AssumeReachable 1",
                      "ExitPolicy reject *:*"]
        if node.role == "authority":
            lines += [f"DirPort 127.0.0.1:{node.dir_port}", "AuthoritativeDirectory 1",
                      "V3AuthoritativeDirectory 1",
                      f"TestingV3AuthInitialVotingInterval {VOTING_INTERVAL}",
                      "TestingV3AuthInitialVoteDelay 2", "TestingV3AuthInitialDistDelay 2",
                      f"V3AuthVotingInterval {VOTING_INTERVAL}", "V3AuthVoteDelay 2", "V3AuthDistDelay 2",
                      f"TestingV3AuthVotingStartOffset {offset}",
                      "TestingDirAuthVoteGuard *", "TestingDirAuthVoteHSDir *",
                      "AuthDirVoteStableGuaranteeMinUptime 0", "AuthDirVoteStableGuaranteeMTBF 0",
                      "TestingMinFastFlagThreshold 0"]
        if node.role == "client":
            lines += [f"SocksPort 127.0.0.1:{self.socks_port}", f"SocksPort unix:{self.socks_socket}",
                      f"ControlPort 127.0.0.1:{self.control_port}"]
        if node.role == "onion":
            lines += ["SocksPort 0", f"HiddenServiceDir {node.datadir / 'hs'}",
                      f"HiddenServicePort 80 127.0.0.1:{self.market.port}",
                      *(f"HiddenServicePort {onion} 127.0.0.1:{local}" for onion, local in self.extra_ports.items())]
        return "\n".join(lines) + "\n"

    def _launch(self, node: _Node, dir_lines: list[str], offset: int) -> None:
        node.datadir.mkdir(parents=True, exist_ok=True)
        os.chmod(node.datadir, 0o700)
        torrc = node.datadir / "torrc"
        torrc.write_text(self._torrc(node, dir_lines, offset), encoding="utf-8")
        node.process = subprocess.Popen([TOR, "-f", str(torrc)], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        self.nodes.append(node)

    def _wait(self, ready, what: str, watched: list[_Node]) -> None:
        deadline = time.monotonic() + _STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if ready():
                return
            for node in watched:
                if node.process is not None and node.process.poll() is not None:
                    raise RuntimeError(f"tor {node.name} exited ({node.process.returncode}) waiting for {what}:\n"
                                       + node.log_text()[-2000:])
            time.sleep(0.2)
        logs = "\n".join(f"--- {node.name}\n{node.log_text()[-1500:]}" for node in watched)
        raise TimeoutError(f"private Tor network: no {what} after {_STARTUP_TIMEOUT} s\n{logs}")

    def _onion_answers(self) -> bool:
        try:
            status, _body = self.get("/", username="bootstrap", timeout=10)
        except Exception:   # OSError, python_socks errors while the client bootstraps
            return False
        return status == 200


def _non_empty(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False


if __name__ == "__main__":   # python -m tests.network.private_tor: start one and time it
    with PrivateTorNetwork() as network:
        print(f"{network.onion_url} reachable after {network.bootstrap_seconds:.1f} s")
        print(network.circuits())
