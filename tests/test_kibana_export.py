"""Kibana saved-objects export: NDJSON shape Kibana 8.x imports, Lucene escaping, determinism, import.

(The saved searches' queries are run against the real node in tests/alerts/test_watches.py.)"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

import pytest

from leakscout import kibana
from leakscout.core.errors import BadInput

KIBANA_TYPES = {"index-pattern", "search", "dashboard", "visualization", "lens"}


@dataclass
class Brand:
    name: str
    aliases: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    min_severity: float | None = None
    data_types: list[str] = field(default_factory=list)


BRANDS = [
    Brand("Qudian", ["趣店", "来分期", "Qudian Inc.", "qudian.com"]),
    Brand("Acme Bank", ["ACME", 'say "hi"', "back\\slash"]),
    Brand("趣店", []),
]


def ndjson_lines(objects) -> list[dict]:
    buffer = io.StringIO()
    kibana.write_ndjson(objects, buffer)
    text = buffer.getvalue()
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


# --- NDJSON structure ---------------------------------------------------------------------------

def test_every_line_is_a_kibana_saved_object():
    lines = ndjson_lines(kibana.build_saved_objects(BRANDS))
    assert len(lines) == 1 + 2 * len(BRANDS) + 3 + 1  # data view, 2 searches a brand, 3 visualizations, dashboard
    for obj in lines:
        assert isinstance(obj, dict)
        assert isinstance(obj["id"], str) and obj["id"]
        assert obj["type"] in KIBANA_TYPES
        assert isinstance(obj["attributes"], dict)
        assert isinstance(obj.get("references", []), list)


def test_ids_are_unique():
    ids = [obj["id"] for obj in kibana.build_saved_objects(BRANDS)]
    assert len(ids) == len(set(ids))


def test_references_resolve_to_objects_exported_before_them():
    lines = ndjson_lines(kibana.build_saved_objects(BRANDS))
    assert {obj["id"] for obj in lines if obj["type"] == "index-pattern"} == {"leakscout-listings"}
    earlier: set[tuple[str, str]] = set()
    for obj in lines:
        for ref in obj.get("references", []):
            assert ref["name"] and (ref["type"], ref["id"]) in earlier, ref
        earlier.add((obj["type"], obj["id"]))


def test_data_view_attributes():
    lines = ndjson_lines(kibana.build_saved_objects(BRANDS))
    data_view = lines[0]
    assert data_view["type"] == "index-pattern"
    assert data_view["attributes"]["title"] == "leakscout-listings"
    assert data_view["attributes"]["timeFieldName"] == "first_seen"
    assert data_view["attributes"]["name"] == "leakscout listings"


def test_two_saved_searches_per_brand_its_watch_and_its_confirmed_exposure():
    searches = [o for o in ndjson_lines(kibana.build_saved_objects(BRANDS)) if o["type"] == "search"]
    assert len(searches) == 2 * len(BRANDS)
    assert [s["attributes"]["title"] for s in searches] == [
        title for b in BRANDS for title in (f"leakscout: {b.name}", f"leakscout: {b.name} confirmed exposure")]
    exposure = json.loads(searches[1]["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])
    assert exposure["query"]["query"] == f'exposure_brands:"{BRANDS[0].name}"'
    for search in searches:
        attributes = search["attributes"]
        assert attributes["sort"] == [["first_seen", "desc"]]
        assert "title" in attributes["columns"] and "url" in attributes["columns"]


def test_search_source_is_a_json_string_pointing_at_its_reference():
    for search in kibana.build_saved_objects(BRANDS)[1:-1]:  # searches and visualizations
        raw = search["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"]
        assert isinstance(raw, str)
        source = json.loads(raw)
        assert source["query"]["language"] == ("lucene" if search["type"] == "search" else "kuery")
        assert source["filter"] == []
        ref_names = {ref["name"] for ref in search["references"]}
        assert source["indexRefName"] in ref_names


def test_custom_index_pattern_and_data_view_id():
    objects = kibana.build_saved_objects(BRANDS, index_pattern="ls-*", data_view_id="dv-1")
    assert objects[0]["id"] == "dv-1"
    assert objects[0]["attributes"]["title"] == "ls-*"
    assert all(o["references"][0]["id"] == "dv-1" for o in objects[1:] if o["type"] != "dashboard")


def test_no_brands_gives_the_data_view_and_the_dashboard():
    assert [o["type"] for o in kibana.build_saved_objects([])] == \
        ["index-pattern", "visualization", "visualization", "visualization", "dashboard"]


def test_a_brand_listed_twice_is_bad_input():
    with pytest.raises(BadInput, match="twice"):
        kibana.build_saved_objects([Brand("Qudian"), Brand("Qudian", ["x"])])


# --- ids and determinism -----------------------------------------------------------------------

def test_search_ids_are_stable_and_safe():
    assert kibana.search_id("Qudian") == kibana.search_id("Qudian")
    assert kibana.search_id("Qudian") != kibana.search_id("qudian")
    assert kibana.search_id("Qudian").startswith("leakscout-search-qudian-")
    chinese = kibana.search_id("趣店")
    assert chinese.startswith("leakscout-search-") and chinese.isascii()


def test_same_input_gives_identical_bytes(tmp_path):
    first = kibana.export(BRANDS, tmp_path / "a.ndjson")
    second = kibana.export([Brand(b.name, list(b.aliases)) for b in BRANDS], tmp_path / "b.ndjson")
    assert first == tmp_path / "a.ndjson"
    assert first.read_bytes() == second.read_bytes()


def test_written_as_utf8_to_paths_and_binary_files(tmp_path):
    objects = kibana.build_saved_objects(BRANDS)
    binary = io.BytesIO()
    kibana.write_ndjson(objects, binary)
    kibana.write_ndjson(objects, str(tmp_path / "out.ndjson"))
    assert binary.getvalue() == (tmp_path / "out.ndjson").read_bytes()
    assert "趣店".encode("utf-8") in binary.getvalue()


def test_export_into_a_missing_folder_is_bad_input(tmp_path):
    with pytest.raises(BadInput):
        kibana.export(BRANDS, tmp_path / "missing" / "out.ndjson")


# --- Lucene ------------------------------------------------------------------------------------

def read_lucene_phrase(text: str) -> str:
    """Lucene's reading of a quoted phrase (QueryParser: `\\` escapes the next character)."""
    assert text[0] == '"' and text[-1] == '"'
    out, pos, body = [], 0, text[1:-1]
    while pos < len(body):
        assert body[pos] != '"', f"unescaped quote in {text!r}"
        if body[pos] == "\\":
            out.append(body[pos + 1])
            pos += 2
        else:
            out.append(body[pos])
            pos += 1
    return "".join(out)


