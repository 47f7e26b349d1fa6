"""Does a post offer data? A forum thread mixes offers with questions, vouches and chatter;
only the posts that sell something become listings."""
from __future__ import annotations

import re

_SALE = re.compile(
    r"\b(sell|selling|sells|wts|for sale|on sale|price|priced|vends?|vente)\b"
    r"|出售|转让|轉讓|卖|賣|售价|售價|价格|價格|打包价|上新|甩",
    re.IGNORECASE,
)
# A number is read from the start of its run of digits, commas and dots, and never re-read
# (possessive "*+"): "\d[\d,.]*" would read a run of n digits n times over.
_NUMBER = r"(?<![\d,.])[,.]*+\d[\d,.]*+"
_QUANTITY = re.compile(
    _NUMBER + r"\s*+(?:(k|m|mil|million|rows|records|lines|accounts|users|profiles|entries|customers|gb|tb"
    r"|个|個)\b|万|萬|亿|億|条|條|份|筆)",
    re.IGNORECASE,
)
_DATA = re.compile(
    r"\b(database|databases|db|dump|dumps|leak|leaks|combo|fullz|records|rows|table)\b|数据|數據|资料|資料|库|庫|名单|名單",
    re.IGNORECASE,
)


def offers_data(text: str | None) -> bool:
    """True when the text speaks of selling and of data or a quantity of it."""
    if not text:
        return False
    return bool(_SALE.search(text)) and bool(_QUANTITY.search(text) or _DATA.search(text))
