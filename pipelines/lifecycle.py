"""Listing life cycle: reposts linked by a text fingerprint, and listings that disappear marked removed.

Reposts and mirrors. Each listing gets a MinHash signature of its masked text (`minhash`: 64
values) and that signature cut into 16 bands of 4 values, each band hashed to one keyword
(`minhash_bands`). One `terms` query on the bands finds the candidates; the share of equal
signature values (an estimate of the Jaccard similarity of the texts' shingles) decides:
SIMILAR_AT_LEAST or more is a repost. With 16 bands of 4 a pair at similarity 0.75 is found with
probability 0.998 and a pair at 0.1 is a candidate with probability 0.002. When a listing is
first indexed it is linked to the earliest such listing (first_seen, then id): `duplicate_of` is
that listing's id and `offer_group` that listing's group. Links are made once and never moved.

(A 64-bit SimHash was tried first: on listings of a few hundred characters, a repost with three
words changed lands 7-9 bits away, too far for a banded lookup to find.)

Removal. After a crawl that finished normally and completely (see `incomplete_reasons` in crawlers/extensions.py), the
listings of each site the crawl indexed whose `last_seen` is older than the crawl's start get
`status: removed` and `removed_at`. A crawl that was stopped, capped or hit errors marks nothing.
"""
from __future__ import annotations

import hashlib
import logging
import operator
import re
import struct
from dataclasses import dataclass, field

from leakscout.storage.search import SearchStore
from leakscout.core.timeutil import utc_now

log = logging.getLogger(__name__)

SIGNATURE_SIZE = 64
BANDS = 16
ROWS_PER_BAND = SIGNATURE_SIZE // BANDS
SIMILAR_AT_LEAST = 0.6

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A token is one CJK character or a run of other letters/digits: Chinese has no spaces.
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
_DIGITS = re.compile(r"\d+")


def shingles(title: str | None, body: str | None) -> set[str]:
    """Pairs of neighbouring tokens of the lower-cased text, numbers folded to "0" so that a repost
    with a new price or count keeps its shingles."""
    text = _DIGITS.sub("0", f"{title or ''} {body or ''}".lower())
    tokens = _TOKEN.findall(text)
    return {" ".join(tokens[i:i + 2]) for i in range(max(len(tokens) - 1, 1))} if tokens else set()


def minhash(features: set[str]) -> list[int] | None:
    """The MinHash signature (SIGNATURE_SIZE values below 2**30); None for an empty text.

    One permutation hashing: each feature is hashed once and falls into one of SIGNATURE_SIZE
    bins by its low bits; a bin keeps its smallest value. An empty bin borrows the value of the
    next filled bin (rotation densification), shifted by the distance so borrowed values differ
    from owned ones. One hash per feature instead of one per feature and bin."""
    if not features:
        return None
    empty = 1 << 24   # above every rank
    bins = [empty] * SIGNATURE_SIZE
    blake2b = hashlib.blake2b
    for feature in features:
        value = int.from_bytes(blake2b(feature.encode("utf-8"), digest_size=8).digest(), "big")
        index, rank = value % SIGNATURE_SIZE, (value // SIGNATURE_SIZE) & 0xFFFFFF
        if rank < bins[index]:
            bins[index] = rank
    signature = []
    for index in range(SIGNATURE_SIZE):
        distance = 0
        while bins[(index + distance) % SIGNATURE_SIZE] == empty:
            distance += 1
        signature.append(bins[(index + distance) % SIGNATURE_SIZE] + (distance << 24))
    return signature


def similarity(a: list[int], b: list[int]) -> float:
    return sum(map(operator.eq, a, b)) / SIGNATURE_SIZE


def bands(signature: list[int]) -> list[str]:
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS_PER_BAND:(band + 1) * ROWS_PER_BAND]
        digest = hashlib.blake2b(",".join(map(str, rows)).encode(), digest_size=8).hexdigest()
        keys.append(f"{band}:{digest}")
    return keys


