"""The hostile corpus: pages built to break parsers, decoders and extractors.

Small pages live as files in ``corpus/``; big, binary and mis-encoded ones are made here at
test time (nothing of 10 MB is committed). Every listing page uses the demo-en layout
(``article.listing``, ``h1.listing-title``, ``div.listing-description``), so the real page
object ``crawlers.pages.demo_market.parse_listing`` and the ``demo_market`` spider read them.
"""
from __future__ import annotations

import gzip
import io
import struct
import zipfile
import zlib
from html import escape
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
MIB = 1024 * 1024
DOWNLOAD_MAXSIZE = 10 * MIB   # crawlers/settings.py

ZWSP, ZWNJ, ZWJ, WORD_JOINER, BOM = "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"
BIDI = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u200e", "\u200f")
INVISIBLE = (ZWSP, ZWNJ, ZWJ, WORD_JOINER, BOM, *BIDI)

GB_TITLE = "出售某银行客户数据，共五万条，价格八千元"
BIG5_META_TITLE = "出售臺灣電信客戶資料，共三萬筆"
ZERO_WIDTH_TITLE = f"出售趣{ZWSP}店学生数据 {BIDI[4]}35{ZWSP}万条{BIDI[2]}"
NESTED_DEPTH = 50_000

# Long runs of what the price, count, phone and card patterns look for: each is read by the page
# parsers and the extractor, and must finish (see guard.py).
REDOS_STRINGS = {
    "digits": "1" * 60_000,
    "digits and commas": "1," * 30_000,
    "digit groups": "1234 " * 12_000,
    "spaces between digits": "1 " * 30_000 + "条",
    "wan": "万" * 50_000,
    "wan after digit": "1" + "万" * 50_000 + "条",
    "dots": "1." * 30_000,
    "dollar digits": "$" + "9" * 50_000,
    "per record": "每" * 20_000 + "条",
    "at signs": "aa@" * 20_000,
    "colons": ("x" * 60 + ":") * 2_000,
    "dashes": "-" * 40_000,
    "plus digits": "+86 " * 15_000,
    "qq label": "qq:" * 20_000,
    "mixed": "1,000万条 $9.99k/1k " * 3_000,
}

GIANT_NUMBER_TEXTS = (
    "出售京东用户数据 10^400条，价格999999999999999999999999元",
    "京东用户数据 " + "1" + "0" * 400 + "条 打包价 " + "9" * 400 + "元",
    "JD.com users 1e400 records for $999999999999999999999999",
    "京东数据 123456789012345678901234567890万条 售价99999999999亿元",
)


def listing_page(listing_id: str, title_html: str, description_html: str, *, vendor_html: str = "nightshade",
                 price_html: str = "$100", meta_charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{meta_charset}">' if meta_charset else ""
    return (f'<!DOCTYPE html><html lang="zh-CN"><head>{meta}<title>{listing_id}</title></head><body>'
            f'<article class="listing" data-listing-id="{listing_id}">'
            f'<h1 class="listing-title">{title_html}</h1>'
            f'<dl class="listing-meta"><dt>Vendor</dt><dd class="vendor"><a href="/en/vendor/v.html">{vendor_html}</a></dd>'
            f'<dt>Price</dt><dd class="price">{price_html}</dd></dl>'
            f'<div class="listing-description">{description_html}</div>'
            f'</article></body></html>')


def index_page(page_number: int, listing_paths: list[str]) -> str:
    """An index page whose "next" link always exists: pagination that never ends."""
    cards = "".join(f'<div class="listing-card"><a class="listing-link" href="{path}">listing {path}</a></div>'
                    for path in listing_paths)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>page {page_number}</title></head><body>'
            f'<main>{cards}<nav class="pagination"><span class="current">{page_number}</span>'
            f'<a rel="next" class="next" href="page-{page_number + 1}.html">Next »</a></nav></main></body></html>')


def corpus_file(name: str) -> str:
    return (CORPUS_DIR / name).read_text(encoding="utf-8")


def nested_page(depth: int = NESTED_DEPTH) -> str:
    inner = "<div>" * depth + "趣店 deeply nested text" + "</div>" * depth
    return listing_page("nested", "Deeply nested page: 京东用户数据 2万条", inner)


def zero_width_page() -> str:
    body = (f"<p>出售趣{ZWSP}店学生数据，共3{ZWSP}5万条，打{ZWJ}包价{BIDI[4]}8000{BIDI[2]}元。</p>"
            f"<p>{BOM}趣{WORD_JOINER}店 {BIDI[0]}借款{BIDI[2]} 记录</p>")
    return listing_page("zero-width", ZERO_WIDTH_TITLE, body)


