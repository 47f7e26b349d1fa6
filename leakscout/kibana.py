"""Kibana saved objects for leakscout (contract §1, `leakscout kibana export`).

Builds the NDJSON that Kibana 8.x imports under Stack Management → Saved objects → Import (or
POST /api/saved_objects/_import): one data view over the listings alias and one saved search per
watched brand. Everything here is pure and deterministic: the same brands give the same bytes.

Migration versions are left out on purpose: Kibana migrates imported objects that carry none.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
from pathlib import Path
from typing import IO, Iterable, Protocol, Sequence

from leakscout.errors import BadInput

DEFAULT_INDEX_PATTERN = "leakscout-listings"
DEFAULT_DATA_VIEW_ID = "leakscout-listings"
TIME_FIELD = "first_seen"
SEARCH_COLUMNS = (
    "title", "brands", "record_count", "price.amount", "price.currency", "regions", "site", "url",
)
# Kibana's fixed name for the reference a saved search makes to its data view.
INDEX_REF_NAME = "kibanaSavedObjectMeta.searchSourceJSON.index"


class Brand(Protocol):
    name: str
    aliases: Sequence[str]


# --- queries -----------------------------------------------------------------------------------

def kql_quote(value: str) -> str:
    """`value` as a KQL quoted string, matched literally as a phrase.

    Inside quotes KQL gives meaning only to `\\` and `"` (escaped with a backslash) and reads
    `\\t`, `\\r`, `\\n` as whitespace; every other character (`*`, `:`, `(`, `<`, …) is literal.
    """
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\t", "\\t")
        .replace("\r", "\\r")
        .replace("\n", "\\n")
    )
    return f'"{escaped}"'


def _aliases(brand: Brand) -> list[str]:
    """The brand's aliases, blanks dropped and repeats removed, in watchlist order."""
    return list(dict.fromkeys(a for a in brand.aliases if a and a.strip()))


def brand_kql(brand: Brand) -> str:
    """KQL for listings about `brand`: tagged with it, or an alias as a phrase in title/body."""
    clauses = [f"brands:{kql_quote(brand.name)}"]
    for alias in _aliases(brand):
        quoted = kql_quote(alias)
        clauses.append(f"title:{quoted}")
        clauses.append(f"body:{quoted}")
    return " or ".join(clauses)


def brand_query_dsl(brand: Brand) -> dict:
    """The Elasticsearch query DSL equivalent of `brand_kql` (what Kibana sends for it)."""
    should: list[dict] = [{"term": {"brands": brand.name}}]
    for alias in _aliases(brand):
        should.append({"match_phrase": {"title": alias}})
        should.append({"match_phrase": {"body": alias}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


# --- saved objects -----------------------------------------------------------------------------

def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def search_id(brand_name: str) -> str:
    """A stable saved-search id: readable slug (may be empty, e.g. for 趣店) plus a name hash."""
    digest = hashlib.sha1(brand_name.encode("utf-8")).hexdigest()[:12]
    slug = _slug(brand_name)
    return f"leakscout-search-{slug}-{digest}" if slug else f"leakscout-search-{digest}"


def data_view_object(index_pattern: str, data_view_id: str) -> dict:
    return {
        "id": data_view_id,
        "type": "index-pattern",
        "attributes": {
            "title": index_pattern,
            "name": "leakscout listings",
            "timeFieldName": TIME_FIELD,
            # Kibana reads the field list from the mapping; these are the empty defaults.
            "fields": "[]",
            "fieldAttrs": "{}",
            "runtimeFieldMap": "{}",
            "sourceFilters": "[]",
            "allowNoIndex": False,
        },
        "references": [],
    }


def search_object(brand: Brand, data_view_id: str) -> dict:
    search_source = {
        "query": {"query": brand_kql(brand), "language": "kuery"},
        "filter": [],
        "indexRefName": INDEX_REF_NAME,
    }
    return {
        "id": search_id(brand.name),
        "type": "search",
        "attributes": {
            "title": f"leakscout: {brand.name}",
            "description": f"Listings that name {brand.name} as their source or mention an alias.",
            "columns": list(SEARCH_COLUMNS),
            "sort": [[TIME_FIELD, "desc"]],
            "grid": {},
            "hideChart": False,
            "isTextBasedQuery": False,
            "kibanaSavedObjectMeta": {
                # Kibana stores the search source as a JSON string, not as an object.
                "searchSourceJSON": json.dumps(search_source, ensure_ascii=False, sort_keys=True),
            },
        },
        "references": [{"name": INDEX_REF_NAME, "type": "index-pattern", "id": data_view_id}],
    }


def build_saved_objects(
    brands: Iterable[Brand],
    *,
    index_pattern: str = DEFAULT_INDEX_PATTERN,
    data_view_id: str = DEFAULT_DATA_VIEW_ID,
) -> list[dict]:
    """The data view first (Kibana resolves references in file order), then one search per brand."""
    objects = [data_view_object(index_pattern, data_view_id)]
    seen: dict[str, str] = {}
    for brand in brands:
        object_id = search_id(brand.name)
        if object_id in seen:
            raise BadInput(f"brand {brand.name!r} is listed twice; saved-search ids must be unique")
        seen[object_id] = brand.name
        objects.append(search_object(brand, data_view_id))
    return objects


# --- output ------------------------------------------------------------------------------------

def to_ndjson(objects: Iterable[dict]) -> str:
    """One JSON object per line, keys sorted so that output is byte-for-byte reproducible."""
    return "".join(
        json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
        for obj in objects
    )


def write_ndjson(objects: Iterable[dict], path_or_file: str | os.PathLike | IO) -> None:
    """Write NDJSON (UTF-8) to a path, a text file or a binary file."""
    text = to_ndjson(objects)
    if isinstance(path_or_file, (str, os.PathLike)):
        Path(path_or_file).write_bytes(text.encode("utf-8"))
    elif isinstance(path_or_file, io.TextIOBase):
        path_or_file.write(text)
    else:
        path_or_file.write(text.encode("utf-8"))


def export(
    brands: Iterable[Brand],
    out_path: str | os.PathLike,
    *,
    index_pattern: str = DEFAULT_INDEX_PATTERN,
    data_view_id: str = DEFAULT_DATA_VIEW_ID,
) -> Path:
    """Build the saved objects for `brands`, write them to `out_path` and return the path."""
    path = Path(out_path)
    if not path.parent.is_dir():
        raise BadInput(f"cannot write {path}: folder {path.parent} does not exist")
    objects = build_saved_objects(brands, index_pattern=index_pattern, data_view_id=data_view_id)
    write_ndjson(objects, path)
    return path