def encode_signature(signature: list[int]) -> str:
    return struct.pack(f">{len(signature)}I", *signature).hex()   # 8 hex digits per value


def decode_signature(text: str) -> list[int]:
    return list(struct.unpack(f">{len(text) // 8}I", bytes.fromhex(text)))


def add_fingerprint(document: dict) -> None:
    """Sets `minhash` and `minhash_bands` of a listing document from its masked text (none if empty)."""
    signature = minhash(shingles(document.get("title"), document.get("body")))
    document["minhash"] = encode_signature(signature) if signature else None
    document["minhash_bands"] = bands(signature) if signature else []


@dataclass(frozen=True)
class Link:
    id: str
    duplicate_of: str
    offer_group: str


class RepostLinker:
    """Links listings to the earliest near-identical listing already in the index."""

    def __init__(self, store: SearchStore, index: str, max_candidates: int = 500):
        self.store = store
        self.index = index
        self.max_candidates = max_candidates

    def link(self, documents: list[dict], stored: dict[str, dict] | None = None, now: str | None = None) -> list[Link]:
        """After `documents` were upserted: links each that has no link yet to the earliest earlier
        listing with a similar text. Earlier means (first_seen, id) smaller, so the first listing of
        an offer is never linked to its reposts, and running this twice links nothing new.

        `stored` (id → first_seen, duplicate_of, offer_group as they were before the upsert) and
        `now` (the upsert's time, the first_seen of new listings) spare a search for the
        documents' own life cycle fields; without them they are read back from the index."""
        own_documents = {d["id"]: d for d in documents if d.get("minhash")}
        if not own_documents:
            return []
        self.store.refresh(self.index)   # earlier chunks of the crawl must be visible
        if stored is None or now is None:
            own = {c.id: c for c in self._search({"ids": {"values": sorted(own_documents)}}, len(own_documents))}
        else:
            own = {id_: _Candidate.from_document(document, stored.get(id_) or {}, now)
                   for id_, document in own_documents.items()}
        wanted = {band for candidate in own.values() for band in candidate.bands}
        listings = dict(own)
        for candidate in self._search({"terms": {"minhash_bands": sorted(wanted)}}, self.max_candidates):
            listings.setdefault(candidate.id, candidate)
        by_band: dict[str, list[_Candidate]] = {}
        for candidate in listings.values():
            for band in candidate.bands:
                if band in wanted:
                    by_band.setdefault(band, []).append(candidate)
        links = []
        for candidate in sorted(own.values(), key=lambda c: c.order_key):
            if candidate.duplicate_of:
                continue
            sharing_a_band = {c.id: c for band in candidate.bands for c in by_band.get(band, ())}
            earlier = [c for c in sharing_a_band.values() if c.order_key < candidate.order_key
                       and similarity(c.signature, candidate.signature) >= SIMILAR_AT_LEAST]
            if not earlier:
                continue
            original = min(earlier, key=lambda c: c.order_key)
            candidate.duplicate_of = original.id
            candidate.offer_group = original.offer_group or original.id   # a later repost joins this group
            links.append(Link(candidate.id, candidate.duplicate_of, candidate.offer_group))
        if links:
            self._store_links(links)
        return links

    def _search(self, query: dict, size: int) -> list["_Candidate"]:
        # (site, listing_key) breaks ties like the id does: Elasticsearch 8 refuses to sort on _id.
        body = {"size": size, "query": query,
                "sort": [{"first_seen": "asc"}, {"site": "asc"}, {"listing_key": "asc"}],
                "_source": ["minhash", "minhash_bands", "offer_group", "duplicate_of", "first_seen"]}
        hits = self.store.search(self.index, body)["hits"]["hits"]
        return [_Candidate(hit["_id"], hit["_source"]["minhash"], hit["_source"].get("first_seen") or "",
                           hit["_source"].get("offer_group"), hit["_source"].get("duplicate_of"),
                           hit["_source"].get("minhash_bands") or [])
                for hit in hits if hit["_source"].get("minhash")]

    def _store_links(self, links: list[Link]) -> None:
        actions = []
        for link in links:
            actions.append({"update": {"_index": self.index, "_id": link.id, "retry_on_conflict": 3}})
            actions.append({"doc": {"duplicate_of": link.duplicate_of, "offer_group": link.offer_group}})
        response = self.store.bulk(actions)
        if response.get("errors"):
            log.error("some repost links were not stored: %s", response["items"][:3])


