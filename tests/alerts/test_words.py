"""The words alerts use for prices and what an offer's price covers."""
from leakscout.alerts.words import money, offer_line


def test_an_offer_per_thousand_reads_per_1000_records_not_per_1():
    line = offer_line({"amount": 100, "currency": "CNY", "amount_usd": 13.8, "unit": "thousand"})
    assert line == "100 CNY (≈ 14 USD) per 1,000 records (每千条)"
    assert offer_line({"amount": 250, "currency": "USD", "unit": "ten_thousand"}) == \
        "250 USD per 10,000 records (每万条)"


def test_a_price_per_record_shows_the_cents_of_its_dollar_value():
    assert offer_line({"amount": 0.5, "currency": "CNY", "amount_usd": 0.069, "unit": "record"}) == \
        "0.5 CNY (≈ 0.07 USD) per record (每条)"
    assert money({"amount": 100000, "currency": "CNY", "amount_usd": 13800.4}) == "100,000 CNY (≈ 13,800 USD)"
    assert money(None) == "not stated"
