"""A brand's customers as keyed hashes: the `<prefix>-exposure` index, and reading customer files into it.

Only hashes are kept: each value of the customer file is put in the canonical form masking hashes
samples in (pipelines/extraction/identifiers.py), hashed with the installation's key (the hash
salt) and stored as one document (brand, kind, hash). The file itself is read once, as a stream,
and never copied, logged or kept; error messages name lines, never values.

Why an index and not a file per brand: the crawl processes of a scaled-out crawl (and `alerts
sync` anywhere) share it, one `terms` query per chunk answers "which of these sample hashes are
whose customers", and documents keyed by (brand, kind, hash) make a re-import add nothing twice.
"""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from leakscout.core.errors import BadInput, LeakscoutError
from leakscout.storage.search import SearchStore
from leakscout.core.timeutil import utc_now
from pipelines.extraction.identifiers import canonical, guess_kind, kind_name, sample_hash

BATCH = 5000
MAX_TERMS = 60000     # below the cluster's default max_terms_count (65,536)
# Header words that say which kind a column holds (lower case).
HEADER_KINDS = {
    "phone": "phone", "mobile": "phone", "tel": "phone", "telephone": "phone", "手机": "phone", "手机号": "phone",
    "电话": "phone", "email": "email", "e-mail": "email", "mail": "email", "邮箱": "email",
    "national_id": "national_id", "id_number": "national_id", "身份证": "national_id", "身份证号": "national_id",
    "card": "payment_card", "card_number": "payment_card", "银行卡": "payment_card", "卡号": "payment_card",
    "username": "credential", "user": "credential", "login": "credential", "账号": "credential", "用户名": "credential",
    "qq": "qq", "ssn": "ssn",
    "手機": "phone", "手機號": "phone", "電話": "phone", "郵箱": "email", "身份證": "national_id",
    "身份證號": "national_id", "帳號": "credential", "賬號": "credential",
}


@dataclass
class ImportReport:
    lines: int = 0
    values: int = 0
    stored: int = 0          # new hashes (a value already imported for the brand counts once)
    invalid: int = 0         # values that are not a valid identifier of their kind
    by_kind: dict[str, int] = field(default_factory=dict)
    first_invalid_lines: list[int] = field(default_factory=list)


def _open_text(path: Path, encoding: str | None = None) -> io.TextIOBase:
    """`encoding` if given; else UTF-8 (with or without BOM), else GB18030 or Big5, whichever
    charset-normalizer finds the better reading (customer files of other encodings: --encoding)."""
    if encoding is None:
        with path.open("rb") as raw:
            head = raw.read(1 << 20)
        try:
            head.decode("utf-8-sig")
            encoding = "utf-8-sig"
        except UnicodeDecodeError as exc:
            from charset_normalizer import from_bytes

            best = from_bytes(head, cp_isolation=["gb18030", "big5"]).best()
            if best is None:
                raise BadInput(f"{path}: not UTF-8, GB18030 or Big5 text; name its encoding with --encoding") from exc
            encoding = best.encoding
    try:
        return path.open(encoding=encoding, errors="replace", newline="")
    except LookupError as exc:
        raise BadInput(f"unknown encoding {encoding!r}") from exc


def _delimiter(first_line: str) -> str | None:
    for candidate in ("\t", ",", ";", "|"):
        if candidate in first_line:
            return candidate
    return None


def read_identifiers(path: Path, columns: list[str], kind: str | None, region: str, report: ImportReport,
                     encoding: str | None = None) -> Iterator[tuple[str, str]]:
    """(kind, canonical) for every valid identifier of the file's chosen columns, as a stream."""
    forced = kind_name(kind) if kind else None
    with _open_text(path, encoding) as handle:
        first = handle.readline()
        delimiter = _delimiter(first)
        handle.seek(0)
        rows: Iterable[list[str]] = csv.reader(handle, delimiter=delimiter) if delimiter else ([line] for line in handle)
        picked: list[int] | None = None
        kinds: list[str | None] = []
        for number, row in enumerate(rows, start=1):
            report.lines = number
            if number == 1:
                header = [cell.strip().lower() for cell in row]
                if any(cell in HEADER_KINDS for cell in header) or (columns and not all(c.isdigit() for c in columns)):
                    picked = _pick(header, columns, path)
                    kinds = [forced or HEADER_KINDS.get(header[i]) for i in picked]
                    continue
                picked = _pick(None, columns, path) if columns else list(range(len(row)))
                kinds = [forced] * len(picked)
            for position, column in enumerate(picked or ()):
                if column >= len(row) or not row[column].strip():
                    continue
                value = row[column]
                report.values += 1
                value_kind = kinds[position] if position < len(kinds) and kinds[position] else guess_kind(value)
                canon = canonical(value_kind, value, region) if value_kind else None
                if canon is None:
                    report.invalid += 1
                    if len(report.first_invalid_lines) < 5:
                        report.first_invalid_lines.append(number)
                    continue
                yield value_kind, canon