@pytest.mark.parametrize("value", ['say "hi"', "back\\slash", "trailing\\", '"', "\\\\", "a OR b", "NOT x",
                                   "x:y", "(趣店)", "wild*card?", "<script>", "{a}", "line\nbreak"])
def test_lucene_phrase_round_trips_any_alias(value):
    assert read_lucene_phrase(kibana.lucene_phrase(value)) == value


def test_brand_lucene_is_the_watch():
    brand = Brand("Qudian", ["趣店", 'say "hi"'], exclude=["fake"], min_severity=40, data_types=["loan", "phone"])
    assert kibana.brand_lucene(brand) == (
        '(brands:"Qudian" OR exposure_brands:"Qudian" OR claimed_source.text:"Qudian" OR claimed_source.text:"趣店"'
        ' OR claimed_source.text:"say \\"hi\\"") AND (severity:>=40) AND (data_types:("loan" OR "phone"))'
        ' AND NOT (title:"fake" OR body:"fake")'
    )
    assert kibana.brand_lucene(Brand("Q")) == '(brands:"Q" OR exposure_brands:"Q" OR claimed_source.text:"Q")'


def test_unsupported_query_dsl_is_refused_not_mistranslated():
    with pytest.raises(ValueError):
        kibana.dsl_to_lucene({"wildcard": {"title": "x*"}})
    with pytest.raises(ValueError):
        kibana.dsl_to_lucene({"range": {"severity": {"gt": 1}}})


# --- dashboard ---------------------------------------------------------------------------------

def test_dashboard_panels_point_at_the_exported_visualizations():
    objects = {o["id"]: o for o in ndjson_lines(kibana.build_saved_objects(BRANDS))}
    dashboard = objects[kibana.DASHBOARD_ID]
    panels = json.loads(dashboard["attributes"]["panelsJSON"])
    references = {ref["name"]: ref for ref in dashboard["references"]}
    assert len(panels) == 3
    for panel in panels:
        ref = references[panel["panelRefName"]]
        assert ref["type"] == "visualization" and objects[ref["id"]]["type"] == "visualization"
        assert set(panel["gridData"]) >= {"x", "y", "w", "h", "i"} and panel["gridData"]["i"] == panel["panelIndex"]
    split_fields = []
    for ref in references.values():
        state = json.loads(objects[ref["id"]]["attributes"]["visState"])
        assert state["aggs"][1]["params"]["field"] == "first_seen"       # over time
        split_fields.append(state["aggs"][2]["params"]["field"])
    assert sorted(split_fields) == ["brands", "regions", "severity"]
    assert json.loads(dashboard["attributes"]["optionsJSON"])["useMargins"] is True


# --- import into Kibana (a loopback HTTP server stands in for Kibana, which does not exist here) --

class FakeKibana:
    def __init__(self, answer: dict, status: int = 200):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["content-length"]))
                fake.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(answer).encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_import_posts_the_ndjson_as_kibana_wants_it():
    ndjson = kibana.to_ndjson(kibana.build_saved_objects(BRANDS)).encode()
    with FakeKibana({"success": True, "successCount": 7, "errors": []}) as fake:
        answer = kibana.import_saved_objects(fake.url, ndjson, space="brand-team", auth=("elastic", "pw"))
    assert answer["successCount"] == 7
    (request,) = fake.requests
    assert request["path"] == "/s/brand-team/api/saved_objects/_import?overwrite=true"
    assert request["headers"]["kbn-xsrf"] and request["headers"]["Authorization"].startswith("Basic ")
    assert request["headers"]["Content-Type"].startswith("multipart/form-data")
    assert b'name="file"; filename="leakscout.ndjson"' in request["body"] and ndjson in request["body"]


def test_import_errors_are_reported():
    from leakscout.core.errors import LeakscoutError

    with FakeKibana({"success": False, "successCount": 1, "errors": [
            {"id": "x", "type": "search", "error": {"type": "missing_references"}}]}) as fake:
        with pytest.raises(LeakscoutError, match="not 1: first search x"):
            kibana.import_saved_objects(fake.url, b"{}\n")
    with FakeKibana({"message": "Unauthorized"}, status=401) as fake:
        with pytest.raises(LeakscoutError, match="HTTP 401 Unauthorized"):
            kibana.import_saved_objects(fake.url, b"{}\n")
    with pytest.raises(LeakscoutError, match="not reachable"):
        kibana.import_saved_objects("http://127.0.0.1:9", b"{}\n", timeout=5)
