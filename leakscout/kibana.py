"""Kibana saved objects for leakscout (docs/contracts.md §1, `leakscout kibana export`).

Builds the NDJSON that Kibana 8.x imports under Stack Management → Saved objects → Import (or
POST /api/saved_objects/_import, see `import_saved_objects`): one data view over the listings
alias, one saved search per watched brand, and a dashboard of listings over time by brand,
severity and region. Building is pure and deterministic: the same brands give the same bytes.

A saved search's query is the brand's watch (rules.watch_query) translated to Lucene. Lucene,
not KQL, because Kibana sends a Lucene query to Elasticsearch unchanged (as `query_string`), so
the very string an analyst sees is what the tests run against the cluster.

Migration versions are left out on purpose: Kibana migrates imported objects that carry none.
"""
from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import IO, Iterable, Protocol, Sequence

from leakscout.alerts.rules import discover_link, search_id, watch_query  # noqa: F401  (discover_link: kibana.discover_link)
from leakscout.core.errors import BadInput

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

def lucene_phrase(value) -> str:
    """`value` as a Lucene quoted phrase: inside quotes only `\\` and `"` need escaping."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _single(body: dict) -> tuple[str, object]:
    (field, value), = body.items()
    return field, value


def dsl_to_lucene(query: dict) -> str:
    """Lucene for the query DSL subset watches use (bool filter/should/must_not, term, terms,
    match_phrase, range gte). Translated, not written twice, so the saved search is the watch."""
    (kind, body), = query.items()
    if kind in ("term", "match_phrase"):
        field, value = _single(body)
        return f"{field}:{lucene_phrase(value)}"
    if kind == "terms":
        field, values = _single(body)
        return f"{field}:({' OR '.join(lucene_phrase(v) for v in values)})"
    if kind == "range":
        field, bounds = _single(body)
        if set(bounds) != {"gte"}:
            raise ValueError(f"unsupported range bounds {sorted(bounds)}")
        return f"{field}:>={bounds['gte']}"
    if kind == "bool":
        parts = [dsl_to_lucene(q) for q in body.get("filter", []) + body.get("must", [])]
        if body.get("should"):
            if body.get("minimum_should_match", 1) != 1:
                raise ValueError("only minimum_should_match 1 is supported")
            parts.append("(" + " OR ".join(dsl_to_lucene(q) for q in body["should"]) + ")")
        if body.get("must_not"):
            parts.append("NOT (" + " OR ".join(dsl_to_lucene(q) for q in body["must_not"]) + ")")
        if not parts:
            raise ValueError("an empty bool query has no Lucene form here")
        return parts[0] if len(parts) == 1 else " AND ".join(
            p if p.startswith(("(", "NOT (")) else f"({p})" for p in parts)
    raise ValueError(f"unsupported query type {kind!r}")


def brand_lucene(brand: Brand) -> str:
    """The brand's watch (rules.watch_query) as the Lucene query of its saved search."""
    return dsl_to_lucene(watch_query(brand))


# --- saved objects -----------------------------------------------------------------------------

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
    return _saved_search(search_id(brand.name), f"leakscout: {brand.name}",
                         f"Listings claiming {brand.name} as their source: the same query as the brand's "
                         f"leakscout watch, so it shows exactly the listings that alert.",
                         brand_lucene(brand), data_view_id)


def exposure_search_object(brand: Brand, data_view_id: str) -> dict:
    """Listings with samples that are the brand's own customers (leakscout exposure import)."""
    return _saved_search(search_id(brand.name) + "-exposure", f"leakscout: {brand.name} confirmed exposure",
                         f"Listings whose samples hold identifiers of {brand.name}'s own customers "
                         f"(matched as keyed hashes).",
                         f"exposure_brands:{lucene_phrase(brand.name)}", data_view_id)