def _pick(header: list[str] | None, columns: list[str], path: Path) -> list[int]:
    if not columns:
        return list(range(len(header or [])))
    picked = []
    for column in columns:
        if column.isdigit() and int(column) >= 1:
            picked.append(int(column) - 1)
        elif header is not None and column.strip().lower() in header:
            picked.append(header.index(column.strip().lower()))
        else:
            raise BadInput(f"{path}: no column {column!r} (columns are numbered from 1, or named by the header)")
    return picked


def _doc_id(brand: str, kind: str, hashed: str) -> str:
    return hashlib.sha1(f"{brand}\x1f{kind}\x1f{hashed}".encode("utf-8")).hexdigest()


class ExposureStore:
    """The exposure index: add, count, drop and look up a brand's customer hashes."""

    def __init__(self, store: SearchStore, alias: str, salt: str):
        self.store = store
        self.alias = alias
        self.salt = salt

    def import_file(self, brand: str, path: Path, columns: list[str] = (), kind: str | None = None,
                    region: str = "CN", progress: Callable[[int], None] | None = None,
                    encoding: str | None = None) -> ImportReport:
        if not path.is_file():
            raise BadInput(f"{path}: no such file")
        report = ImportReport()
        batch: dict[str, dict] = {}
        now = utc_now()
        for value_kind, canon in read_identifiers(path, list(columns), kind, region, report, encoding):
            hashed = sample_hash(self.salt, canon)
            batch[_doc_id(brand, value_kind, hashed)] = {"brand": brand, "kind": value_kind, "hash": hashed,
                                                         "imported_at": now}
            report.by_kind[value_kind] = report.by_kind.get(value_kind, 0) + 1
            if len(batch) >= BATCH:
                report.stored += self._store(batch)
                batch = {}
                if progress:
                    progress(report.lines)
        report.stored += self._store(batch)
        if progress:
            progress(report.lines)
        self.store.refresh(self.alias)
        return report

    def _store(self, batch: dict[str, dict]) -> int:
        if not batch:
            return 0
        actions: list[dict] = []
        for id_, document in batch.items():
            actions += [{"create": {"_index": self.alias, "_id": id_}}, document]
        created = 0
        for item in self.store.bulk(actions)["items"]:
            status = item["create"].get("status")
            if status == 201:
                created += 1
            elif status != 409:
                raise LeakscoutError(f"storing customer hashes failed: {item['create'].get('error')}")
        return created

    def summary(self) -> dict[str, dict[str, int]]:
        """brand → kind → number of hashes."""
        body = {"size": 0, "aggs": {"brands": {"terms": {"field": "brand", "size": 10000},
                                               "aggs": {"kinds": {"terms": {"field": "kind", "size": 50}}}}}}
        buckets = self.store.search(self.alias, body)["aggregations"]["brands"]["buckets"]
        return {b["key"]: {k["key"]: k["doc_count"] for k in b["kinds"]["buckets"]} for b in buckets}

    def drop(self, brand: str) -> int:
        result = self.store.request("POST", f"/{self.alias}/_delete_by_query",
                                    {"query": {"term": {"brand": brand}}}, params={"refresh": "true"})
        return int(result.get("deleted", 0))

    def lookup(self, hashes: Iterable[str]) -> list[tuple[str, str, str]]:
        """(brand, kind, hash) for every stored customer hash among `hashes`."""
        wanted = sorted(set(hashes))
        found: list[tuple[str, str, str]] = []
        for start in range(0, len(wanted), MAX_TERMS):
            terms = wanted[start:start + MAX_TERMS]
            body = {"size": 10000, "_source": ["brand", "kind", "hash"], "query": {"terms": {"hash": terms}},
                    "sort": [{"brand": "asc"}, {"hash": "asc"}]}
            while True:
                hits = self.store.search(self.alias, body)["hits"]["hits"]
                found += [(h["_source"]["brand"], h["_source"]["kind"], h["_source"]["hash"]) for h in hits]
                if len(hits) < body["size"]:
                    break
                body["search_after"] = hits[-1]["sort"]
        return found
