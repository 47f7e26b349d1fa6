import pytest

from pipelines.extraction import load_rates
from pipelines.extraction.data_files import tsv_rows
from pipelines.extraction.normalize import normalize
from pipelines.extraction.prices import choose_headline, find_prices

from .price_examples import EXAMPLES
from .price_examples_cn2 import EXAMPLES_CN2


@pytest.mark.parametrize("text,lang,expected", EXAMPLES)
def test_price_table(text, lang, expected):
    head = choose_headline(find_prices(normalize(text), lang))
    if expected is None:
        assert head is None, (float(head.amount), head.currency)
    else:
        assert head is not None
        assert (float(head.amount), head.currency) == (pytest.approx(expected[0]), expected[1])


@pytest.mark.parametrize("text,expected", EXAMPLES_CN2)
def test_price_table_cn2(extractor, text, expected):
    """Chinese titles through the whole extractor: a bare figure ending a title is read there."""
    price = extractor.extract(text)["price"]
    if expected is None:
        assert price is None, price
    else:
        assert price is not None
        assert (float(price["amount"]), price["currency"]) == (pytest.approx(expected[0]), expected[1])


def test_every_currency_word_has_a_rate():
    rates = load_rates()["usd_per_unit"]
    codes = {code for code, _place, _words in tsv_rows("currencies.tsv")}
    assert codes - set(rates) == set()
