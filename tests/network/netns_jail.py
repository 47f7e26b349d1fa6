"""Run commands in a network namespace whose only way out is the Tor client's unix socket.

    unshare --net python -m tests.network.netns_jail SPEC.json

Inside the new namespace (root; ``unshare --net`` gives it only a ``lo`` that is down):

* ``lo`` up, IPv6 off (so no IPv6 packet can leave without a route);
* a veth pair ``out0``/``out1`` (this kernel has no ``dummy`` driver) with ``10.200.0.1/24``
  on ``out0`` and the default route via ``10.200.0.254`` on ``out0``. Nothing answers there:
  every direct connection attempt (TCP or UDP, to any address but loopback and 10.200.0.1)
  leaves at least one packet (an ARP request) on ``out0`` and then fails. ``out0``'s
  transmitted-packet counter (``/proc/net/dev``, which shows the reading process's namespace)
  counts them; no raw socket or tcpdump is needed;
* TCP forwarders ``127.0.0.1:<port>`` → a unix socket path (the Tor client's ``SocksPort
  unix:…``): unix sockets are reached by path, across network namespaces, so the crawler's
  Tor proxy setting works unchanged and Tor is the only thing it can reach;
* a STUN-shaped UDP listener on ``10.200.0.1:<stun_port>`` that counts datagrams: a page's
  WebRTC that gets past the browser's policy reaches it, since the address is local.

Then each command runs in turn (stdout/stderr to ``<output>.<n>.out/.err``), and a JSON report
is written to ``<output>``: per command, its return code, the packets ``out0`` sent and the
datagrams the STUN listener received while it ran.
"""
from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import threading
from pathlib import Path

OUT_ADDRESS = "10.200.0.1"
_GATEWAY = "10.200.0.254"


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def set_up_network() -> None:
    for path in ("all", "default", "lo"):
        Path(f"/proc/sys/net/ipv6/conf/{path}/disable_ipv6").write_text("1")
    _run("ip", "link", "set", "lo", "up")
    _run("ip", "link", "add", "out0", "type", "veth", "peer", "name", "out1")
    for name in ("out0", "out1"):
        Path(f"/proc/sys/net/ipv6/conf/{name}/disable_ipv6").write_text("1")
    _run("ip", "addr", "add", f"{OUT_ADDRESS}/24", "dev", "out0")
    _run("ip", "link", "set", "out1", "up")
    _run("ip", "link", "set", "out0", "up")
    _run("ip", "route", "add", "default", "via", _GATEWAY, "dev", "out0")


def tx_packets(interface: str = "out0") -> int:
    for line in Path("/proc/net/dev").read_text().splitlines():
        name, _, counters = line.partition(":")
        if name.strip() == interface:
            return int(counters.split()[9])   # receive: 8 fields, then transmit bytes, packets
    raise LookupError(interface)


class StunListener(threading.Thread):
    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((OUT_ADDRESS, port))
        self.datagrams = 0

    def run(self) -> None:
        while True:
            try:
                self.sock.recvfrom(2048)
            except OSError:
                return
            self.datagrams += 1


def start_forwarders(forwards: list[dict]) -> None:
    """TCP 127.0.0.1:listen_port → unix socket, in a thread with its own event loop."""
    ready = threading.Event()

    async def pipe(reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    def handler(path):
        async def serve(client_reader, client_writer):
            try:
                upstream_reader, upstream_writer = await asyncio.open_unix_connection(path)
            except OSError:
                client_writer.close()
                return
            await asyncio.gather(pipe(client_reader, upstream_writer), pipe(upstream_reader, client_writer))
        return serve

    async def main():
        for forward in forwards:
            await asyncio.start_server(handler(forward["unix"]), "127.0.0.1", forward["listen_port"])
        ready.set()
        await asyncio.Event().wait()

    threading.Thread(target=lambda: asyncio.run(main()), daemon=True).start()
    ready.wait(10)


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    set_up_network()
    stun = StunListener(spec["stun_port"])
    stun.start()
    start_forwarders(spec["forwards"])
    report = []
    for index, command in enumerate(spec["commands"]):
        packets, datagrams = tx_packets(), stun.datagrams
        with open(f"{spec['output']}.{index}.out", "w") as out, open(f"{spec['output']}.{index}.err", "w") as err:
            try:
                returncode = subprocess.run(command["argv"], env=command["env"], cwd=command.get("cwd"),
                                            stdout=out, stderr=err, timeout=command.get("timeout", 300)).returncode
            except subprocess.TimeoutExpired:
                returncode = "timeout"
        report.append({"returncode": returncode, "out0_tx_packets": tx_packets() - packets,
                       "stun_datagrams": stun.datagrams - datagrams})
    Path(spec["output"]).write_text(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
