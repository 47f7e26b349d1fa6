"""Customer identifiers hash exactly as masked samples do, so the two sets meet as hashes only."""
import pytest

from leakscout.alerts.exposure_words import exposure_lines
from pipelines.exposure import exposure_entries, severity_bonus
from pipelines.extraction.identifiers import canonical, guess_kind, kind_name, sample_hash
from pipelines.extraction.masking import mask_text

SALT = "k3y"
# Values with valid check digits: a resident ID (GB 11643) and a Luhn card number.
RESIDENT_ID = "11010119900307123X"[:17]
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID += "10X98765432"[sum(int(d) * w for d, w in zip(RESIDENT_ID, _WEIGHTS)) % 11]
CARD = "4111111111111111"


@pytest.mark.parametrize("kind, written_by_the_brand, written_in_the_listing", [
    ("phone", "138 1234 5678", "样例: 张三 13812345678 北京"),
    ("phone", "+86-138-1234-5678", "sample: 13812345678"),
    ("phone", "１３８１２３４５６７８", "sample: 13812345678"),
    ("email", "JDoe@Example.com", "sample: jdoe@example.com"),
    ("national_id", RESIDENT_ID.lower(), f"身份证 {RESIDENT_ID}"),
    ("payment_card", "4111 1111 1111 1111", f"card {CARD}"),
])
def test_a_customer_value_hashes_like_the_same_value_masked_in_a_listing(kind, written_by_the_brand,
                                                                          written_in_the_listing):
    samples = mask_text(written_in_the_listing, SALT).samples
    listing_hashes = {s["hash"] for s in samples if s["kind"] == kind}
    assert listing_hashes, samples
    assert sample_hash(SALT, canonical(kind, written_by_the_brand)) in listing_hashes
    assert sample_hash("another key", canonical(kind, written_by_the_brand)) not in listing_hashes


@pytest.mark.parametrize("kind, value", [
    ("national_id", RESIDENT_ID[:-1] + ("0" if RESIDENT_ID[-1] != "0" else "1")),   # wrong check digit
    ("payment_card", "4111111111111112"),                                        # Luhn fails
    ("email", "not an address"),
    ("phone", "12"),
    ("qq", "0123"),
    ("credential", "has a space"),
])
def test_invalid_values_have_no_canonical_form(kind, value):
    assert canonical(kind, value) is None


@pytest.mark.parametrize("value, kind", [
    ("13812345678", "phone"), ("+44 20 7946 0958", "phone"), ("a@b.cn", "email"),
    (RESIDENT_ID, "national_id"), (CARD, "payment_card"), ("张三", None), ("", None),
])
def test_a_lone_value_is_guessed_by_shape(value, kind):
    assert guess_kind(value) == kind


def test_kind_names_users_write_are_accepted_and_unknown_ones_refused():
    assert kind_name("Username") == "credential" and kind_name("mobile") == "phone"
    with pytest.raises(ValueError, match="unknown identifier kind"):
        kind_name("shoe size")


def test_a_phone_without_country_code_takes_the_region_given():
    assert canonical("phone", "020 7946 0958", region="GB") == "+442079460958"
    assert canonical("phone", "13812345678", region="GB") == "+8613812345678"   # a mainland mobile stays one


def test_exposure_entries_count_checked_and_matched_per_brand_and_kind():
    document = {"brands": ["Qudian"], "samples": [
        {"kind": "phone", "hash": "p1"}, {"kind": "phone", "hash": "p2"}, {"kind": "phone", "hash": "p2"},
        {"kind": "email", "hash": "e1"}, {"kind": "national_id", "hash": "i1"}]}
    brand_kinds = {"Qudian": {"phone", "email"}, "Ctrip": {"phone"}, "JD": {"email"}}
    customers = {"p1": {"Qudian"}, "p2": {"Qudian", "Ctrip"}}
    entries = exposure_entries(document, brand_kinds, customers)
    assert entries == [
        {"brand": "Ctrip", "checked": 2, "matched": 1, "kinds": [{"kind": "phone", "checked": 2, "matched": 1}]},
        {"brand": "Qudian", "checked": 3, "matched": 2, "kinds": [{"kind": "email", "checked": 1, "matched": 0},
                                                                  {"kind": "phone", "checked": 2, "matched": 2}]},
    ]   # JD: neither named nor matched, so not listed; national_id: no brand imported that kind
    assert exposure_lines({"exposure": entries}, "Qudian") == [
        "0 of 1 sample e-mail addresses are Qudian customers", "2 of 2 sample phone numbers are Qudian customers"]
    assert exposure_lines({"exposure": entries}, "Ctrip") == ["1 of 2 sample phone numbers is a Ctrip customer"]
    assert exposure_lines({"exposure": entries}, "JD") == []


def test_severity_rises_with_confirmed_matches_up_to_a_cap():
    assert severity_bonus(0) == 0 < severity_bonus(1) < severity_bonus(2) < severity_bonus(3)
    assert severity_bonus(1000) == severity_bonus(50)
