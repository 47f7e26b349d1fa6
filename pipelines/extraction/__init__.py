"""leakscout extraction library: who is the source, how much, how many, what kinds, where.

    from pipelines.extraction import build_extractor, mask_text
    extractor = build_extractor(watchlist_brands=())      # build once: holds the brand automaton
    record = extractor.extract(text, html=None, url=None)  # dict with the §2 contract keys
    masked = mask_text(text, salt="...")                   # .text, .samples [{kind, masked, hash}]

Documented choices
- price: the whole-offer asking price. Per-record / per-thousand / per-region prices and ranges go to
  `offers` (unit = offer | record | thousand | ten_thousand | region, plus regions, record_count,
  records_per_unit, amount_max). If only those are given, `price` is null: a per-record price times a
  claimed count is not what the seller asked.
- currency: from the text only. A bare number after a price word (打包价10万) in Chinese text is CNY;
  elsewhere an unlabelled price has currency null and amount_usd null.
- record_count: the total; a province's part loses to the total; samples, minimum orders and update rates
  are ignored. A rate is a figure attached to its period ("每天更新5万条", "每天 50万单", "日出3万单", "50k/day");
  in a terse title "每天更新 5万条" (a space after the verb) reads as freshness plus the size, so 5万条 counts.
- brands: a service named as one item of a list of data fields ("手机、学信网账号密码、微信号", a CSV header,
  "emails and Coursera login credentials") is a kind of data, not the source; so is a brand after a
  negation or a comparison ("not a Binance leak", "bigger than the Zomato leak", "比趣店的全").
- brands: a carrier's short name right after a province or city ("江苏移动", "广东联通", "北京电信": the
  carrier's local company) is a name, so the ordinary source cues apply ("江苏移动机主实名数据" → China
  Mobile); the place stays a region of the data. claimed_source is the carrier's name without the place.
- brands: a group name stands for each of its members (brands.GROUPS): "三通一达快递面单" claims STO, YTO,
  ZTO and Yunda Express.
- brands: in a listing's title (its first line, at most 160 characters and no prose) a watched name is the
  source unless negated or compared; a dictionary-only name still needs a cue. In prose the breached
  organisation is the breach verb's subject, and sources named only after the first sentence with one are
  passing mentions (earlier breaches, platforms). A watched name also matches without a trailing note
  ("Zoosk (2011)" ← "Zoosk") and run together or split at capitals; a listed term beats such a form.
- brands, watched names as written: in any case; words and digits run together, spaced, hyphenated or dotted
  ("TMobile", "t mobile", "XBOX360 ISO"); without a company suffix ("Acme Ltd"), an acronym in brackets (either
  way: "World Poker Tour (WPT) Amateur League"), or accents (either way; ü also as ue); a watched domain as
  "name.tld" defanged ("wish[.]com") and by its name alone, but only written with its capital and used as a name
  ("Bukalapak" ← "Bukalapak.com"; "cannabis" is a word); a hashtag ("#Acme", "#acme_users", "#AcmeLeak") and a
  handle opening the title ("@Acme customers"), not a seller's handle or an e-mail address (an address at the
  brand's domain is the data, not its source); a Chinese name with spaces between its characters ("顺 丰"), not
  starting inside a word ("风调雨顺 丰收"). Where a listed term of one watched brand and another's form start
  together, the listed term wins ("R2 Games": "R2" over "R2Games"). Other brands in a word are no hit ("Ebayer").
- claimed_source: when no brand is found, the words naming an unknown source: an anonymised one (某省教育厅),
  a domain or "Name Database" in the title, the subject of a breach sentence.
- data_types: kinds named in the seller's contact clause ("联系方式：站内短信") are not offered data.
- price: subscriptions, per-query fees (包月 6000, 每次 2U) and trial/sample prices go to `offers` with
  unit period / sample, never to `price`.
- regions: ISO 3166-1 / 3166-2 codes; Hong Kong, Macao, Taiwan use their 3166-1 codes (HK, MO, TW).
- Inputs over 200,000 characters are truncated before extraction.
- legal_tier.tier is "unknown" when the listing gives no record count.
- record_count: an exponent is not a count ("10^400条", "1e400 records"), nor is a number too long to read
  ("123456789012345678901234567890万条": the digits are dropped, not the 万 read on its own).
- record_count, as sellers write it: a multiplied number needs no unit noun ("2300w开房数据", "6.8W", "2亿qq");
  mixed places are read whole ("4w7" = 47000, "3万6千", "11万6"); data sets joined by +, 送, 以及 are summed
  ("27万电话+13万微信"); the part offered now beats the whole ("全量8亿条，本次出4亿"). Not counts: hash names
  (MD5, SHA-1), a year after "in"/a month, a coin after a counter ("2个比特币"), a number inside a brand name ("12306").
- record_count in breach prose: a count of unique identities ("4 million unique email addresses") beats the
  rows it was found in ("2.7 billion records including 773 million unique email addresses").
- price: "N个比特币" / "N个币" are BTC; a bare amount below 1 with two or more decimals ending a Chinese title
  ("…290条-0.0002") is BTC (no one asks 0.0002 yuan). Continental amounts ("1.200,50 €", "€1.500") are read by
  price-parser; coin amounts keep the decimal point ("0.025 BTC").
- data_types: the vocabulary is data (data/kind_words.tsv). In English prose a kind word describing the breached
  business ("the photo sharing platform", "an education website") is not a kind of its data.
- data_types, round 2 (tests/extraction/kind_examples.py): accounts sold by the piece are credentials ("账号 500个",
  "Netflix accounts x 100"; not after a count, "70k accounts"); riders and drivers are employment; 银行卡 is a
  payment card; a bank named as the source of records is financial only when no field says more; 卖家/商家 are
  data subjects, not the seller's contact clause.
- regions: prefecture cities map to their province; "国内" is CN, "国内外" names no place.
- record_count, version 7: a numeral run ending in its multiplier is a figure wherever it stands ("近百万");
  rates also by 单日/当日/日均 and through a range ("每日8000-30000条"); a site's traffic ("日流量超百万") is no count;
  以上/以下 after a figure bound money ("存款10万以上", "千万以上富豪"), not the size ("邮箱1000W以上"); codec and hash
  names hold no count ("md5 邮箱"); Chinese numerals below ten need a counter other than 条/件/套 ("五个" counts,
  "四件套", "高三" do not); 家 counts companies from ten up; databases and directories sold by the piece
  ("60个大型数据库") are no count; a part after 其中/包含 keeps its joined figures as parts; a year after a noun
  ("clients 2024") is no count. Units and multipliers of the markets' other languages (registros, клиентов,
  millones, млн, juta) read like the English ones.
- regions, version 7: a place in an organisation's name ("北京银行", "卡塔尔国家银行") is a region of the data (where
  its customers are); it still scopes no figure ("上海招商银行19万条" is the whole offer).
- data_types and regions: field words and country names in French, Spanish, Portuguese, German, Italian,
  Indonesian, Turkish and Russian (data/kind_words.tsv, data/regions.tsv).
- regions, as sellers write them (data/regions.tsv says how names are written there): codes in brackets, slash
  lists and flags ("[US]", "DE/AT/CH", a regional-indicator pair); a code standing alone in the title unless it is
  also a word (IN, IT, ID, CA … give nothing), and not among capital words of a title in capitals ("BASE DE
  DATOS"); "US" in capitals and not after a verb taking "us" ("Contact US"); a domain under a country's zone
  ("shop.com.br", not "shop.de"), not an e-mail's; subdivisions of CN, US, IN (2023 codes), BR, CA, AU, each
  bringing its country; England → GB, "Georgia" alone → US-GA, "Korea" → KR. No code: groupings (EU, LATAM,
  欧美), languages ("in Spanish", "Chinese-speaking", 西班牙语), currencies ("US$", "US $500"), phone prefixes,
  lottery and card game names (德州扑克, 北京赛车).
- brands: a Latin name glued to a title's figure is still the name ("facebook5000万", "490wgmail"); a name before
  版 (an app's build) or 礼品卡 (a means of payment) is a passing mention.
- price, version 7: a bare amount below 1 with two or more decimals is BTC ("价格0.05", "…2万条 0.05"); Chinese
  numerals with a magnitude after 价格 are a price ("价格：八千").
- price: the yuan sign after the amount ("20￥") is CNY; R$, Rp, RM, руб are BRL, IDR, MYR, RUB.
- price, Chinese titles: slang for yuan (软妹币; 大洋, 圆, 米 not before a Chinese character; r not before a digit), 个U;
  a bare figure is the price after 售/仅/特价/跳楼价, before 带走/拿走/出, alone in an opening bracket ("【800】"), after
  a separator ending a title ("20万条-1500", "10w / 2000"); after 全套/全部/整库/打包 only below 10万 ("整库3000万" is
  the size); "一千条50元" is per thousand ("1000条 50元" the offer); a year 2001-2039 is no bare price.
- price: currency words are data (data/currencies.tsv), so are the words that make a figure no asking price, a
  lower bound or a price per unit in the markets' other languages (data/price_words.tsv). Not prices: a balance, a
  limit, a loan, an income, a value, a bound, money seized, before or after the figure ("余额5万", "$5k balance",
  "income > $100k", "查获现金50万元"); a Chinese label must touch its figure ("贷款额度 1200元" asks 1200). A price a
  report says the data was sold for is its price. Lower bounds ("starting at $50", "起价500元", "от 100$") and ranges
  whose upper end follows ("$500-800", "价格1-2w", "between $500 and $800") go to offers. Amounts with spaced
  thousands ("5 000 руб", "Prix : 2 000 €"), Cyrillic к, Indonesian rb/jt, Vietnamese triệu; "mil" is a thousand with
  reais or dólares. ฿ with an amount below 1 is bitcoin (the sign's old use), else baht; 大饼 is BTC, 姨太 ETH.
Version 8 (the choices below, and the regions, prices and English forms of data/regions.tsv, data/currencies.tsv
and data/price_words.tsv):
- brands, English listings: a watched name that is an ordinary English word (data/common_words.tsv: "Orange",
  "Target", "Zoom") is a title's source only as its subject, written with its capital and followed by a separator,
  a figure, a country code or a kind of data ("ORANGE FR | 3.4M", "Chase bank logs"), or with a source cue; in
  lower case it needs a cue ("orange customers"); "US bank" is not "US Bank". In a post's body a watched name is the
  source after a label ("Company: X", "Victim: X"), after or before a cue of the markets' other languages ("Fuite X",
  "База абонентов X", "X Kundendaten"), or when its clause goes on to a record count ("X club: 5.3M members").
  claimed_source: a name the dictionaries know but named in passing ("better than the Acme leak") is no unknown
  source, nor are sellers' words alone ("Mixed US combolist", "Crypto investors database"); a post's label names
  one ("Source: Corvid Games launcher").
- record_count, English listings: a multiplied figure in the title is the size unless money ("$5k", "balance 5k+",
  "for 2k", "5k usd"); thousands grouped by spaces or dots and a decimal comma before a multiplier read as written
  ("120 000 records", "2.300.000", "1,2 millones", "1,3 Mio."); "mil" before a Spanish or Portuguese unit is a
  thousand ("800 mil registros"), elsewhere a million; labels and nouns before the figure ("Lines: 450k",
  "Employees: 41 200", "Records — 2.1M"); a figure glued to a word is a name ("5G users"); a year before the noun
  ("2024 reservations") yields to a multiplied figure; "10k sample" is a sample, "full 2.4M" the total; a post's
  smaller figure does not beat the title's size ("users 65k" in the title, "around 9k accounts hold more than $10k").
- data_types, English listings: a sector word inside a Latin name of several words ("Meridian Health", "Acme Mobile")
  names no kind; stealer and bank logs, session cookies, wallet seeds are credentials ("the logs" of prose are not).
- masking (masking.mask_text): sample data is masked more widely than free text. A sample row is a data row
  of a table (CSV / TSV / `|` / `;` lines of equal width) or a line where another identifier was masked;
  there ID-shaped numbers with a bad check digit and SSN-shaped numbers in never-issued ranges are masked,
  and a header names columns to mask whole (passwords, SSNs, ID numbers, phones); the rest of the row is
  masked in shape (names, addresses below the city, dates, long numbers). See mask_text.
"""
from __future__ import annotations

from typing import Iterable

from .data_types import VOCABULARY
from .extractor import RECORD_KEYS, Extractor
from .masking import MaskResult, mask_text
from .rates import load_rates, refresh_rates, to_usd

# Stored on every listing document; bump it when extraction rules change, so old documents can be found.
EXTRACTOR_VERSION = "8"

__all__ = ["EXTRACTOR_VERSION", "build_extractor", "mask_text", "Extractor", "MaskResult", "RECORD_KEYS", "VOCABULARY",
           "load_rates", "refresh_rates", "to_usd"]


def build_extractor(watchlist_brands: Iterable = (), **kwargs) -> Extractor:
    """Build once and reuse: compiling the brand automaton is the expensive part."""
    return Extractor(watchlist_brands, **kwargs)
