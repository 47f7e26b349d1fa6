"""Installs the index templates and aliases of index_config/, and migrates by reindex on a version change.

Each logical index is an alias (`leakscout-listings`) over one physical index named
`<alias>-v<version>`. Re-running is a no-op; a new version creates the next physical index,
copies the documents with _reindex, swaps the alias atomically and drops the old index.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from leakscout.core.config import DEFAULT_INDEX_PREFIX
from leakscout.core.errors import LeakscoutError
from leakscout.storage.search import SearchRequestError, SearchStore

INDEX_CONFIGS = ("listings.json", "alerts.json", "watches.json", "exposure.json")


@dataclass(frozen=True)
class IndexSpec:
    alias: str
    version: int
    mappings: dict
    settings: dict

    @property
    def index_name(self) -> str:
        return f"{self.alias}-v{self.version}"

    def template_body(self) -> dict:
        mappings = dict(self.mappings)
        mappings["_meta"] = {"leakscout_version": self.version}
        return {
            "index_patterns": [f"{self.alias}-v*"],
            "version": self.version,
            "priority": 100,
            "template": {"settings": self.settings, "mappings": mappings},
            "_meta": {"managed_by": "leakscout"},
        }


def _read_json(name: str) -> dict:
    return json.loads(resources.files("index_config").joinpath(name).read_text(encoding="utf-8"))


def load_specs(prefix: str = DEFAULT_INDEX_PREFIX) -> list[IndexSpec]:
    """One spec per file of index_config/; the alias is `<prefix>-<name>`."""
    settings = _read_json("settings.json")
    specs = []
    for name in INDEX_CONFIGS:
        config = _read_json(name)
        alias = f"{prefix}-{config['name']}"
        mappings, version = config["mappings"], int(config["version"])
        if "documents_of" in config:  # a percolator index: the documents it matches bring their own fields
            documents = _read_json(config["documents_of"])
            mappings = {**mappings, "properties": {**documents["mappings"]["properties"], **mappings["properties"]}}
            version += int(documents["version"])  # a new version of either file makes a new index
        specs.append(IndexSpec(alias, version, mappings, settings))
    return specs


@dataclass
class InitResult:
    alias: str
    index: str
    action: str  # "created", "unchanged", "migrated from <old>"


def init_indices(store: SearchStore, prefix: str = DEFAULT_INDEX_PREFIX) -> list[InitResult]:
    return [apply_spec(store, spec) for spec in load_specs(prefix)]


def apply_spec(store: SearchStore, spec: IndexSpec) -> InitResult:
    current = _indices_behind(store, spec.alias)
    if len(current) > 1:
        raise LeakscoutError(f"alias {spec.alias} points to several indices {current}; fix it by hand")
    current_version = _version_of(current[0]) if current else None
    if current_version is not None and current_version > spec.version:
        raise LeakscoutError(
            f"{spec.alias} is at version {current_version}, newer than this leakscout's {spec.version}; upgrade leakscout"
        )
    store.request("PUT", f"/_index_template/{spec.alias}", spec.template_body())
    if not current:
        return _create(store, spec)
    if current == [spec.index_name]:
        return InitResult(spec.alias, spec.index_name, "unchanged")
    return _migrate(store, spec, current[0])


def _create(store: SearchStore, spec: IndexSpec) -> InitResult:
    try:
        if store.exists(f"/{spec.index_name}"):
            store.request("POST", "/_aliases", {"actions": [
                {"add": {"index": spec.index_name, "alias": spec.alias, "is_write_index": True}}]})
        else:
            store.request("PUT", f"/{spec.index_name}", {"aliases": {spec.alias: {"is_write_index": True}}})
        return InitResult(spec.alias, spec.index_name, "created")
    except SearchRequestError:
        # Another process may have created it a moment ago (two crawls starting together).
        if _indices_behind(store, spec.alias) == [spec.index_name]:
            return InitResult(spec.alias, spec.index_name, "unchanged")
        if store.exists(f"/{spec.alias}"):
            raise LeakscoutError(f"{spec.alias} exists as a plain index, not an alias; rename or delete it first")
        raise


def _indices_behind(store: SearchStore, alias: str) -> list[str]:
    found = store.request("GET", f"/_alias/{alias}", ok=(404,))
    if not isinstance(found, dict) or "error" in found or found.get("status") == 404:
        return []
    return sorted(name for name in found if isinstance(found[name], dict))


def _migrate(store: SearchStore, spec: IndexSpec, old_index: str) -> InitResult:
    if not store.exists(f"/{spec.index_name}"):
        store.request("PUT", f"/{spec.index_name}")
    result = store.request("POST", "/_reindex", {"source": {"index": old_index}, "dest": {"index": spec.index_name}},
                           params={"wait_for_completion": "true", "refresh": "true"})
    if result.get("failures"):
        raise LeakscoutError(f"reindex {old_index} → {spec.index_name} failed: {result['failures'][0]}; "
                             f"the alias still points to {old_index}")
    store.refresh(old_index)
    if store.count(old_index) != store.count(spec.index_name):
        raise LeakscoutError(f"reindex {old_index} → {spec.index_name} copied a different number of documents; "
                             f"the alias still points to {old_index}")
    store.request("POST", "/_aliases", {"actions": [
        {"remove": {"index": old_index, "alias": spec.alias}},
        {"add": {"index": spec.index_name, "alias": spec.alias, "is_write_index": True}},
    ]})
    store.request("DELETE", f"/{old_index}")
    return InitResult(spec.alias, spec.index_name, f"migrated from {old_index}")


def _version_of(index_name: str) -> int | None:
    head, _, tail = index_name.rpartition("-v")
    return int(tail) if head and tail.isdigit() else None
