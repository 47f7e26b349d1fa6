"""Market and forum layouts nobody wrote a config for, read as the generic spider reads them.

Each fixture in ``layouts/`` is a made-up page in the shape of a real kind of site (phpBB, XenForo,
MyBB, Discourse, Discuz!, a vendor shop, a table market, a Tor product page, a paste site, pages
whose title is only in the breadcrumb, in og:title, in a ``.subject`` element, behind a logo h1, …).
The expectations below were written with the pages, before the code ran on them.

A listing page is read through ``generic_listing`` (the generic spider) and, for the same page, a
site config whose fields are all ``auto`` (``page_listings``): both must agree. Then the listing goes
through normalize → analysis with a watchlist holding each page's brand, as in a crawl: the brand
must be found, and brands only named in a sidebar, a reply or a "similar threads" box must not.

First run, before the reading rules were changed: 108 of 153 checks passed (71%): 12 titles wrong
(the logo's h1, the site's name, a generic heading, the whole <title>), 7 bodies holding replies or
the sidebar, 10 sellers wrong ("Joined", "Replies", "Msgs: 233", none), 5 dates relative or missing,
3 prices missing, 6 brands missed or added from other listings, 2 index pages cut in half or empty
(bg1/bg2 rows, per-thread classes).

Second set (vBulletin 3/4, SMF, Invision, Flarum's noscript fallback, Dread, a Telegram channel,
key-value shops, prices in data- attributes and split spans, og:title with an <article>, a noscript
shell, text sidebars of other listings; GB18030 and Big5 pages), first run: 87 of its 126 checks
passed: 6 titles (a forum section or "Thread:" kept, a "Name:" field, a box heading over og:title,
a noscript h1), 5 bodies (posts inside a form or div#comments, noscript content, sidebars as text),
5 sellers, 7 dates (bare "昨天 14:03", "Listed Nov 30, 2026 by", data-created, a menu's "Published"),
5 prices (a quote's price, data-price, "商品价格"), 3 brands, 4 record counts, 2 index pages
("order=desc" taken for an order, an unread row's class), the channel's messages and its next page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from crawlers.sites.config import parse_site_config
from crawlers.sites.extract import page_listings
from crawlers.sites.generic import find_listing_links, find_next_page, generic_listing, generic_listings
from leakscout.core.watchlist import WatchedBrand
from pipelines.extract import ListingAnalyzer
from pipelines.extraction.html_text import decode_bytes
from pipelines.normalize import normalize_item

LAYOUTS_DIR = Path(__file__).parent / "layouts"
UNCHECKED = object()


@dataclass(frozen=True)
class Prefix:
    """A value that must start with this text (a labelled price followed by the rest of its sentence)."""
    start: str


@dataclass
class Layout:
    name: str
    url: str
    title: str | tuple[str, ...]
    body_has: list[str]
    body_not: list[str]
    brand: str
    seller: object = UNCHECKED
    posted_at: object = UNCHECKED
    price: object = UNCHECKED
    not_brands: list[str] = field(default_factory=list)
    records: object = UNCHECKED     # the record count the analysis reads from the listing


LAYOUTS = [
    Layout("phpbb-thread", "http://cellar.example/viewtopic.php?f=7&t=3381",
           title="Korvel Bank customer list 120k rows with balances",
           body_has=["120k rows. Fields: full name", "Price: 0.6 BTC for the whole list"],
           body_not=["Tarnwell", "Post Reply", "Board index", "Delete cookies", "PM me on jabber"],
           seller="vaultkeeper", posted_at="2024-03-04T18:20:00+00:00", price=Prefix("0.6 BTC"),
           brand="Korvel Bank", not_brands=["Tarnwell Energy"]),
    # XenForo shows the thread prefix as a label inside the h1: with or without it is fine.
    Layout("xenforo-thread", "https://breachden.example/threads/lumatrix-user-database-2-4m-records.88120/",
           title=("WTS Lumatrix user database 2.4M records", "WTS - Lumatrix user database 2.4M records",
                  "Lumatrix user database 2.4M records"),
           body_has=["2.4M records: email, bcrypt hash", "Price: $4,000 in XMR"],
           body_not=["Bought it, data checks out", "Brisa Mobile", "Similar threads", "Castellan", "Staff online",
                     "Log in"],
           seller="pulsedump", posted_at=("2024-03-04T18:20:00+0000", "Mar 4, 2024"), price=Prefix("$4,000"),
           brand="Lumatrix", not_brands=["Brisa Mobile", "Castellan Credit", "Tarnwell Energy", "Veltora Health"]),
    Layout("mybb-thread", "http://rift.example/showthread.php?tid=2290",
           title="Brisa Mobile subscribers 3.1M lines (name, phone, IMEI)",
           body_has=["3.1M lines: full name, msisdn, IMEI", "Selling the full base for $2,500"],
           body_not=["Halcyra", "Possibly Related Threads", "Solvane", "Norvane", "Login", "Thread Options"],
           seller="simsmith", posted_at="03-04-2024, 06:20 PM",
           brand="Brisa Mobile", not_brands=["Halcyra", "Solvane Telecom", "Norvane Airlines"]),
    Layout("discourse-topic", "https://quietroom.example/t/veltora-health-patient-records-860k/4127",
           title="Veltora Health patient records 860k",
           body_has=["860k patients across 14 clinics", "Asking 1.2 BTC"],
           body_not=["Halcyra", "Staff verified", "Powered by", "FAQ/Guidelines"],
           seller="medrecs", posted_at=("2024-03-04T18:20:00Z", "2024-03-04T18:20:00+00:00"),
           brand="Veltora Health", not_brands=["Halcyra"]),
    # The refund tab is hidden (display:none); the "more from this vendor" cards name other brands.
    Layout("shop-product", "http://kestrel.example/p/5521",
           title="Quenby Insurance policyholders 95k",
           body_has=["95k rows: policy number, holder name"],
           body_not=["More from insuredata", "Orrin Credit Union", "Veltora", "Sign in", "Car insurance quotes",
                     "Refund only if"],
           seller="insuredata", posted_at="2024-03-02", price="$450",
           brand="Quenby Insurance", not_brands=["Orrin Credit Union", "Veltora Health"]),
    Layout("table-market-item", "http://dtmarket.example/item.php?id=9012",
           title="Tarnwell Energy billing customers 640k",
           body_has=["640k rows: account holder, service address"],
           body_not=["Combolists", "Scans & docs", "no js since 2019", "mirror list signature"],
           seller="gridrunner", posted_at="2024-03-03 11:40", price="0.08 BTC",
           brand="Tarnwell Energy"),
    # <title> and the only h1 are the market's name; the listing's name is the "Product:" row.
    Layout("tor-product", "http://abyss.example/product/88",
           title="Norvane Airlines frequent flyer members 80k rows",
           body_has=["80k rows: member number, full name"],
           body_not=["escrow market since 2021", "guides services support", "PGP fingerprint"],
           seller="skyclerk", posted_at="04 Mar 2024", price="0.05 BTC",
           brand="Norvane Airlines"),
    Layout("logo-h1-subject", "http://moonvault.example/listing/4410",
           title="Halcyra cardholders 25k fullz with CVV",
           body_has=["25k records: card number, expiry, CVV"],
           body_not=["Market · Forum", "Sign in", "mirrors"],
           seller="binmaster", posted_at="2024-03-01 22:14", price="$1,900",
           brand="Halcyra"),
    # Only a relative date on the page: it is what there is.
    Layout("title-colon-site", "http://sable.example/listings/7731",
           title="Pellucid Pay merchant accounts 18k rows",
           body_has=["18k rows: business name, owner full name"],
           body_not=["Vendors", "Support", "© 2024"],
           seller="ledgerfox", posted_at="2 days ago", price="0.12 BTC",
           brand="Pellucid Pay"),
    Layout("title-dash-site", "http://ledgerhaus.example/l/unionjack-orrin",
           title="Orrin Credit Union members 52k with SSN",
           body_has=["52k members, exported from the online banking admin panel", "Columns: member ID"],
           body_not=["vendors enter", "LEDGERHAUS 2024"],
           seller="unionjack", posted_at="2024-02-28", price="0.4 BTC",
           brand="Orrin Credit Union"),
    Layout("paste", "http://pastenest.example/x8Fq2Lm",
           title="Merriton Hotels guest list 45k lines",
           body_has=["MERRITON HOTELS - GUEST LIST - 45,000 LINES", "price 600 usdt for all 45k"],
           body_not=["Public Pastes", "Castellan", "Korvel", "still available", "Sign up"],
           seller="roomservice", posted_at="Mar 4th, 2024", price=Prefix("600 usdt"),
           brand="Merriton Hotels", not_brands=["Castellan Credit", "Korvel Bank"]),
    # Discuz! shows "发表于 3 天前" with the date itself in the span's title attribute.
    Layout("discuz-thread", "http://anhe.example/thread-90215-1-1.html",
           title=("瑞恒保险 车险客户数据 12万条 带身份证", "[出售] 瑞恒保险 车险客户数据 12万条 带身份证"),
           body_has=["出售瑞恒保险车险客户数据，共12万条", "价格：8000元全包"],
           body_not=["a8Kx", "Quenby", "沙发", "返回列表", "立即注册"],
           seller="保单老周", posted_at="2024-3-4 18:20", price=Prefix("8000元"),
           brand="Ruiheng Insurance", not_brands=["Quenby Insurance"]),
    Layout("breadcrumb-title", "http://deeplist.example/l/44120",
           title="Zephyro Games player accounts 300k with emails",
           body_has=["300k player accounts: username, email"],
           body_not=["Guides", "Wallet", "DeepList 2024"],
           seller="lootbox", posted_at="2024-02-20", price="$850",
           brand="Zephyro Games"),
    Layout("og-title-only", "http://app.example/listing/c7f1",
           title="Castellan Credit loan applicants 210k rows",
           body_has=["210k rows, pulled from the application processing API"],
           body_not=["Browse", "Messages", "Orders"],
           seller="creditcrow", posted_at=None, price="$2,200",
           brand="Castellan Credit"),
    Layout("multi-h1", "http://darkbazaar.example/l/317",
           title="Ambrion Retail loyalty members 510k rows",
           body_has=["510k rows: card number, name, email"],
           body_not=["vendors | rules", "trust no one"],
           seller="pointsharvest", posted_at="2024-03-03", price="0.09 BTC",
           brand="Ambrion Retail"),
    # A left rail of 16 other listings (title link, price, seller, blurb) before the listing itself.
    Layout("sidebar-heavy", "http://vendo.example/l/884",
           title="Solvane Telecom prepaid subscribers 1.4M rows",
           body_has=["1.4M rows, pulled from a dealer activation tool"],
           body_not=["Latest listings", "Korvel", "Castellan", "Fennick", "escrow ok"],
           seller="numbersguy", posted_at="2024-03-04T18:20:00+00:00", price="$1,200",
           brand="Solvane Telecom",
           not_brands=["Korvel Bank", "Castellan Credit", "Quenby Insurance", "Veltora Health", "Norvane Airlines",
                       "Halcyra", "Tarnwell Energy", "Pellucid Pay", "Zephyro Games", "Merriton Hotels",
                       "Ambrion Retail", "Drevon Logistics", "Brisa Mobile", "Lumatrix", "Fennick Travel",
                       "Orrin Credit Union"]),
    # The h1 is a generic section heading; the product's name is microdata (itemprop="name").
    Layout("microdata-product", "http://cargocult.example/product/cc-1207",
           title="Drevon Logistics shipment recipients 1.2M",
           body_has=["1.2M rows: recipient name, phone, email"],
           body_not=["Customers also bought", "Courier app drivers", "data, delivered"],
           seller="parcelghost", posted_at=("2024-02-29", "29/02/2024"), price=("$1,500.00", "1500.00"),
           brand="Drevon Logistics"),
    # "Posted 3 hours ago" carries the instant in data-time (Unix seconds).
    Layout("thread-title-span", "http://nullsec.example/t/5512",
           title="Fennick Travel bookings 77k with passports",
           body_has=["77k bookings: traveller names, passport numbers"],
           body_not=["Merriton", "Check your inbox", "Similar threads", "Hotel chain guests"],
           seller="tripwire", posted_at="2024-03-04T18:20:00+00:00",
           brand="Fennick Travel", not_brands=["Merriton Hotels"]),

    # -- second set: forum engines, channels, key-value shops, prices in attributes, noscript pages --------------
    # vBulletin 3 in Big5: the date is a bare text node in the post's head row ("昨天 14:03" is all there is);
    # the "similar threads" table names other brands.
    Layout("vbulletin3-showthread", "http://blacktide.example/showthread.php?t=40511",
           title=("[出售] 宏碩電信 用戶資料 8萬筆 含身分證 3500U", "宏碩電信 用戶資料 8萬筆 含身分證 3500U"),
           body_has=["出售宏碩電信行動用戶資料，共8萬筆", "價格：3500 USDT 全包"],
           body_not=["東森銀行", "大有人壽", "相似的主題", "會員名稱", "註冊日期", "Powered by"],
           seller="阿成資料庫", posted_at="昨天 14:03", price=Prefix("3500 USDT"),
           brand="Hongshuo Telecom", not_brands=["Dongsen Bank", "Dayou Life"], records=80000),
    # vBulletin 4: the h1 says "Thread: <subject>"; the subject without vBulletin's word is the title.
    Layout("vbulletin4-showthread", "http://vaultline.example/showthread.php?7781-Dunmore-Bank",
           title="Dunmore Bank online banking users 65k with balances - $2,800",
           body_has=["Selling 65k Dunmore Bank online banking users", "Price: $2,800 for the whole set"],
           body_not=["Ashgrove", "Similar Threads", "Korvel", "Thread Tools", "Join Date", "Powered by"],
           seller="ledgerlad", posted_at="Nov 30, 2026, 10:00 AM", price=Prefix("$2,800"),
           brand="Dunmore Bank", not_brands=["Ashgrove Savings", "Korvel Bank", "Tarnwell Energy"], records=65000),
    # SMF 2.0: the opening post starts with a quote of another seller's post (its own price and brand):
    # the quote is someone else's listing, not this one's text.
    Layout("smf-topic", "http://backroom.example/index.php?topic=2214.0",
           title="Brightwell Pharmacy prescriptions 140k rows, 0.35 BTC",
           body_has=["Brightwell Pharmacy online refill portal, 140k rows", "Price: 0.35 BTC for everything"],
           body_not=["Calloway", "Price: $900", "Quote from", "Hollis", "Report to moderator", "Posts: 57", "SMF"],
           seller="scriptkid_rx", posted_at="November 30, 2026, 10:00:00 AM", price=Prefix("0.35 BTC"),
           brand="Brightwell Pharmacy", not_brands=["Calloway Motors", "Hollis Dental"], records=140000),
    # Invision Community 4: posts are <article class="cPost ipsComment"> inside div#comments; the author
    # pane is an <aside>.
    Layout("invision-topic", "https://sablecore.example/topic/61877-ostrel-airways-loyalty-members-310k-1200-usdt/",
           title="Ostrel Airways loyalty members 310k | 1,200 USDT",
           body_has=["Ostrel Airways frequent flyer program export, 310k members", "Price: 1,200 USDT (TRC20)"],
           body_not=["Pellucid", "Staff verified", "Sign In", "Powered by", "Jump to content"],
           seller="wingclip", posted_at="2026-11-30T10:00:00Z", price=Prefix("1,200 USDT"),
           brand="Ostrel Airways", not_brands=["Pellucid Pay"], records=310000),
    # Flarum: the page is a JS shell; the discussion is server-rendered in <noscript id="flarum-content">.
    # The fallback shows no date (the JSON payload in a <script> is not read): none.
    Layout("flarum-discussion", "https://driftwood.example/d/913-nimbra-cloud-tenant-admins-42k-600",
           title="Nimbra Cloud tenant admins 42k, $600",
           body_has=["Nimbra Cloud tenant admin accounts, 42k rows", "Price: $600 for the lot"],
           body_not=["Harlan", "Quarry", "fresh pull", "best viewed", "Loading", "Something went wrong"],
           seller="tenantfox", posted_at=None, price=Prefix("$600"),
           brand="Nimbra Cloud", not_brands=["Quarry Systems"], records=42000),
    # Dread (Reddit-like): a post and a nested comment tree naming other brands and prices.
    Layout("dread-post", "http://dreadmirror.example/post/8f3a1c2e77",
           title=("[WTS] Quillon Dating app users 1.8M - $750", "Quillon Dating app users 1.8M - $750"),
           body_has=["Full user table of Quillon Dating, 1.8M users", "Price: $750 flat"],
           body_not=["Kessler", "Vouch", "Verrin", "Ashgrove", "subscribers", "sorted by", "14 comments"],
           seller=("/u/heartbreaker", "heartbreaker"), posted_at="2 days ago", price=Prefix("$750"),
           brand="Quillon Dating", not_brands=["Kessler Mobile", "Verrin Bank", "Ashgrove Savings"], records=1800000),
    # A shop whose item is a <dl> of "Name:", "Price:", "Quantity:", "Stock:", "Seller:", "Posted:";
    # <title> only has the item number.
    Layout("kv-dl-shop", "http://pallas.example/item/20931",
           title="Elmstead Bank customers 85k with online banking logins",
           body_has=["Elmstead Bank customer export, 85k rows", "Columns: full name, sort code"],
           body_not=["Wexford", "Ashgrove", "Korvel", "Other items", "Balance: $0.00", "support via ticket"],
           seller="quill", posted_at="2026-11-29", price="$1,150",
           brand="Elmstead Bank", not_brands=["Ashgrove Savings", "Korvel Bank", "Wexford Building Society"],
           records=85000),
    # A Chinese card shop (自动发卡) in GB18030: a <table> of 商品名称/商品价格/库存/卖家/发布时间.
    Layout("faka-table-gb18030", "http://dingsheng.example/goods/131",
           title="鼎盛证券 开户客户资料 6万条 带资产",
           body_has=["鼎盛证券开户客户资料，共6万条", "字段：姓名、手机号、身份证号"],
           body_not=["恒远银行", "瑞恒保险", "热销商品", "订单查询", "公告", "Copyright"],
           seller="老K数据", posted_at="2026-11-28 09:15", price="680.00 元",
           brand="Dingsheng Securities", not_brands=["Ruiheng Insurance", "Hengyuan Bank"], records=60000),
    # The price is <span class="amount"> with the currency in a sibling span; the vendor's other cards
    # below use the same markup. "Listed Nov 30, 2026 by x": the date without "by".
    Layout("amount-span-product", "http://obsidian.example/p/77130",
           title="Marlowe Retail loyalty accounts 420k",
           body_has=["Marlowe Retail loyalty program accounts, 420k", "Each account: email, password hash"],
           body_not=["More from pointbreak", "Brisa", "Ambrion", "Zephyro", "Wallet", "PGP"],
           seller="pointbreak", posted_at="Nov 30, 2026", price="1,250 USDT",
           brand="Marlowe Retail", not_brands=["Brisa Mobile", "Ambrion Retail", "Zephyro Games"], records=420000),
    # The price is only in data-price/data-currency (a script renders it); the date in data-created.
    Layout("data-price-card", "http://cinder.example/l/55120",
           title="Pinecrest Dental patients 96k rows",
           body_has=["Pinecrest Dental practice management export, 96k patients"],
           body_not=["Feedback (41)", "keep your PGP close", "vendors"],
           seller="molarbear", posted_at="2026-11-30T10:00:00+00:00", price="0.015 BTC",
           brand="Pinecrest Dental", records=96000),
    # A leak blog: <title> is the site's name, og:title the post's, the text an <article>; a byline date.
    Layout("og-article", "http://nightledger.example/leak/westbrook-university",
           title="Westbrook University: 58k students and staff, 4 BTC",
           body_has=["Westbrook University network was in our hands", "Price: 4 BTC for exclusive rights"],
           body_not=["Marrow Clinic", "Tarnwell", "Fennick", "Other auctions", "we publish what they hide", "All leaks"],
           seller=None, posted_at="Nov 30, 2026", price=Prefix("4 BTC"),
           brand="Westbrook University", not_brands=["Tarnwell Energy", "Fennick Travel"], records=58000),
    # A JS shell (GB18030) whose listing is only in <noscript>.
    Layout("noscript-shell-gb18030", "http://heishi.example/item/3317",
           title="华信快递 收件人数据 50万条 2000元",
           body_has=["出售华信快递收件人数据50万条", "价格：2000元全包"],
           body_not=["需要启用JavaScript"],
           seller="快递小哥88", posted_at="2026-11-28 09:15", price=Prefix("2000元"),
           brand="Huaxin Express", records=500000),
    # A ticker, "trending vendors", "recently sold" (with <time>s) and "you may also like": other listings'
    # brands, counts and prices written as text, not as link lists.
    Layout("sidebar-others", "http://tessera.example/l/5521",
           title="Greyfield Insurance claimants 260k | $680",
           body_has=["Greyfield Insurance claims system export, 260k claimants", "Fields: claimant name"],
           body_not=["Korvel", "Veltora", "Brisa", "Lumatrix", "Castellan", "Norvane", "Quenby", "Tarnwell",
                     "Pellucid", "Merriton", "Trending vendors", "You may also like", "Hot right now"],
           seller="claimjumper", posted_at="2026-11-29T08:30:00Z", price="$680",
           brand="Greyfield Insurance",
           not_brands=["Korvel Bank", "Veltora Health", "Brisa Mobile", "Lumatrix", "Castellan Credit", "Norvane Airlines",
                       "Quenby Insurance", "Tarnwell Energy", "Pellucid Pay", "Merriton Hotels"], records=260000),
]

WATCHLIST = [
    WatchedBrand(name="Korvel Bank"), WatchedBrand(name="Lumatrix"), WatchedBrand(name="Brisa Mobile"),
    WatchedBrand(name="Veltora Health"), WatchedBrand(name="Quenby Insurance"), WatchedBrand(name="Tarnwell Energy"),
    WatchedBrand(name="Norvane Airlines"), WatchedBrand(name="Halcyra"), WatchedBrand(name="Pellucid Pay"),
    WatchedBrand(name="Orrin Credit Union"), WatchedBrand(name="Merriton Hotels"),
    WatchedBrand(name="Ruiheng Insurance", aliases=("瑞恒保险",)), WatchedBrand(name="Zephyro Games"),
    WatchedBrand(name="Castellan Credit"), WatchedBrand(name="Ambrion Retail"), WatchedBrand(name="Solvane Telecom"),
    WatchedBrand(name="Drevon Logistics"), WatchedBrand(name="Fennick Travel"),
    WatchedBrand(name="Hongshuo Telecom", aliases=("宏碩電信",)), WatchedBrand(name="Dongsen Bank", aliases=("東森銀行",)),
    WatchedBrand(name="Dayou Life", aliases=("大有人壽",)), WatchedBrand(name="Dunmore Bank"),
    WatchedBrand(name="Ashgrove Savings"), WatchedBrand(name="Brightwell Pharmacy"), WatchedBrand(name="Calloway Motors"),
    WatchedBrand(name="Hollis Dental"), WatchedBrand(name="Ostrel Airways"), WatchedBrand(name="Nimbra Cloud"),
    WatchedBrand(name="Quarry Systems"), WatchedBrand(name="Quillon Dating"), WatchedBrand(name="Kessler Mobile"),
    WatchedBrand(name="Verrin Bank"), WatchedBrand(name="Elmstead Bank"), WatchedBrand(name="Wexford Building Society"),
    WatchedBrand(name="Dingsheng Securities", aliases=("鼎盛证券",)), WatchedBrand(name="Hengyuan Bank", aliases=("恒远银行",)),
    WatchedBrand(name="Marlowe Retail"), WatchedBrand(name="Pinecrest Dental"), WatchedBrand(name="Westbrook University"),
    WatchedBrand(name="Huaxin Express", aliases=("华信快递",)), WatchedBrand(name="Greyfield Insurance"),
    WatchedBrand(name="Tavira Bank"), WatchedBrand(name="Harlow Fitness"), WatchedBrand(name="Modan Telecom", aliases=("墨丹电信",)),
]

AUTO_MARKET = parse_site_config("""\
name: unseen
family: market
start_urls: [http://unseen.example/]
listing_links: a
""", "unseen.yaml")


def page(name: str) -> str:
    """The page as the crawler decodes it: by its declared charset (some are GB18030 or Big5)."""
    return decode_bytes((LAYOUTS_DIR / f"{name}.html").read_bytes())


_read: dict[str, dict] = {}


def read(layout: Layout) -> dict:
    if layout.name not in _read:
        _read[layout.name] = generic_listing(page(layout.name), layout.url, "unseen")
    return _read[layout.name]


def check(value, expected) -> None:
    if expected is UNCHECKED:
        return
    if isinstance(expected, Prefix):
        assert value and value.startswith(expected.start), value
    elif isinstance(expected, tuple):
        assert value in expected, value
    else:
        assert value == expected


BY_NAME = {layout.name: layout for layout in LAYOUTS}
NAMES = list(BY_NAME)


@pytest.mark.parametrize("name", NAMES)
def test_title(name):
    layout = BY_NAME[name]
    check(read(layout)["title"], layout.title if isinstance(layout.title, tuple) else layout.title)


@pytest.mark.parametrize("name", NAMES)
def test_body_has_the_listing(name):
    layout = BY_NAME[name]
    body = read(layout)["body"] or ""
    assert [text for text in layout.body_has if text not in body] == [], body


@pytest.mark.parametrize("name", NAMES)
def test_body_leaves_out_the_rest(name):
    layout = BY_NAME[name]
    body = read(layout)["body"] or ""
    assert [text for text in layout.body_not if text in body] == [], body


@pytest.mark.parametrize("name", [n for n in NAMES if BY_NAME[n].seller is not UNCHECKED])
def test_seller(name):
    check(read(BY_NAME[name])["seller"], BY_NAME[name].seller)


@pytest.mark.parametrize("name", [n for n in NAMES if BY_NAME[n].posted_at is not UNCHECKED])
def test_posted_at(name):
    check(read(BY_NAME[name])["posted_at"], BY_NAME[name].posted_at)


@pytest.mark.parametrize("name", [n for n in NAMES if BY_NAME[n].price is not UNCHECKED])
def test_price(name):
    check(read(BY_NAME[name])["price_text"], BY_NAME[name].price)


@pytest.mark.parametrize("name", NAMES)
def test_site_config_with_auto_fields_reads_the_same(name):
    layout = BY_NAME[name]
    (listing,) = page_listings(AUTO_MARKET, page(name), layout.url).listings
    generic = read(layout)
    fields = ("title", "body", "seller", "posted_at", "price_text", "category")
    assert {k: listing[k] for k in fields} == {k: generic[k] for k in fields}


@pytest.fixture(scope="module")
def analyzer():
    return ListingAnalyzer(WATCHLIST, salt="layouts")


@pytest.mark.parametrize("name", NAMES)
def test_watched_brand_is_found(analyzer, name):
    layout = BY_NAME[name]
    document = analyzer.analyze(normalize_item(read(layout)))
    assert layout.brand in document["brands"], (read(layout)["title"], document["brands"])
    assert not set(layout.not_brands) & set(document["brands"]), document["brands"]


@pytest.mark.parametrize("name", [n for n in NAMES if BY_NAME[n].records is not UNCHECKED])
def test_record_count(analyzer, name):
    layout = BY_NAME[name]
    document = analyzer.analyze(normalize_item(read(layout)))
    assert document["record_count"] == layout.records, (read(layout)["title"], document["record_count"])


INDEXES = {
    # page: (url, listing paths, paths that may be found too, next page path)
    "phpbb-forum": ("http://cellar.example/viewforum.php?f=7",
                    ["/viewtopic.php?t=3381", "/viewtopic.php?t=3377", "/viewtopic.php?t=3370", "/viewtopic.php?t=3362"],
                    ["/viewtopic.php?t=12"], "/viewforum.php?f=7&start=25"),
    "xenforo-forum": ("https://breachden.example/forums/databases.14/",
                      ["/threads/lumatrix-user-database-2-4m-records.88120/", "/threads/need-a-coder-for-a-scraper.88101/",
                       "/threads/us-dental-patients-44k.88077/"],
                      ["/threads/how-to-sell-here-escrow-rules.100/"], "/forums/databases.14/page-2"),
    "discourse-latest": ("https://quietroom.example/latest",
                         ["/t/veltora-health-patient-records-860k/4127", "/t/welcome-read-the-guidelines/7",
                          "/t/pharmacy-chain-loyalty-members-1-1m/4119", "/t/logs-cloud-march-drop/4102"],
                         [], "/latest?page=1"),
    "shop-grid": ("http://kestrel.example/shop/insuredata",
                  ["/p/5521", "/p/5490", "/p/5477", "/p/5402", "/p/5388", "/p/5301"], [], "/shop/insuredata?page=2"),
    "table-market": ("http://dtmarket.example/index.php?cat=db",
                     ["/item.php?id=9012", "/item.php?id=9007", "/item.php?id=8999", "/item.php?id=8990",
                      "/item.php?id=8984"], [], "/index.php?cat=db&page=2"),
    "discuz-forumdisplay": ("http://anhe.example/forum-36-1.html",
                            ["/thread-90215-1-1.html", "/thread-90198-1-1.html", "/thread-90177-1-1.html",
                             "/thread-90160-1-1.html"],
                            ["/thread-88001-1-1.html"], "/forum-36-2.html"),
    "smf-messageindex": ("http://backroom.example/index.php?board=5.0",
                         ["/index.php?topic=2214.0", "/index.php?topic=2190.0", "/index.php?topic=2177.0"],
                         ["/index.php?topic=17.0"], "/index.php?board=5.20"),
    # The first rel=next points at a mirror on another host: only the site's own next page is followed.
    "invision-forum": ("https://sablecore.example/forum/11-databases/",
                       ["/topic/61877-ostrel-airways-loyalty-members-310k-1200-usdt/",
                        "/topic/61840-verrin-bank-business-accounts-9k-800-usdt/",
                        "/topic/61802-looking-for-us-voter-rolls/", "/topic/61790-marrow-clinic-patients-12k-300-usdt/"],
                       [], "/forum/11-databases/page/2/"),
    "vbulletin3-forumdisplay": ("http://blacktide.example/forumdisplay.php?f=12",
                                ["/showthread.php?t=40511", "/showthread.php?t=40502", "/showthread.php?t=40488"],
                                ["/showthread.php?t=40001"], "/forumdisplay.php?f=12&order=desc&page=2"),
}


def _origin(url: str) -> str:
    return url.split("/", 3)[0] + "//" + url.split("/", 3)[2]


@pytest.mark.parametrize("name", sorted(INDEXES))
def test_index_listing_links(name):
    url, listings, extra, _ = INDEXES[name]
    origin = _origin(url)
    found = find_listing_links(page(name), url)
    assert set(origin + path for path in listings) <= set(found), found
    assert set(found) <= set(origin + path for path in listings + extra), found


@pytest.mark.parametrize("name", sorted(INDEXES))
def test_index_next_page(name):
    url, _, _, next_path = INDEXES[name]
    assert find_next_page(page(name), url) == _origin(url) + next_path


# -- a channel's message list (Telegram's t.me/s/ preview): each message is a listing ----------------------

CHANNEL_URL = "https://t.me/s/leakdepot"
CHANNEL_MESSAGES = [
    # (permalink, title: the message's first line, price, posted_at, brand, records)
    ("https://t.me/leakdepot/4401", "Tavira Bank card holders 75k – $400", Prefix("$400"),
     "2026-11-29T08:15:00+00:00", "Tavira Bank", 75000),
    ("https://t.me/leakdepot/4402", "Harlow Fitness members 210k rows – 0.01 BTC", Prefix("0.01 BTC"),
     "2026-11-30T10:00:00+00:00", "Harlow Fitness", 210000),
    ("https://t.me/leakdepot/4403", "墨丹电信 用户数据 30万条 2500元", Prefix("2500元"),
     "2026-12-01T14:03:00+00:00", "Modan Telecom", 300000),
]


def test_channel_messages_are_listings(analyzer):
    listings = generic_listings(page("telegram-channel"), CHANNEL_URL, "unseen")
    assert [listing["url"] for listing in listings] == [message[0] for message in CHANNEL_MESSAGES]
    brands = [message[4] for message in CHANNEL_MESSAGES]
    for listing, (url, title, price, posted_at, brand, records) in zip(listings, CHANNEL_MESSAGES):
        assert listing["title"] == title
        check(listing["price_text"], price)
        assert listing["posted_at"] == posted_at
        assert listing["seller"] == "Leak Depot"
        assert [other for other in brands if other != brand and other.split()[0] in listing["body"]] == []
        document = analyzer.analyze(normalize_item(listing))
        assert brand in document["brands"] and document["record_count"] == records, document


def test_a_thread_is_one_listing():
    assert len(generic_listings(page("smf-topic"), BY_NAME["smf-topic"].url, "unseen")) == 1


def test_channel_next_page_is_older_messages():
    assert find_next_page(page("telegram-channel"), CHANNEL_URL) == "https://t.me/s/leakdepot?before=4401"


# -- guards: what the thread and link-list rules must not take -------------------------------------

DESCRIPTION = ("<p>Selling the full customer table of a regional courier, 310k rows, January 2024. Columns: name, "
               "phone, street address, parcel count, last delivery date. CSV, 40 MB, escrow only.</p>")


def test_a_description_followed_by_questions_is_not_a_thread():
    questions = "".join(f'<div class="message"><a href="/u/q{i}">buyer{i}</a> <p>Question {i}: is the sample fresh, '
                        f'and do you split the file by region for a lower price?</p></div>' for i in range(6))
    html = f"<html><body><h1>Courier customers 310k</h1>{DESCRIPTION}<h2>Questions</h2>{questions}</body></html>"
    listing = generic_listing(html, "http://shop.example/p/1", "unseen")
    assert "310k rows" in listing["body"]


def test_reviews_in_articles_are_not_posts():
    reviews = "".join(f'<article class="review"><p>Review {i}: data was valid, fast delivery, good vendor, '
                      f'would buy again from this shop.</p></article>' for i in range(8))
    html = f"<html><body><h1>Courier customers 310k</h1><div class='desc'>{DESCRIPTION}</div>{reviews}</body></html>"
    assert "310k rows" in generic_listing(html, "http://shop.example/p/1", "unseen")["body"]


def test_a_post_read_alone_gives_its_own_author():
    config = parse_site_config("""\
name: unseen-forum
family: forum
start_urls: [http://forum.example/]
listing_links: a
posts: div.post
post_key: {selector: "@id"}
post_filter: all
""", "unseen-forum.yaml")
    posts = "".join(f'<div class="post" id="p{i}"><div class="body"><p>Post {i} text, long enough to be the '
                    f'post body of this reply in the thread.</p></div><a class="username" href="/u/{name}">{name}</a></div>'
                    for i, name in enumerate(("opener", "replier")))
    html = f"<html><body><h1>Thread title 10k rows</h1><div class='posts'>{posts}</div></body></html>"
    listings = page_listings(config, html, "http://forum.example/t/1").listings
    assert [listing["seller"] for listing in listings] == ["opener", "replier"]
    assert {listing["title"] for listing in listings} == {"Thread title 10k rows"}
