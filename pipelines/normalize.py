"""First stage: a ListingItem becomes clean text with a stable id, or is dropped with a reason."""
from __future__ import annotations

import hashlib
import re
from urllib.parse import unquote


from pipelines.extraction.masking import mask_text
from pipelines.extraction.normalize import fold

MAX_BODY_CHARS = 200_000
_ID_SAFE = re.compile(r"[\w.\-~]{1,120}", re.ASCII)
_SPACES = re.compile(r" +")
# A tab stays one tab: it separates the columns of `user<TAB>password` rows, which masking must see.
_TABS = re.compile(r" *\t[ \t]*")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def listing_id(site: str, listing_key: str) -> str:
    """Stable document id: the site and the listing's own key (docs/contracts.md §4).

    Keys that are not plain words are hashed, so an id is always safe in a REST path; a forum
    post's `thread#post` key keeps its readable form as `thread~post`.
    """
    key = str(listing_key)
    readable = key.replace("#", "~") if key.count("#") == 1 else key
    if "~" not in key and _ID_SAFE.fullmatch(readable):
        return f"{site}:{readable}"
    return f"{site}:h{hashlib.sha1(key.encode('utf-8')).hexdigest()}"


def clean_text(text: str | None, limit: int = MAX_BODY_CHARS) -> str:
    """The shared normal form (fold: NFKC, no control/format/zero-width characters, plain separators),
    tidy whitespace, capped length."""
    if not text:
        return ""
    text = fold(str(text)[: limit * 2]).replace("\r\n", "\n").replace("\r", "\n")
    text = _TABS.sub("\t", _SPACES.sub(" ", text))
    text = _BLANK_LINES.sub("\n\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()[:limit]


def private_key(key: str, url: str, salt: str) -> tuple[str, str]:
    """The listing key and URL as they may be stored: a URL holding personal data (an e-mail or a
    phone number in its path or query) is kept masked, and the key of such a listing (or a key
    holding personal data itself) becomes a salted hash, so neither the key nor the document id
    derived from it carries the value. Stable: the same listing gets the same key on every crawl."""
    masked_url = mask_text(fold(unquote(url)), salt, whole_rows=False)
    masked_key = mask_text(fold(key), salt, whole_rows=False)
    if not masked_url.samples and not masked_key.samples:
        return key, url
    digest = hashlib.sha256((salt + "\x00" + key).encode("utf-8")).hexdigest()[:40]
    return f"p{digest}", masked_url.text if masked_url.samples else url


def normalize_item(item: dict, salt: str = "") -> dict:
    """Returns a plain dict with cleaned fields and `id`; raises ValueError naming what is missing."""
    missing = [name for name in ("site", "listing_key", "url") if not item.get(name)]
    if missing:
        raise ValueError(f"listing without {', '.join(missing)}")
    title = clean_text(item.get("title"), 1000)
    body = clean_text(item.get("body"))
    if not title and not body:
        raise ValueError("listing without title or text")
    normalized = {key: item.get(key) for key in (
        "site", "listing_key", "url", "seller", "posted_at", "price_text", "category",
        "lang_hint", "encoding", "fetched_at", "screenshot")}
    key, url = private_key(str(item["listing_key"]), str(item["url"]), salt)
    normalized.update(
        listing_key=key,
        url=url,
        id=listing_id(item["site"], key),
        title=title,
        body=body,
        seller=clean_text(item.get("seller"), 256) or None,
        category=clean_text(item.get("category"), 256) or None,
    )
    return normalized
