#!/usr/bin/env python3
"""Container healthcheck for the scheduler: can it reach the services it needs?

Exit 0 when Elasticsearch, Redis and the Tor SOCKS port accept a TCP connection, else 1 with the
unreachable ones on stderr. Hosts and ports come from the same LEAKSCOUT_* variables the app reads.
"""
import os
import socket
import sys
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443, "redis": 6379, "socks5h": 1080, "socks5": 1080}


def endpoint(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "localhost", parts.port or DEFAULT_PORTS.get(parts.scheme, 80)


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=3):
            return True
    except OSError:
        return False


def main() -> int:
    failed = []
    for var in ("LEAKSCOUT_ES_URL", "LEAKSCOUT_REDIS_URL", "LEAKSCOUT_TOR_PROXY"):
        url = os.environ.get(var)
        if url and not reachable(*endpoint(url)):
            failed.append(f"{var}={url}")
    if failed:
        print("unreachable: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
