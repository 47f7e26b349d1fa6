"""Watchlist parsing (docs/contracts.md §3): good files load, bad ones name the line."""
import json

import pytest

from leakscout.core.errors import BadInput
from leakscout.core.watchlist import default_watchlist_path, load_watchlist, parse_watchlist

GOOD = """\
brands:
  - name: Qudian                    # canonical name
    aliases: [趣店, 来分期, "Qudian Inc.", qudian.com]
    notify: [brand-protection@example.com]
  - name: Ctrip
    aliases: 携程
"""


def test_contract_example_loads():
    watchlist = parse_watchlist(GOOD)
    qudian, ctrip = watchlist.brands
    assert qudian.name == "Qudian"
    assert qudian.aliases == ("趣店", "来分期", "Qudian Inc.", "qudian.com")
    assert qudian.notify == ("brand-protection@example.com",)
    assert qudian.terms == ("Qudian", "趣店", "来分期", "Qudian Inc.", "qudian.com")
    assert ctrip.aliases == ("携程",) and ctrip.notify == ()


def test_bundled_demo_watchlist_watches_qudian():
    assert load_watchlist(default_watchlist_path()).brand("Qudian").aliases[0] == "趣店"


@pytest.mark.parametrize("text, line, words", [
    ("brands:\n  - name: A\n    aliases: [x, y\n", 4, "not valid YAML"),
    ("brands:\n  - name: A\n  - aliases: [b]\n", 3, "no `name:`"),
    ("brands:\n  - name: A\n    notifyy: [a@b]\n", 3, "unknown key 'notifyy'"),
    ("brands:\n  - name: A\n    notify: [not-an-address]\n", 3, "not an e-mail address"),
    ("brands:\n  - name: A\n  - name: a\n", 3, "listed twice"),
    ("brands: Qudian\n", 1, "must be a list"),
    ("watch:\n  - name: A\n", 1, "unknown key 'watch'"),
    ("brands:\n  - name: ''\n", 2, "non-empty"),
    ("brands:\n  - name: A\n    aliases: {a: 1}\n", 3, "list of texts"),
])
def test_malformed_watchlist_names_the_line(text, line, words):
    with pytest.raises(BadInput) as error:
        parse_watchlist(text, "w.yaml")
    assert f"w.yaml, line {line}:" in str(error.value)
    assert words in str(error.value)
    assert error.value.exit_code == 2


def test_missing_file_is_bad_input(tmp_path):
    with pytest.raises(BadInput, match="cannot read"):
        load_watchlist(tmp_path / "nope.yaml")


def test_extract_honours_leakscout_watchlist(tmp_path):
    """`leakscout extract` answers "would my watchlist catch this?" with the watchlist a crawl uses."""
    import json
    import subprocess

    from tests.conftest import subprocess_env

    watchlist = tmp_path / "watchlist.yaml"
    watchlist.write_text("brands:\n  - name: Zebrafin\n    aliases: [斑马金服]\n", encoding="utf-8")
    line = json.dumps({"id": "a", "text": "出售斑马金服用户数据10万条，手机号姓名，价格5000元"}, ensure_ascii=False) + "\n"

    def brands(**env):
        done = subprocess.run(["leakscout", "extract"], input=line, capture_output=True, text=True, timeout=120,
                              env=subprocess_env(**env))
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["brands"]

    assert brands(LEAKSCOUT_WATCHLIST=str(watchlist)) == ["Zebrafin"]
    assert brands(LEAKSCOUT_WATCHLIST="") == []


@pytest.mark.parametrize("address", [
    "a@example.com\r\nBcc: victim@example.com", "a@example.com\nX: y", "Name <a@example.com>", "a@example.com, b@example.com",
    "a@exa mple.com", "a@", "@example.com", "a@example.com\x00",
])
def test_notify_addresses_that_are_not_plain_addresses_are_refused_at_load(address):
    text = f"brands:\n  - name: Acme\n    notify: [{json.dumps(address)}]\n"
    with pytest.raises(BadInput, match="line 3"):
        parse_watchlist(text)


def test_alert_addresses_from_the_environment_are_refused_when_not_plain(monkeypatch, tmp_path):
    from leakscout.core.config import load_settings

    monkeypatch.setenv("LEAKSCOUT_HOME", str(tmp_path))
    monkeypatch.setenv("LEAKSCOUT_ALERT_TO", "ok@example.com,bad@example.com\r\nBcc: x@example.com")
    with pytest.raises(BadInput, match="LEAKSCOUT_ALERT_TO"):
        load_settings()