@dataclass
class _Candidate:
    id: str
    encoded_signature: str
    first_seen: str
    offer_group: str | None
    duplicate_of: str | None = None
    bands: list[str] = field(default_factory=list)
    _signature: list[int] | None = None

    @classmethod
    def from_document(cls, document: dict, stored: dict, now: str) -> "_Candidate":
        return cls(document["id"], document["minhash"], stored.get("first_seen") or now, stored.get("offer_group"),
                   stored.get("duplicate_of"), document.get("minhash_bands") or [])

    @property
    def signature(self) -> list[int]:
        # Decoded when first compared, not for every candidate the search returns.
        if self._signature is None:
            self._signature = decode_signature(self.encoded_signature)
        return self._signature

    @property
    def order_key(self) -> tuple[str, str]:
        return (self.first_seen, self.id)


class IndexingHooks:
    """What the index pipeline does for the life cycle around each bulk upsert: fingerprints before,
    repost links after, and (for resumable crawls) the record of listing pages safely indexed."""

    def __init__(self, fingerprint=None, jobdir: str | None = None):
        self.fingerprint = fingerprint  # listing page URL -> its crawl request fingerprint (hex)
        self.jobdir = jobdir
        self.linker: RepostLinker | None = None
        self.indexed_log = None

    def open(self, store: SearchStore, index: str) -> None:
        from pathlib import Path

        from leakscout.storage.resume import IndexedLog

        self.linker = RepostLinker(store, index)
        if self.jobdir and self.fingerprint is not None:
            self.indexed_log = IndexedLog(Path(self.jobdir))

    def before_upsert(self, documents: list[dict]) -> None:
        for document in documents:
            if "minhash" not in document:  # the analysis sets it; documents spooled before it did may not have it
                add_fingerprint(document)

    def after_upsert(self, documents: list[dict], stored: dict[str, dict] | None = None,
                     now: str | None = None) -> list[Link]:
        return self.linker.link(documents, stored, now) if self.linker else []

    def indexed(self, documents: list[dict], failed_ids: set[str]) -> None:
        """Call last, once nothing more is to be done for these listings: a resumed crawl skips their pages."""
        if self.indexed_log is None:
            return
        self.indexed_log.record([self.fingerprint(d["url"])
                                 for d in documents if d["id"] not in failed_ids and d.get("url")])

    def close(self) -> None:
        if self.indexed_log is not None:
            self.indexed_log.close()


# -- removal ------------------------------------------------------------------------------------

def mark_removed(store: SearchStore, index: str, site: str, crawl_started_at: str,
                 now: str | None = None) -> int:
    """Marks the active listings of `site` not seen since `crawl_started_at` removed; returns how many."""
    store.refresh(index)
    body = {
        "query": {"bool": {
            "filter": [{"term": {"site": site}}, {"range": {"last_seen": {"lt": crawl_started_at}}}],
            "must_not": [{"term": {"status": "removed"}}],
        }},
        "script": {"lang": "painless",
                   "source": "ctx._source.status = 'removed'; ctx._source.removed_at = params.now;",
                   "params": {"now": now or utc_now()}},
    }
    # A conflict means a crawler updated the listing meanwhile, i.e. saw it: leave it active.
    result = store.request("POST", f"/{index}/_update_by_query", body,
                           params={"conflicts": "proceed", "refresh": "true"})
    return int(result.get("updated", 0))