def _saved_search(object_id: str, title: str, description: str, lucene: str, data_view_id: str) -> dict:
    search_source = {
        "query": {"query": lucene, "language": "lucene"},
        "filter": [],
        "indexRefName": INDEX_REF_NAME,
    }
    return {
        "id": object_id,
        "type": "search",
        "attributes": {
            "title": title,
            "description": description,
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


DASHBOARD_ID = "leakscout-dashboard"
SEVERITY_BANDS = ({"from": 0, "to": 40}, {"from": 40, "to": 70}, {"from": 70})


def _histogram_params() -> dict:
    """The parameters Kibana gives a new vertical bar chart (stacked, legend on the right)."""
    return {
        "type": "histogram", "addTooltip": True, "addLegend": True, "legendPosition": "right",
        "addTimeMarker": False, "times": [],
        "grid": {"categoryLines": False},
        "categoryAxes": [{"id": "CategoryAxis-1", "type": "category", "position": "bottom", "show": True,
                          "style": {}, "scale": {"type": "linear"}, "labels": {"show": True, "truncate": 100},
                          "title": {}}],
        "valueAxes": [{"id": "ValueAxis-1", "name": "LeftAxis-1", "type": "value", "position": "left",
                       "show": True, "style": {}, "scale": {"type": "linear", "mode": "normal"},
                       "labels": {"show": True, "rotate": 0, "filter": False, "truncate": 100},
                       "title": {"text": "Listings"}}],
        "seriesParams": [{"show": True, "type": "histogram", "mode": "stacked",
                          "data": {"label": "Listings", "id": "1"}, "valueAxis": "ValueAxis-1",
                          "drawLinesBetweenPoints": True, "showCircles": True}],
    }


def _split_by(field: str, title: str) -> dict:
    if field == "severity":
        return {"id": "3", "enabled": True, "type": "range", "schema": "group",
                "params": {"field": "severity", "ranges": list(SEVERITY_BANDS)}}
    return {"id": "3", "enabled": True, "type": "terms", "schema": "group",
            "params": {"field": field, "size": 15, "order": "desc", "orderBy": "1",
                       "otherBucket": True, "missingBucket": False, "customLabel": title}}


def visualization_id(field: str) -> str:
    return f"leakscout-listings-over-time-by-{field}"


def visualization_object(field: str, title: str, data_view_id: str) -> dict:
    vis_state = {
        "title": f"leakscout: listings over time by {title}",
        "type": "histogram",
        "params": _histogram_params(),
        "aggs": [
            {"id": "1", "enabled": True, "type": "count", "schema": "metric", "params": {}},
            {"id": "2", "enabled": True, "type": "date_histogram", "schema": "segment",
             "params": {"field": TIME_FIELD, "interval": "auto", "min_doc_count": 1, "extended_bounds": {}}},
            _split_by(field, title),
        ],
    }
    search_source = {"query": {"query": "", "language": "kuery"}, "filter": [], "indexRefName": INDEX_REF_NAME}
    return {
        "id": visualization_id(field),
        "type": "visualization",
        "attributes": {
            "title": vis_state["title"],
            "description": f"New listings (by first seen) split by {title}.",
            "visState": json.dumps(vis_state, ensure_ascii=False, sort_keys=True),
            "uiStateJSON": "{}",
            "version": 1,
            "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps(search_source, sort_keys=True)},
        },
        "references": [{"name": INDEX_REF_NAME, "type": "index-pattern", "id": data_view_id}],
    }


DASHBOARD_PANELS = (("brands", "brand"), ("severity", "severity"), ("regions", "region"))


def dashboard_object() -> dict:
    panels, references = [], []
    for number, (field, _) in enumerate(DASHBOARD_PANELS):
        ref_name = f"panel_{number}"
        panels.append({"panelIndex": str(number + 1), "type": "visualization", "panelRefName": ref_name,
                       "embeddableConfig": {},
                       "gridData": {"x": 0 if number == 0 else 24 * (number - 1), "y": 0 if number == 0 else 15,
                                    "w": 48 if number == 0 else 24, "h": 15, "i": str(number + 1)}})
        references.append({"name": ref_name, "type": "visualization", "id": visualization_id(field)})
    return {
        "id": DASHBOARD_ID,
        "type": "dashboard",
        "attributes": {
            "title": "leakscout: listings over time",
            "description": "New listings by brand, severity (0–40, 40–70, 70–100) and region.",
            "panelsJSON": json.dumps(panels, sort_keys=True),
            "optionsJSON": json.dumps({"useMargins": True, "hidePanelTitles": False}, sort_keys=True),
            "timeRestore": True, "timeFrom": "now-90d", "timeTo": "now",
            "refreshInterval": {"pause": True, "value": 0},
            "version": 1,
            "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps(
                {"query": {"query": "", "language": "kuery"}, "filter": []}, sort_keys=True)},
        },
        "references": references,
    }


