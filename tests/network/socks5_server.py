"""A real SOCKS5 server (RFC 1928, RFC 1929) on loopback for tests, standing in for Tor.

It maps host names (onion addresses) to local test servers, never resolves a name itself,
and records every CONNECT: the address type the client used (``domain`` means the client let
the proxy resolve the name), host, port and the SOCKS username (Tor's circuit isolation key).
IP targets are allowed only on loopback.
"""
from __future__ import annotations

import ipaddress
import select
import socket
import socketserver
import struct
import threading
from dataclasses import dataclass

_ATYP_NAMES = {1: "ipv4", 3: "domain", 4: "ipv6"}
_REPLY_OK, _REPLY_HOST_UNREACHABLE, _REPLY_CONNECTION_REFUSED, _REPLY_NOT_ALLOWED = 0, 4, 5, 2


@dataclass(frozen=True)
class ConnectRecord:
    address_type: str   # "domain", "ipv4" or "ipv6"
    host: str
    port: int
    username: str | None


class Socks5Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, names: dict[str, tuple[str, int]]):
        super().__init__(("127.0.0.1", 0), _Socks5Handler)
        self.names = {name.lower(): target for name, target in names.items()}
        self.connects: list[ConnectRecord] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        return f"socks5h://127.0.0.1:{self.port}"

    def record(self, entry: ConnectRecord) -> None:
        with self._lock:
            self.connects.append(entry)

    def __enter__(self) -> "Socks5Server":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.shutdown()
        self.server_close()


class _Socks5Handler(socketserver.BaseRequestHandler):
    server: Socks5Server

    def handle(self) -> None:
        client = self.request
        try:
            username = self._negotiate(client)
            if username is False:
                return
            target = self._read_connect(client, username)
            if target is None:
                return
            upstream = socket.create_connection(target, timeout=10)
        except (OSError, ValueError):
            self._reply(client, _REPLY_CONNECTION_REFUSED)
            return
        self._reply(client, _REPLY_OK)
        with upstream:
            _relay(client, upstream)

    def _negotiate(self, client: socket.socket):
        version, count = _read(client, 2)
        if version != 5:
            return False
        methods = _read(client, count)
        if 2 in methods:  # username/password: what Tor's IsolateSOCKSAuth keys circuits on
            client.sendall(b"\x05\x02")
            _auth_version, name_length = _read(client, 2)
            username = _read(client, name_length).decode("utf-8", "replace")
            (password_length,) = _read(client, 1)
            _read(client, password_length)
            client.sendall(b"\x01\x00")
            return username
        if 0 in methods:
            client.sendall(b"\x05\x00")
            return None
        client.sendall(b"\x05\xff")
        return False

    def _read_connect(self, client: socket.socket, username):
        version, command, _reserved, address_type = _read(client, 4)
        if address_type == 1:
            host = socket.inet_ntop(socket.AF_INET, _read(client, 4))
        elif address_type == 4:
            host = socket.inet_ntop(socket.AF_INET6, _read(client, 16))
        elif address_type == 3:
            (length,) = _read(client, 1)
            host = _read(client, length).decode("idna")
        else:
            raise ValueError("bad address type")
        (port,) = struct.unpack("!H", _read(client, 2))
        self.server.record(ConnectRecord(_ATYP_NAMES[address_type], host, port, username))
        if version != 5 or command != 1:
            self._reply(client, _REPLY_NOT_ALLOWED)
            return None
        if address_type == 3:
            target = self.server.names.get(host.lower())
            if target is None:  # never resolved here: unknown names are unreachable, as in Tor
                self._reply(client, _REPLY_HOST_UNREACHABLE)
                return None
            return target
        if not ipaddress.ip_address(host).is_loopback:
            self._reply(client, _REPLY_NOT_ALLOWED)
            return None
        return host, port

    @staticmethod
    def _reply(client: socket.socket, code: int) -> None:
        try:
            client.sendall(bytes([5, code, 0, 1, 0, 0, 0, 0, 0, 0]))
        except OSError:
            pass


def _read(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("client closed the connection")
        data += chunk
    return data


def _relay(left: socket.socket, right: socket.socket) -> None:
    sockets = [left, right]
    while True:
        readable, _, _ = select.select(sockets, [], [], 60)
        if not readable:
            return
        for source in readable:
            data = source.recv(65536)
            if not data:
                return
            (right if source is left else left).sendall(data)
