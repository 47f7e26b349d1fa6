"""Kibana saved-objects export: NDJSON shape Kibana 8.x imports, KQL escaping, determinism."""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

import pytest

from leakscout import kibana
from leakscout.errors import BadInput

KIBANA_TYPES = {"index-pattern", "search", "dashboard", "visualization", "lens"}


@dataclass
class Brand:
    name: str
    aliases: list[str] = field(default_factory=list)


BRANDS = [
    Brand("Qudian", ["趣店", "来分期", "Qudian Inc.", "qudian.com"]),
    Brand("Acme Bank", ["ACME", 'say "hi"', "back\\slash"]),
    Brand("趣店", []),
]


# A reader for the subset of KQL the export writes: `field:"quoted"` clauses joined by ` or `.
# It follows Kibana's grammar for quoted strings (kuery.peg: `\\` and `\"` are escapes, `\t`,
# `\r`, `\n` are whitespace, anything else up to the closing quote is literal).
def parse_kql_or_of_phrases(kql: str) -> list[tuple[str, str]]:
    clauses, pos = [], 0
    while True:
        colon = kql.index(":", pos)
        name = kql[pos:colon]
        assert name.isidentifier(), f"bad field name {name!r} in {kql!r}"
        assert kql[colon + 1] == '"', f"value not quoted at {colon + 1} in {kql!r}"
        value, pos = _read_quoted(kql, colon + 2)
        clauses.append((name, value))
        if pos == len(kql):
            return clauses
        assert kql.startswith(" or ", pos), f"expected ' or ' at {pos} in {kql!r}"
        pos += len(" or ")


def _read_quoted(text: str, pos: int) -> tuple[str, int]:
    escapes = {"\\": "\\", '"': '"', "t": "\t", "r": "\r", "n": "\n"}
    out = []
    while text[pos] != '"':
        if text[pos] == "\\":
            assert text[pos + 1] in escapes, f"unknown escape at {pos} in {text!r}"
            out.append(escapes[text[pos + 1]])
            pos += 2
        else:
            out.append(text[pos])
            pos += 1
    return "".join(out), pos + 1


def ndjson_lines(objects) -> list[dict]:
    buffer = io.StringIO()
    kibana.write_ndjson(objects, buffer)
    text = buffer.getvalue()
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


# --- NDJSON structure ---------------------------------------------------------------------------

def test_every_line_is_a_kibana_saved_object():
    lines = ndjson_lines(kibana.build_saved_objects(BRANDS))
    assert len(lines) == 1 + len(BRANDS)
    for obj in lines:
        assert isinstance(obj, dict)
        assert isinstance(obj["id"], str) and obj["id"]
        assert obj["type"] in KIBANA_TYPES
        assert isinstance(obj["attributes"], dict)
        assert isinstance(obj.get("references", []), list)


def test_ids_are_unique():
    ids = [obj["id"] for obj in kibana.build_saved_objects(BRANDS)]
    assert len(ids) == len(set(ids))


def test_references_resolve_to_the_exported_data_view():
    lines = ndjson_lines(kibana.build_saved_objects(BRANDS))
    data_views = {obj["id"] for obj in lines if obj["type"] == "index-pattern"}
    assert data_views == {"leakscout-listings"}
    for obj in lines:
        for ref in obj.get("references", []):
            assert ref["type"] == "index-pattern"
            assert ref["id"] in data_views
            assert ref["name"]


def test_data_view_attributes():
    lines = ndjson_lines(kibana.build_saved_objects(BRANDS))
    data_view = lines[0]
    assert data_view["type"] == "index-pattern"
    assert data_view["attributes"]["title"] == "leakscout-listings"
    assert data_view["attributes"]["timeFieldName"] == "first_seen"
    assert data_view["attributes"]["name"] == "leakscout listings"


def test_one_saved_search_per_brand():
    searches = [o for o in ndjson_lines(kibana.build_saved_objects(BRANDS)) if o["type"] == "search"]
    assert [s["attributes"]["title"] for s in searches] == [f"leakscout: {b.name}" for b in BRANDS]
    for search in searches:
        attributes = search["attributes"]
        assert attributes["sort"] == [["first_seen", "desc"]]
        assert "title" in attributes["columns"] and "url" in attributes["columns"]


