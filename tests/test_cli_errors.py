"""Bad input and unreachable services give one actionable line and the contract's exit codes."""
import json
import subprocess

from leakscout.demo_market.server import serve_demo_market
from tests.conftest import subprocess_env

DOWN = "http://127.0.0.1:9"  # discard port: nothing listens


def _run(*args, stdin=None, **env):
    return subprocess.run(["leakscout", *args], input=stdin, capture_output=True, text=True, timeout=120,
                          env=subprocess_env(**env))


def test_search_unreachable_is_one_line_and_exit_1():
    result = _run("index", "init", LEAKSCOUT_ES_URL=DOWN)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "not reachable at http://127.0.0.1:9" in result.stderr and "leakscout es up" in result.stderr


def test_crawl_with_search_down_goes_on_and_spools(tmp_path):
    with serve_demo_market() as market:
        result = _run("crawl", "demo_market", "-a", f"base_url={market.url}", LEAKSCOUT_ES_URL=DOWN,
                      LEAKSCOUT_HOME=str(tmp_path))
        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stderr.count("not reachable") == 1      # said once (tests/faults/test_crawl_while_down.py)
        assert "spooled until the search cluster is back" in result.stdout
        assert market.requested_paths


def test_demo_with_remote_search_down_exits_1(tmp_path):
    result = _run("demo", LEAKSCOUT_ES_URL=DOWN, LEAKSCOUT_HOME=str(tmp_path))
    assert result.returncode == 1 and "not reachable" in result.stderr


def test_malformed_watchlist_exits_2_naming_the_line(tmp_path):
    bad = tmp_path / "watchlist.yaml"
    bad.write_text("brands:\n  - name: Qudian\n    aliases: [趣店\n")
    result = _run("extract", "--watchlist", str(bad), stdin="")
    assert result.returncode == 2
    assert f"watchlist {bad}, line 4" in result.stderr
    result = _run("kibana", "export", "-o", str(tmp_path / "k.ndjson"), LEAKSCOUT_WATCHLIST=str(bad))
    assert result.returncode == 2 and "line 4" in result.stderr


def test_unknown_spider_is_bad_usage():
    result = _run("crawl", "no_such_spider")
    assert result.returncode == 2 and "no spider named 'no_such_spider'" in result.stderr


def test_bad_usage_exits_2():
    assert _run("es", "sideways").returncode == 2


def test_extract_reads_jsonl_and_keeps_order():
    lines = [{"id": "a", "text": "【趣店】近百万学生数据出售 打包价10万元"},
             {"id": "b", "html": "<p>Selling 2.3M rows, 0.3 BTC</p>"},
             {"id": "c", "text": "nothing for sale here"}]
    result = _run("extract", "-", stdin="".join(json.dumps(l, ensure_ascii=False) + "\n" for l in lines))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", "b", "c"]
    assert records[0]["price"]["amount"] == 100000 and records[0]["record_count"] == 1000000
    assert records[1]["record_count"] == 2300000 and records[1]["price"]["currency"] == "BTC"
    assert records[2]["brands"] == [] and records[2]["price"] is None


def test_extract_bad_line_is_reported_in_place_and_exit_2():
    result = _run("extract", stdin='{"id": "a", "text": "x"}\nnot json\n{"id": "c", "text": "y"}\n')
    assert result.returncode == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", None, "c"]
    assert records[1]["error"].startswith("line 2: not JSON")
    assert "line 2" in result.stderr


def test_help_screens_show_no_type_noise():
    for command in ([], ["alerts", "list"], ["alerts", "digest"], ["crawl"], ["schedule", "list"], ["es", "up"],
                    ["extract"], ["demo"]):
        result = _run(*command, "--help")
        assert result.returncode == 0, (command, result.stderr)
        assert "<bool>" not in result.stdout, command
        assert "--help " in result.stdout and "Show this message and exit." in result.stdout


def test_crawl_help_lists_the_spiders_and_site_configs():
    result = _run("crawl", "--help")
    assert result.returncode == 0, result.stderr
    spiders = result.stdout.split("Spiders:")[1].split("Site configs")[0]
    names = [line.split()[0] for line in spiders.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    assert names == ["demo_market", "generic", "site"]
    configs = result.stdout.split("Site configs (leakscout crawl site -a config=NAME):")[1]
    for name in ("demo-en", "demo-forum", "demo-jsmarket", "demo-leaks", "demo-paste", "demo-telegram"):
        assert f"\n  {name} " in configs, name
    assert "schedule 15 */6 * * *" in " ".join(configs.split())


def test_the_wrong_port_hint_names_the_running_embedded_node(monkeypatch):
    from leakscout.storage import embedded_node
    from leakscout.core.config import load_settings
    from leakscout.storage.search import _unreachable

    running = embedded_node.NodeStatus(True, 4242, 9201, "http://127.0.0.1:9201", "green", "2.19.1")
    monkeypatch.setattr(embedded_node, "status", lambda paths: running)
    message = str(_unreachable("http://127.0.0.1:9200", ConnectionError(), load_settings()))
    assert "the embedded node runs at http://127.0.0.1:9201 (pid 4242)" in message
    assert "set LEAKSCOUT_ES_URL=http://127.0.0.1:9201" in message
    # on the node's own URL (or with no node running) the hint is to start it
    assert "`leakscout es up`" in str(_unreachable("http://127.0.0.1:9201", ConnectionError(), load_settings()))
