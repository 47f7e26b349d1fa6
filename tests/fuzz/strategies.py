"""Hypothesis strategies: listing-like text and HTML made of the tokens extraction and parsing look for."""
from __future__ import annotations

from datetime import date
from html import escape

from hypothesis import strategies as st

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u200e\u200f"

TEXT_TOKENS = [
    "趣店", "趣\u200b店", "来分期", "Qudian", "京东", "JD.com", "支付宝", "学信网", "出售", "数据", "用户", "学生",
    "共", "条", "萬", "万", "亿", "千", "百", "近", "约", "余", "多", "w", "k", "K", "M", "million", "records", "rows",
    "元", "块", "¥", "￥", "$", "€", "£", "USD", "USDT", "BTC", "XMR", "ETH", "RMB", "人民币", "价格", "打包价", "售价",
    "每条", "每千条", "/条", "per record", "起", "~", "-", "–", "至", "到", "(", ")", "（", "）",
    "0", "1", "9", "10", "100", "1,000", "12,345", "0.5", "1.2", "3.14", "99999999999999999999", "1e400", "10^400",
    "北京", "上海", "江苏省", "广东", "台湾", "香港", "US", "CN", "姓名", "电话", "身份证", "地址", "密码", "借款",
    "csv", "xlsx", "sql", "2024-01-02", "2017年11月23日", "昨天", "qq:", "QQ号", "+86", "@", ":", "|", ";",
    " ", " ", "\n", "\t", "，", "。", "：", "、", "\u3000", "*", "#", *INVISIBLE,
]

listing_text = st.lists(st.one_of(st.sampled_from(TEXT_TOKENS), st.text(max_size=6)), max_size=60).map("".join)


def _valid_mobile(draw) -> str:
    return "1" + draw(st.sampled_from("3456789")) + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=9, max_size=9)))


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _valid_id(draw) -> str:
    region = draw(st.sampled_from(["110101", "310104", "440305", "320102", "510107"]))
    birth = draw(st.dates(min_value=date(1940, 1, 1), max_value=date(2010, 12, 31))).strftime("%Y%m%d")
    serial = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=3, max_size=3)))
    body = region + birth + serial
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS)) % 11]
    return body + draw(st.sampled_from([check, check.lower()]))


def _luhn_card(draw) -> str:
    while True:
        digits = draw(st.sampled_from("45")) + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=14, max_size=14)))
        total = 0
        for index, char in enumerate(reversed(digits)):
            value = int(char) * (2 if index % 2 == 0 else 1)   # the check digit comes after
            total += value - 9 if value > 9 else value
        card = digits + str((10 - total % 10) % 10)
        if not card.endswith("000000"):
            return card


@st.composite
def personal_value(draw) -> tuple[str, str]:
    """(kind, value): a mainland mobile, an 18-digit ID with a valid check digit, or a Luhn-valid card."""
    kind = draw(st.sampled_from(["phone", "national_id", "payment_card"]))
    value = {"phone": _valid_mobile, "national_id": _valid_id, "payment_card": _luhn_card}[kind](draw)
    if kind == "payment_card" and draw(st.booleans()):
        value = " ".join(value[i:i + 4] for i in range(0, 16, 4))
    return kind, value


@st.composite
def text_with_personal_values(draw) -> tuple[str, list[str]]:
    """Listing-like text with personal values set apart by spaces, line breaks or Chinese commas."""
    pieces, values = [], []
    for _ in range(draw(st.integers(1, 6))):
        pieces.append(draw(listing_text))
        _kind, value = draw(personal_value())
        values.append(value)
        pieces += [draw(st.sampled_from([" ", "\n", "，"])), value, draw(st.sampled_from([" ", "\n", "，"]))]
    pieces.append(draw(listing_text))
    return "".join(pieces), values


# --- HTML --------------------------------------------------------------------------------------

SCRIPT_MARK = "SCRIPTMARK"
CONTAINER_TAGS = ["div", "p", "span", "article", "section", "main", "h1", "dl", "dt", "dd", "a", "table", "tr",
                  "td", "th", "ul", "li", "b", "i", "pre", "nav", "footer", "blockquote", "time"]
CLASSES = ["listing", "listing-title", "listing-description", "listing-meta", "vendor", "price", "category",
           "listed", "listing-card", "listing-link", "pagination", "next", "post", "t_f", "sidebar", "menu", ""]
HREFS = ["/en/listing/1.html", "/en/listing/2.html", "/buy/1", "/login.php", "/download/x.zip", "page-2.html",
         "http://other.example/x", "javascript:alert(1)", "mailto:a@b.c", "#top", "", "//evil.example/"]
BROKEN = ["</div>", "<p>", "<td>", "</table>", "<br>", "<hr/>", "&amp", "&#x;", "&#99999999;", "&nbsp;", "<!--x-->",
          "</html>", "<body>", "</a>", "<li>"]
LABELS = ["Seller:", "Vendor", "价格：", "Price", "发表于 2024-01-02", "Category:", "作者", "Posted by"]


@st.composite
def html_node(draw, depth: int = 0) -> str:
    choice = draw(st.integers(0, 9 if depth < 6 else 3))
    if choice <= 2:
        return escape(draw(listing_text))
    if choice == 3:
        return draw(st.sampled_from(BROKEN + LABELS))
    if choice == 4:
        return f"<script>document.title='{SCRIPT_MARK}'</script>"
    tag = draw(st.sampled_from(CONTAINER_TAGS))
    attributes = f' class="{draw(st.sampled_from(CLASSES))}"'
    if tag == "a" or draw(st.booleans()):
        attributes += f' href="{escape(draw(st.sampled_from(HREFS)))}"'
    if tag == "article":
        attributes += f' data-listing-id="{draw(st.integers(0, 99))}"'
    if draw(st.integers(0, 9)) == 0:
        attributes += ' style="display:none"'
    children = draw(st.lists(html_node(depth + 1), max_size=4))
    return f"<{tag}{attributes}>{''.join(children)}</{tag}>"


html_page = st.lists(html_node(), max_size=6).map(
    lambda nodes: f"<html><head><title>t</title></head><body>{''.join(nodes)}</body></html>")
