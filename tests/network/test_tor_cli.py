"""`leakscout tor check` against a real SOCKS5 server, a dead port, and bad input."""
from __future__ import annotations

import socket
import subprocess
import sys
import threading

from tests.conftest import REPO_ROOT, subprocess_env
from tests.network.conftest import ONION_A, closed_port


def _tor_check(proxy: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "leakscout.cli", "tor", "check", *args],
                          env=subprocess_env(LEAKSCOUT_TOR_PROXY=proxy), cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)


def test_handshake_and_fetch_of_an_onion_page(socks_proxy, local_sites):
    done = _tor_check(socks_proxy.url, "--url", f"http://{ONION_A}/listing.html")
    assert done.returncode == 0, done.stderr
    assert "SOCKS5 handshake ok" in done.stdout
    assert "HTTP 200, text/html; charset=utf-8" in done.stdout
    assert [(c.address_type, c.host) for c in socks_proxy.connects] == [("domain", ONION_A)]
    assert local_sites.requests == [("GET", "/listing.html", False)]


def test_handshake_only(socks_proxy):
    done = _tor_check(socks_proxy.url)
    assert done.returncode == 0, done.stderr
    assert "SOCKS5 handshake ok" in done.stdout
    assert socks_proxy.connects == []  # a handshake connects to nothing


def test_a_port_that_is_not_a_socks_proxy_fails():
    with socket.create_server(("127.0.0.1", 0)) as server:  # answers like a web server would
        def answer_once():
            connection, _ = server.accept()
            with connection:
                connection.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
        threading.Thread(target=answer_once, daemon=True).start()
        done = _tor_check(f"socks5h://127.0.0.1:{server.getsockname()[1]}")
    assert done.returncode == 1
    assert "did not answer as a SOCKS5 proxy" in done.stderr


def test_proxy_down_exits_1_with_one_line():
    done = _tor_check(f"socks5h://127.0.0.1:{closed_port()}")
    assert done.returncode == 1
    assert "does not work" in done.stderr and done.stderr.strip().count("\n") == 0


def test_a_name_the_proxy_cannot_reach_exits_1(socks_proxy):
    unknown = ONION_A.replace(ONION_A[:56], "a" * 56)  # not even valid: refused as bad input first
    assert _tor_check(socks_proxy.url, "--url", f"http://{unknown}/").returncode == 2
    done = _tor_check(socks_proxy.url, "--url", "http://unknown.example/")
    assert done.returncode == 1 and "failed" in done.stderr
    assert [(c.address_type, c.host) for c in socks_proxy.connects] == [("domain", "unknown.example")]


def test_bad_input_exits_2():
    assert _tor_check("http://127.0.0.1:9050").returncode == 2
    assert _tor_check("socks5h://127.0.0.1:9050", "--url", "ftp://x/").returncode == 2