def test_search_source_is_a_json_string_pointing_at_its_reference():
    for search in kibana.build_saved_objects(BRANDS)[1:]:
        raw = search["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"]
        assert isinstance(raw, str)
        source = json.loads(raw)
        assert source["query"]["language"] == "kuery"
        assert source["filter"] == []
        ref_names = {ref["name"] for ref in search["references"]}
        assert source["indexRefName"] in ref_names


def test_custom_index_pattern_and_data_view_id():
    objects = kibana.build_saved_objects(BRANDS, index_pattern="ls-*", data_view_id="dv-1")
    assert objects[0]["id"] == "dv-1"
    assert objects[0]["attributes"]["title"] == "ls-*"
    assert all(o["references"][0]["id"] == "dv-1" for o in objects[1:])


def test_no_brands_gives_only_the_data_view():
    assert [o["type"] for o in kibana.build_saved_objects([])] == ["index-pattern"]


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


# --- KQL ---------------------------------------------------------------------------------------

def test_brand_kql_matches_brand_or_alias_phrases():
    kql = kibana.brand_kql(Brand("Qudian", ["趣店", "Qudian Inc."]))
    assert kql == (
        'brands:"Qudian" or title:"趣店" or body:"趣店"'
        ' or title:"Qudian Inc." or body:"Qudian Inc."'
    )


def test_brand_without_aliases_matches_only_the_brands_field():
    assert kibana.brand_kql(Brand("Qudian")) == 'brands:"Qudian"'


@pytest.mark.parametrize("alias, quoted", [
    ('say "hi"', r'"say \"hi\""'),
    ("back\\slash", r'"back\\slash"'),
    ('\\"', r'"\\\""'),
    ("tab\there\nnew", r'"tab\there\nnew"'),
    ("a*b (c) d:e <f> {g}", '"a*b (c) d:e <f> {g}"'),
])
def test_kql_quote_escapes_only_what_kql_reads_inside_quotes(alias, quoted):
    assert kibana.kql_quote(alias) == quoted


@pytest.mark.parametrize("alias", [
    'say "hi"', "back\\slash", "trailing\\", '"', "\\\\", "a or b", "not x and y", "x:y",
    "(趣店)", "wild*card?", "<script>", "{a}", "\\t literally", "line\nbreak",
])
def test_kql_round_trips_any_alias(alias):
    brand = Brand('Br"and\\', [alias])
    clauses = parse_kql_or_of_phrases(kibana.brand_kql(brand))
    assert clauses == [("brands", 'Br"and\\'), ("title", alias), ("body", alias)]


def test_blank_and_repeated_aliases_are_dropped():
    brand = Brand("Qudian", ["趣店", "", "  ", "趣店"])
    assert parse_kql_or_of_phrases(kibana.brand_kql(brand)) == [
        ("brands", "Qudian"), ("title", "趣店"), ("body", "趣店"),
    ]


# --- query DSL ---------------------------------------------------------------------------------

def test_query_dsl_shape():
    dsl = kibana.brand_query_dsl(Brand("Qudian", ["趣店"]))
    assert dsl == {"bool": {
        "should": [
            {"term": {"brands": "Qudian"}},
            {"match_phrase": {"title": "趣店"}},
            {"match_phrase": {"body": "趣店"}},
        ],
        "minimum_should_match": 1,
    }}


@pytest.mark.parametrize("brand", BRANDS, ids=lambda b: b.name)
def test_query_dsl_is_the_kql_equivalent(brand):
    kinds = {"brands": "term", "title": "match_phrase", "body": "match_phrase"}
    from_kql = [(kinds[f], f, v) for f, v in parse_kql_or_of_phrases(kibana.brand_kql(brand))]
    from_dsl = [
        (kind, field_name, value)
        for clause in kibana.brand_query_dsl(brand)["bool"]["should"]
        for kind, body in clause.items()
        for field_name, value in body.items()
    ]
    assert from_dsl == from_kql
