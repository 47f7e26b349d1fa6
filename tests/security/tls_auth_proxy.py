"""A loopback HTTPS front for the embedded node that demands credentials, as a secured cluster does.

The embedded node has no security plugin, so this stands in for Elasticsearch's own TLS and
authentication: it lets the tests prove that leakscout sends credentials, verifies the CA and
reports refusals clearly.
"""
from __future__ import annotations

import base64
import datetime
import ipaddress
import ssl
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def make_self_signed(folder: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "node.crt", folder / "node.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class TlsAuthProxy:
    """`with TlsAuthProxy(folder, upstream, user, password, api_key) as proxy:` → proxy.url, proxy.ca_file."""

    def __init__(self, folder: Path, upstream: str, user: str, password: str, api_key: str):
        self.ca_file, key_file = make_self_signed(folder)
        self.upstream = upstream.rstrip("/")
        self.accepted = {f"Basic {base64.b64encode(f'{user}:{password}'.encode()).decode()}", f"ApiKey {api_key}"}
        self.seen_authorization: list[str | None] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _forward(self):
                authorization = self.headers.get("authorization")
                proxy.seen_authorization.append(authorization)
                if authorization not in proxy.accepted:
                    body = b'{"error":{"type":"security_exception","reason":"missing authentication credentials"},"status":401}'
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="security"')
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                length = int(self.headers.get("content-length") or 0)
                data = self.rfile.read(length) if length else None
                request = urllib.request.Request(proxy.upstream + self.path, data=data, method=self.command,
                                                 headers={"content-type": self.headers.get("content-type", "application/json")})
                try:
                    with urllib.request.urlopen(request, timeout=30) as upstream:
                        status, body, ctype = upstream.status, upstream.read(), upstream.headers.get("content-type")
                except urllib.error.HTTPError as error:
                    status, body, ctype = error.code, error.read(), error.headers.get("content-type")
                self.send_response(status)
                self.send_header("content-type", ctype or "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.ca_file, key_file)
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "TlsAuthProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
