"""Loaded at start-up by Python in crawler subprocesses of the network tests (PYTHONPATH):
logs every host name this process asks a resolver about to $LEAKSCOUT_TEST_DNS_LOG, so that
a test can assert that no .onion name was looked up locally."""
import os
import socket

_LOG = os.environ.get("LEAKSCOUT_TEST_DNS_LOG")


def _observed(function):
    def lookup(host, *args, **kwargs):
        if _LOG and host is not None:
            name = host.decode("idna") if isinstance(host, bytes) else str(host)
            with open(_LOG, "a", encoding="utf-8") as handle:
                handle.write(f"{function.__name__} {name}\n")
        return function(host, *args, **kwargs)
    lookup.__name__ = function.__name__
    return lookup


if _LOG:
    socket.getaddrinfo = _observed(socket.getaddrinfo)
    socket.gethostbyname = _observed(socket.gethostbyname)
    socket.gethostbyname_ex = _observed(socket.gethostbyname_ex)