def giant_numbers_page() -> str:
    return listing_page("giant-numbers", escape(GIANT_NUMBER_TEXTS[0]),
                        "".join(f"<p>{escape(text)}</p>" for text in GIANT_NUMBER_TEXTS))


def redos_page() -> str:
    return listing_page("redos", "ReDoS page: 京东用户数据 1万条 " + "1," * 2000,
                        "".join(f"<p>{escape(text)}</p>" for text in REDOS_STRINGS.values()))


def big_page(size: int) -> bytes:
    """A listing page of about ``size`` bytes of readable text (phones and all)."""
    line = "<p>京东用户数据 第{:07d}行 张三 13800138000 北京市朝阳区 订单记录</p>\n"
    lines, total = [], 0
    number = 0
    while total < size:
        piece = line.format(number)
        lines.append(piece)
        total += len(piece.encode("utf-8"))
        number += 1
    return listing_page("big", f"Big page: 京东用户数据 {number}条", "".join(lines)).encode("utf-8")


def gzip_bomb(decompressed_size: int = 64 * MIB) -> bytes:
    """A small gzip stream that inflates to ``decompressed_size`` bytes of HTML."""
    head = listing_page("bomb", "gzip bomb", "<p>").encode()
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as stream:
        stream.write(head)
        chunk = b" " * MIB
        for _ in range(decompressed_size // MIB):
            stream.write(chunk)
    return buffer.getvalue()


def png_bytes() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


ZIP_MEMBER_TEXT = "张三,13800138000,110101199003074514"


def zip_bytes() -> bytes:
    """A zip archive whose stored (uncompressed) member looks like a listing page: if it were read
    as HTML, the archive's contents would become a listing."""
    member = listing_page("zip", "dump inside a zip", f"<pre>name,phone,id\n{ZIP_MEMBER_TEXT}</pre>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("dump.html", member)
    return buffer.getvalue()


def gb18030_behind_utf8_header() -> bytes:
    return listing_page("gb-lying", GB_TITLE, f"<p>{GB_TITLE}。包含姓名、电话。</p>", meta_charset=None).encode("gb18030")


def utf8_behind_big5_meta() -> bytes:
    return listing_page("big5-meta", BIG5_META_TITLE, f"<p>{BIG5_META_TITLE}，包含姓名、電話。</p>",
                        meta_charset="big5").encode("utf-8")


NO_KEY_SAMPLES = ("13912345678", "110101199003074514", "buyer.one@example.com")


def no_key_page() -> str:
    """A listing the pipeline drops (no key anywhere) whose body holds unmasked samples: they must
    not reach the crawl's log with the dropped item."""
    page = listing_page("x", "Listing without a key: 京东用户数据 1万条",
                        "<p>样本: 张三 " + " ".join(NO_KEY_SAMPLES) + "</p>")
    return page.replace(' data-listing-id="x"', "")


# Pages built to stall a stage (the login-wall check, the page parsers, the text extraction), each a
# listing in the demo-en layout; bench/bench_hostile.py times the same shapes at n, 2n and 10n.
STALLING_SHAPES = {
    "input-runs": "<input " * 20_000,
    "script-runs": "<script" * 40_000,
    "comment-runs": "<!--" * 40_000,
    "nested-index": "".join(f'<div class="card"><a href="/en/listing/plain-1.html">listing {i} 5 BTC</a>'
                            for i in range(3_000)) + "</div>" * 3_000,
    "attribute-soup": "<div " + "a=\"1\" b='2' c=3 " * 20_000 + ">x</div>",
}


def stalling_page(name: str) -> str:
    return listing_page(name, f"Stalling page {name}: 京东用户数据 1万条",
                        "<p>京东用户数据 借款记录</p>" + STALLING_SHAPES[name])


def plain_page(name: str) -> str:
    return listing_page(name, f"Plain listing {name}: 京东用户数据 2万条", "<p>京东用户数据，价格 500 USDT</p>")


def stalls_index_page(listing_paths: list[str]) -> str:
    """An index page of plain and stalling listings, without a next page."""
    cards = "".join(f'<div class="listing-card"><a class="listing-link" href="{path}">listing {path}</a></div>'
                    for path in listing_paths)
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>stalls</title></head><body><main>{cards}</main></body></html>'
