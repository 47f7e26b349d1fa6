"""Imported sessions: formats, storage (0600), bad files, and use by crawls of that site only."""
from __future__ import annotations

import json
import stat
import subprocess
import sys

import pytest

from leakscout.core.errors import BadInput
from crawlers.sessions import import_session, load_session, parse_session_file
from tests.conftest import REPO_ROOT, subprocess_env
from tests.network.conftest import ONION_A, ONION_B, run_probe
from tests.network.local_sites import LISTING_TEXT, SESSION_COOKIE

NAME, VALUE = SESSION_COOKIE


def _netscape(domain: str) -> str:
    return ("# Netscape HTTP Cookie File\n"
            f"#HttpOnly_{domain}\tFALSE\t/\tFALSE\t0\t{NAME}\t{VALUE}\n"
            f".{domain}\tTRUE\t/\tTRUE\t2000000000\tlang\ten\n")


def test_netscape_cookies_txt(tmp_path):
    source = tmp_path / "cookies.txt"
    source.write_text(_netscape("forum.example"))
    state = parse_session_file(source)
    assert state["origins"] == []
    assert state["cookies"][0] == {"name": NAME, "value": VALUE, "domain": "forum.example", "path": "/",
                                   "expires": -1, "httpOnly": True, "secure": False, "sameSite": "Lax"}
    assert state["cookies"][1]["expires"] == 2000000000 and state["cookies"][1]["secure"] is True


def test_json_cookie_list_as_browser_extensions_export_it(tmp_path):
    source = tmp_path / "cookies.json"
    source.write_text(json.dumps([{"name": NAME, "value": VALUE, "domain": ".forum.example", "path": "/",
                                   "expirationDate": 2000000000.5, "httpOnly": True, "secure": False,
                                   "sameSite": "no_restriction", "session": False}]))
    [cookie] = parse_session_file(source)["cookies"]
    assert (cookie["domain"], cookie["expires"], cookie["sameSite"]) == (".forum.example", 2000000000.5, "None")


def test_playwright_storage_state_keeps_its_origins(tmp_path):
    state = {"cookies": [{"name": NAME, "value": VALUE, "domain": "forum.example", "path": "/", "expires": -1,
                          "httpOnly": False, "secure": False, "sameSite": "Lax"}],
             "origins": [{"origin": "http://forum.example", "localStorage": [{"name": "k", "value": "v"}]}]}
    source = tmp_path / "state.json"
    source.write_text(json.dumps(state))
    assert parse_session_file(source) == state


@pytest.mark.parametrize("content, message", [
    ("forum.example\tFALSE\t/\tFALSE\t0\tonly-six\n", "cookies.txt:1: a cookies.txt line has 7"),
    ("# header\nforum.example\tFALSE\t/\tFALSE\tsoon\tn\tv\n", "cookies.txt:2: expiry 'soon'"),
    ("# only comments\n", "no cookies found"),
])
def test_bad_cookies_txt_names_the_line(tmp_path, content, message):
    source = tmp_path / "cookies.txt"
    source.write_text(content)
    with pytest.raises(BadInput, match=message):
        parse_session_file(source)


@pytest.mark.parametrize("content, message", [
    ('[{"name": "a", "value": "b"', "state.json:1: not valid JSON"),
    ('[{"name": "a", "value": "b"}]', "cookie #1 needs"),
    ('{"something": 1}', "expected a list of cookies"),
])
def test_bad_json_sessions_say_why(tmp_path, content, message):
    source = tmp_path / "state.json"
    source.write_text(content)
    with pytest.raises(BadInput, match=message):
        parse_session_file(source)


def test_stored_0600_and_bad_site_keys_refused(tmp_path):
    source = tmp_path / "cookies.txt"
    source.write_text(_netscape("forum.example"))
    path, _state = import_session(tmp_path / "home", "forum-x", source)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_session(tmp_path / "home", "forum-x")["cookies"][0]["value"] == VALUE
    with pytest.raises(BadInput, match="bad site key"):
        import_session(tmp_path / "home", "../escape", source)
    assert load_session(tmp_path / "home", "../escape") is None


def test_session_import_command(tmp_path):
    source = tmp_path / "cookies.txt"
    source.write_text(_netscape("forum.example"))
    env = subprocess_env(LEAKSCOUT_HOME=str(tmp_path / "home"))
    command = [sys.executable, "-m", "leakscout.cli", "session", "import"]
    done = subprocess.run([*command, "forum-x", str(source)], env=env, cwd=REPO_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "stored 2 cookie(s)" in done.stdout
    assert VALUE not in done.stdout + done.stderr  # cookie values are never printed
    assert (tmp_path / "home" / "sessions" / "forum-x.json").is_file()

    bad = tmp_path / "bad.txt"
    bad.write_text("not\ta\tcookie\n")
    done = subprocess.run([*command, "forum-x", str(bad)], env=env, cwd=REPO_ROOT, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "bad.txt:1" in done.stderr


def test_a_crawl_sends_the_imported_cookies_to_their_site_only(tmp_path, socks_proxy, local_sites):
    source = tmp_path / "cookies.txt"
    source.write_text(_netscape(ONION_A))
    import_session(tmp_path / "home", "forum-x", source)

    result = run_probe(tmp_path, [f"http://{ONION_A}/members-only.html", f"http://{ONION_B}/listing.html"],
                       tor_proxy=socks_proxy.url, args={"site": "forum-x"})

    assert sorted(item["url"] for item in result.items) == sorted(
        [f"http://{ONION_A}/members-only.html", f"http://{ONION_B}/listing.html"])
    assert all(LISTING_TEXT in item["body"] for item in result.items)  # not the login page
    assert ("GET", "/members-only.html", True) in local_sites.requests
    assert ("GET", "/listing.html", False) in local_sites.requests  # another domain: no cookie
    assert "leakscout/sessions/used" in result.stats_log
    assert VALUE not in result.stats_log