def build_saved_objects(
    brands: Iterable[Brand],
    *,
    index_pattern: str = DEFAULT_INDEX_PATTERN,
    data_view_id: str = DEFAULT_DATA_VIEW_ID,
) -> list[dict]:
    """The data view first (Kibana resolves references in file order), then one search per brand,
    then the dashboard's visualizations and the dashboard."""
    objects = [data_view_object(index_pattern, data_view_id)]
    seen: dict[str, str] = {}
    for brand in brands:
        object_id = search_id(brand.name)
        if object_id in seen:
            raise BadInput(f"brand {brand.name!r} is listed twice; saved-search ids must be unique")
        seen[object_id] = brand.name
        objects.append(search_object(brand, data_view_id))
        objects.append(exposure_search_object(brand, data_view_id))
    objects += [visualization_object(field, title, data_view_id) for field, title in DASHBOARD_PANELS]
    objects.append(dashboard_object())
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


# --- import into a running Kibana --------------------------------------------------------------

def import_saved_objects(kibana_url: str, ndjson: bytes, *, space: str | None = None,
                         auth: tuple[str, str] | None = None, api_key: str | None = None,
                         verify: bool | str = True, timeout: float = 60.0) -> dict:
    """POST the NDJSON to Kibana's saved-objects import API (overwriting objects with the same id).

    Returns Kibana's answer ({"success", "successCount", "errors"}); raises LeakscoutError when
    Kibana cannot be reached, refuses the request, or reports objects it could not import.
    """
    import requests

    from leakscout.core.errors import LeakscoutError

    base = kibana_url.rstrip("/") + (f"/s/{space}" if space else "")
    headers = {"kbn-xsrf": "leakscout"}  # Kibana refuses writes without this header
    if api_key:
        headers["Authorization"] = f"ApiKey {api_key}"
    try:
        response = requests.post(f"{base}/api/saved_objects/_import", params={"overwrite": "true"},
                                 files={"file": ("leakscout.ndjson", ndjson, "application/ndjson")},
                                 headers=headers, auth=auth, verify=verify, timeout=timeout)
    except requests.RequestException as exc:
        raise LeakscoutError(f"Kibana is not reachable at {kibana_url} ({type(exc).__name__}); "
                             f"set LEAKSCOUT_KIBANA_URL or --url") from exc
    try:
        answer = response.json()
    except ValueError:
        answer = {"message": response.text[:300]}
    if response.status_code >= 300:
        raise LeakscoutError(f"Kibana at {kibana_url} refused the import: HTTP {response.status_code} "
                             f"{answer.get('message') or answer}")
    if not answer.get("success", False):
        errors = answer.get("errors") or []
        first = errors[0] if errors else {}
        raise LeakscoutError(f"Kibana imported {answer.get('successCount', 0)} object(s) but not {len(errors)}: "
                             f"first {first.get('type')} {first.get('id')}: {first.get('error')}")
    return answer
