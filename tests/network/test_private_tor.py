"""The demo market as an onion service on a private Tor network (tests/network/private_tor.py),
crawled by ``leakscout crawl`` jailed in a network namespace whose only way out is Tor.

How the jail works (tests/network/netns_jail.py): ``unshare --net`` gives the crawl a network
namespace of its own. Its only route anywhere is a default route over a veth interface
(``out0``) to a gateway that does not exist, so every direct connection attempt — TCP or UDP,
a DNS query, a STUN request, a connection to a public or private address — puts at least one
packet (an ARP request) on ``out0`` and then fails. ``out0``'s transmit counter is read from
``/proc/net/dev`` before and after each command: the number of direct attempts, asserted 0.
Tor is reached only through the client's ``SocksPort unix:…`` (unix sockets are found by path,
across namespaces), bridged to ``127.0.0.1:9050`` inside the namespace: the crawl's Tor proxy
setting is the ordinary one. A UDP listener on the namespace's own address plays the STUN
server a rendered page's WebRTC asks for our address.

Controls run in the same jail, so that a 0 means something: a direct TCP connection does show
on ``out0``; Chromium launched with the crawl's options but without the page guard (a page that
got an ``RTCPeerConnection``) gathers no candidate and sends the STUN server nothing, and
without the WebRTC policy flags too it does reach the STUN server.

One jail run (six commands) serves all the tests below: about a minute on top of the network's
bootstrap (about 20 s, printed in the terminal summary).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from crawlers.sites.config import CONFIGS_DIR
from crawlers.tor import isolation_credentials
from tests.conftest import REPO_ROOT
from tests.network.conftest import STUN_PORT, WEBRTC_ONION_PORT
from tests.network.netns_jail import OUT_ADDRESS
from tests.network.test_browser import needs_chromium

pytestmark = [pytest.mark.tor_network, needs_chromium]

JAIL_SOCKS_PORT = 9050
PLAIN, RENDERED, WEBRTC, DIRECT_CONTROL, WEBRTC_POLICY_ONLY, WEBRTC_CONTROL = range(6)
DEMO_EN_LISTINGS = {"4471", "4502", "4519", "4533"}
JSMARKET_LISTINGS = {"862", "870", "876", "881"}
WEBRTC_SITE = "onion-webrtc"


def _onion_config(bundled: str, onion_url: str) -> str:
    text = CONFIGS_DIR.joinpath(f"{bundled}.yaml").read_text(encoding="utf-8")
    text = text.replace("http://127.0.0.1:8808", onion_url)
    # An onion needs no private addresses: the crawl runs with the default refusal.
    return re.sub(r"^allow_private_addresses:.*$", "", text, flags=re.M)


def _webrtc_config(onion_host: str) -> str:
    return (f"name: {WEBRTC_SITE}\nfamily: market\nrender: js\nmax_pages: 1\n"
            f"start_urls: [http://{onion_host}:{WEBRTC_ONION_PORT}/index.html]\n"
            "listing_links: 'a.item::attr(href)'\nfields: {title: h1.title, body: div.body}\n")


def _crawl_command(config: Path, feed: Path, home: Path) -> dict:
    env = dict(os.environ, LEAKSCOUT_HOME=str(home), LEAKSCOUT_TOR_PROXY=f"socks5h://127.0.0.1:{JAIL_SOCKS_PORT}",
               LEAKSCOUT_ALLOW_PRIVATE_ADDRESSES="", PYTHONPATH=str(REPO_ROOT))
    argv = [sys.executable, "-m", "leakscout.cli", "crawl", "site", "-a", f"config={config}",
            "-s", "ITEM_PIPELINES={}", "-s", "FEEDS=" + json.dumps({str(feed): {"format": "jsonlines"}}),
            "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "CLOSESPIDER_TIMEOUT=150"]
    return {"argv": argv, "env": env, "cwd": str(REPO_ROOT), "timeout": 200}


@pytest.fixture(scope="module")
def jailed(private_tor, tmp_path_factory):
    if os.geteuid() != 0:
        pytest.skip("a network namespace needs root (unshare --net)")
    work = tmp_path_factory.mktemp("jail")
    configs = {"demo-en": _onion_config("demo-en", private_tor.onion_url),
               "demo-jsmarket": _onion_config("demo-jsmarket", private_tor.onion_url),
               WEBRTC_SITE: _webrtc_config(private_tor.onion_host)}
    commands, feeds = [], {}
    for name, text in configs.items():
        (work / f"{name}.yaml").write_text(text, encoding="utf-8")
        feeds[name] = work / f"{name}.jsonl"
        commands.append(_crawl_command(work / f"{name}.yaml", feeds[name], work / "home"))
    tool_env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    commands.append({"argv": [sys.executable, "-c", "import socket\ntry:\n socket.create_connection("
                              "('198.51.100.7', 80), timeout=3)\nexcept OSError as e:\n print(e)"],
                     "env": tool_env, "timeout": 30})
    for flags in ([], ["--without-webrtc-policy"]):
        commands.append({"argv": [sys.executable, "-m", "tests.network.webrtc_probe", f"{OUT_ADDRESS}:{STUN_PORT}",
                                  *flags], "env": tool_env, "cwd": str(REPO_ROOT), "timeout": 60})
    spec = {"stun_port": STUN_PORT, "output": str(work / "report.json"), "commands": commands,
            "forwards": [{"listen_port": JAIL_SOCKS_PORT, "unix": str(private_tor.socks_socket)}]}
    (work / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    command = ["unshare", "--net", sys.executable, "-m", "tests.network.netns_jail", str(work / "spec.json")]
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=900,
                          env=dict(os.environ, PYTHONPATH=str(REPO_ROOT)))
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stderr[-3000:]}"
    report = json.loads((work / "report.json").read_text())
    logs = [Path(f"{spec['output']}.{index}.err").read_text(errors="replace") for index in range(len(commands))]
    items = {name: [json.loads(line) for line in feed.read_text().splitlines()] if feed.exists() else []
             for name, feed in feeds.items()}
    return {"report": report, "logs": logs, "items": items, "circuits": private_tor.circuits(),
            "out": [Path(f"{spec['output']}.{index}.out").read_text(errors="replace")
                    for index in range(len(commands))]}


def _listing_ids(items: list[dict]) -> set[str]:
    return {re.search(r"/(\d+)\.html$", item["url"]).group(1) for item in items}


def test_the_onion_demo_market_is_crawled_plain_and_rendered_through_tor(jailed, private_tor):
    report, logs, items = jailed["report"], jailed["logs"], jailed["items"]

    assert report[PLAIN]["returncode"] == 0, logs[PLAIN][-3000:]
    assert _listing_ids(items["demo-en"]) == DEMO_EN_LISTINGS, logs[PLAIN][-3000:]
    assert all(item["url"].startswith(private_tor.onion_url + "/en/listing/") for item in items["demo-en"])
    assert report[RENDERED]["returncode"] == 0, logs[RENDERED][-3000:]
    # Hydrant Market's pages are empty until their script runs: these came from Chromium.
    assert _listing_ids(items["demo-jsmarket"]) == JSMARKET_LISTINGS, logs[RENDERED][-3000:]
    assert all(item.get("screenshot") for item in items["demo-jsmarket"])
    for log in logs[PLAIN], logs[RENDERED]:
        assert "leakscout/scope/refused" not in log and "'leakscout/tor/requests'" in log


def test_no_direct_connection_leaves_the_namespace(jailed, private_tor):
    report = jailed["report"]

    private_tor.figures.append("packets sent directly by the jailed crawls (plain, rendered, WebRTC page): "
                               f"{[report[index]['out0_tx_packets'] for index in (PLAIN, RENDERED, WEBRTC)]}; "
                               f"by the direct-connection control: {report[DIRECT_CONTROL]['out0_tx_packets']}")
    assert [report[index]["out0_tx_packets"] for index in (PLAIN, RENDERED, WEBRTC)] == [0, 0, 0]
    # The control: a direct attempt from the same jail is seen, and fails.
    assert report[DIRECT_CONTROL]["out0_tx_packets"] > 0
    assert "No route to host" in jailed["out"][DIRECT_CONTROL] or "timed out" in jailed["out"][DIRECT_CONTROL]


def test_each_site_has_circuits_of_its_own(jailed, private_tor):
    rendezvous = [c for c in jailed["circuits"] if c["purpose"] == "HS_CLIENT_REND" and c["username"]]
    by_user: dict[str, set[str]] = {}
    for circuit in rendezvous:
        by_user.setdefault(circuit["username"], set()).add(circuit["id"])
    users = {site: isolation_credentials(site)[0] for site in ("demo-en", "demo-jsmarket", WEBRTC_SITE)}

    private_tor.figures.append("rendezvous circuits per site: " + ", ".join(
        f"{site} {sorted(by_user.get(user, ()), key=int)}" for site, user in users.items()))
    assert set(users.values()) <= set(by_user), jailed["circuits"]
    ids = [by_user[user] for user in users.values()]
    assert all(not (ids[a] & ids[b]) for a in range(len(ids)) for b in range(a + 1, len(ids)))


def test_a_rendered_pages_webrtc_reaches_no_stun_server(jailed, private_tor):
    report, items = jailed["report"], jailed["items"]

    assert report[WEBRTC]["returncode"] == 0, jailed["logs"][WEBRTC][-3000:]
    assert len(items[WEBRTC_SITE]) == 1   # the page was rendered: its script ran
    private_tor.figures.append("datagrams the STUN server received: crawl of the WebRTC page "
                               f"{report[WEBRTC]['stun_datagrams']}, policy flags only "
                               f"{report[WEBRTC_POLICY_ONLY]['stun_datagrams']}, control without them "
                               f"{report[WEBRTC_CONTROL]['stun_datagrams']}")
    assert report[WEBRTC]["stun_datagrams"] == 0
    body = items[WEBRTC_SITE][0]["body"]
    assert "ice:" in body and not re.search(r"ice:\s*\w", body)   # the page saw no candidate of any kind
    # The policy flags alone (a page that got an RTCPeerConnection past the init script):
    # no UDP either; and the control: the same browser without them does ask the STUN server.
    assert report[WEBRTC_POLICY_ONLY]["stun_datagrams"] == 0
    assert json.loads(jailed["out"][WEBRTC_POLICY_ONLY]) == []
    assert report[WEBRTC_CONTROL]["stun_datagrams"] > 0, jailed["logs"][WEBRTC_CONTROL][-2000:]
