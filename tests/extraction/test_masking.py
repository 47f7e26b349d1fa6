import hashlib

import pytest

from pipelines.extraction import mask_text
from pipelines.extraction.masking import luhn_ok, valid_cn_id

CASES = [
    ("手机 13812345678", "手机 138****5678", "phone"),
    ("+86 139 1234 5678", "+86 139****5678", "phone"),
    ("tel +1 415-555-2671", "tel +1 ******2671", "phone"),
    ("身份证 11010519491231002X", "身份证 110105********002X", "national_id"),
    ("mail a.b@qq.com", "mail a***@qq.com", "email"),
    ("card 4111 1111 1111 1111", "card ************1111", "payment_card"),
    ("QQ: 12345678", "QQ: 12****78", "qq"),
    ("john_doe:hunter22", "jo***:********", "credential"),
    ("alice@example.com:Passw0rd!", "a***@example.com:********", "credential"),
]


@pytest.mark.parametrize("text,masked,kind", CASES)
def test_masks(text, masked, kind):
    r = mask_text(text, salt="s")
    assert r.text == masked
    assert [s["kind"] for s in r.samples] == [kind]


@pytest.mark.parametrize("text", [
    "1000000条", "价格100000元", "2017年", "法释〔2017〕10号", "12:30:45", "2024-03-05", "Telegram:@seller",
    "https://example.com", "110105194912310021",          # bad ID checksum
    "1000000000000000条", "4111111111111112",             # round count, bad Luhn
    "Price: 500", "QQ群 2017",
])
def test_leaves_non_identifiers_alone(text):
    r = mask_text(text, salt="s")
    assert r.text == text and r.samples == []


def test_hash_is_salted_sha256_of_canonical_form():
    r = mask_text("13812345678", salt="pepper")
    assert r.samples[0]["hash"] == hashlib.sha256(b"pepper+8613812345678").hexdigest()
    assert mask_text("13812345678", salt="other").samples[0]["hash"] != r.samples[0]["hash"]
    r = mask_text("Alice@Example.com", salt="x")
    assert r.samples[0]["hash"] == hashlib.sha256(b"xalice@example.com").hexdigest()


def test_idempotent():
    text = "样本：张三 13812345678 11010519491231002X a.b@qq.com\nQQ: 12345678\njohn_doe:hunter22\n4111111111111111"
    once = mask_text(text, salt="s")
    twice = mask_text(once.text, salt="s")
    assert twice.text == once.text and twice.samples == []
    assert len(once.samples) == 6


def test_validators():
    assert valid_cn_id("11010519491231002X")
    assert not valid_cn_id("110105194912310021")
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")


def test_empty():
    assert mask_text("", salt="s").text == "" and mask_text(None, salt="s").samples == []


# --- sample tables, combo lists, US identifiers ---------------------------------------------------

CSV_SAMPLE = ("样本如下：\n姓名,身份证号,手机号,学信网账号,学信网密码\n"
              "王晓明,320102199903151234,13851234567,13851234567,wxm19990315\n"
              "刘佳,110105199811220319,13811372906,liujia_1122,lj112200\n联系方式：站内短信")


def test_a_password_column_of_a_csv_sample_is_masked_with_its_user():
    r = mask_text(CSV_SAMPLE, salt="s")
    assert "wxm19990315" not in r.text and "lj112200" not in r.text and "liujia_1122" not in r.text
    assert "刘*,110105********0319,138****2906,li***,********" in r.text      # the name too: rows are masked whole
    credentials = [s for s in r.samples if s["kind"] == "credential"]
    assert len(credentials) == 2
    assert credentials[1]["hash"] == hashlib.sha256(b"sliujia_1122").hexdigest()   # the user, as for combos
    assert mask_text(r.text, salt="s").text == r.text


@pytest.mark.parametrize("text, kept", [
    ("| login | pwd |\n|---|---|\n| bob | hunter |\n| al | sekrit |", ["| login | pwd |"]),
    ("email\tpassword\na@example.com\tPassw0rd\nb@example.com\tletmein", ["email\tpassword"]),
    ("user;pass;note\nbob;hunter;ok\nal;sekrit;-", ["user;pass;note"]),
])
def test_password_columns_in_markdown_tsv_and_semicolon_tables(text, kept):
    masked = mask_text(text, salt="s").text
    assert not any(word in masked for word in ("hunter", "sekrit", "Passw0rd", "letmein"))
    assert all(line in masked for line in kept)


def test_prose_beside_a_masked_value_keeps_its_words_and_figures():
    text = "Selling Qudian users data: 250,000 records, phone numbers. Sample: John 13912345678, 出售 苏宁 会员 共 351289 条"
    assert mask_text(text, salt="s").text == (
        "Selling Qudian users data: 250,000 records, phone numbers. Sample: J*** 139****5678, 出售 苏宁 会员 共 351289 条")


def test_a_passport_column_is_not_a_password_column():
    text = "name,passport,passenger\nBob,E12345678,yes\nAl,G87654321,no"
    assert mask_text(text, salt="s").text == "name,passport,passenger\nB**,E****5678,yes\nA*,G****4321,no"


@pytest.mark.parametrize("text, masked", [
    ("a@example.com----Passw0rd", "a***@example.com----********"),
    ("bob\thunter22", "b***\t********"),
    ("bob|hunter22", "b***|********"),
    ("password: hunter22", "password: ********"),
    ("密码：123456", "密码：********"),
])
def test_combo_lines_and_labelled_passwords(text, masked):
    r = mask_text(text, salt="s")
    assert r.text == masked and [s["kind"] for s in r.samples] == ["credential"]


@pytest.mark.parametrize("text", ["Name\tJohn", "Passwords: MD5 hashed", "password: plaintext", "工作时间 10:00-22:00"])
def test_words_after_a_tab_or_a_password_label_are_not_always_passwords(text):
    assert mask_text(text, salt="s").text == text


@pytest.mark.parametrize("text, masked", [
    ("SSN 219-09-9999", "SSN ***-**-9999"),
    ("dob 1978-04-19 ssn 078-05-1120", "dob ****-**-** ssn ***-**-1120"),
    ("SSN: 987-65-4320", "SSN: ***-**-4320"),                      # never issued, but labelled
    ("Whitford,987-65-4320,a@example.com", "W*******,***-**-4320,a***@example.com"),   # a sample row
])
def test_social_security_numbers(text, masked):
    r = mask_text(text, salt="s")
    assert r.text == masked and "ssn" in [s["kind"] for s in r.samples]
    assert mask_text(r.text, salt="s").text == r.text


def test_an_unlabelled_ssn_in_a_never_issued_range_outside_samples_is_left():
    for text in ("ref 987-65-4320", "ref 000-12-3456", "ref 123-00-4567", "ref 666-12-3456"):
        assert mask_text(text, salt="s").text == text


@pytest.mark.parametrize("text, masked", [
    ("call (555) 014-2291", "call (555) ***-2291"),
    ("call 555-014-2291", "call 555-***-2291"),
    ("call +1 (555) 014-2291", "call +1 (555) ***-2291"),
    ("phone: 4155552671", "phone: 415***2671"),
])
def test_us_phone_numbers_without_country_code(text, masked):
    r = mask_text(text, salt="s")
    assert r.text == masked and [s["kind"] for s in r.samples] == ["phone"]
    assert r.samples[0]["hash"] == hashlib.sha256(("s+1" + "".join(c for c in text[-14:] if c.isdigit())[-10:]).encode()).hexdigest()


@pytest.mark.parametrize("text", ["Price: $1,200-2,500", "2019-2024", "posted 2024-01-02 10:00", "4410029381 rows", "v3.4.1",
                                  "价格100000元 1000000条 2017年", "$2,200 for 750k"])
def test_us_rules_leave_prices_counts_dates_and_years(text):
    assert mask_text(text, salt="s").text == text


def test_an_id_number_with_a_bad_check_digit_is_masked_in_sample_data_only():
    bad = "110105194912310021"
    assert mask_text(bad, salt="s").text == bad                                     # alone: a number
    assert mask_text(f"张三 {bad} 13812345678", salt="s").text == "张* 110105********0021 138****5678"
    assert mask_text(f"身份证：{bad}", salt="s").text == "身份证：110105********0021"
    table = f"name,id,city\n张三,{bad},北京\n李四,320102199903151234,南京"
    assert bad not in mask_text(table, salt="s").text
    order = mask_text("订单号 110105999912310021 张三 13812345678", salt="s")   # no birth date: not an ID number
    assert order.text == "订单号 110105999912310021 张* 138****5678"          # (a prose line keeps its figures)


# mask_text skips the digit detectors on texts without digits (or without four in a row); what needs
# no digit is still masked there.
@pytest.mark.parametrize("text,kind", [
    ("alice:hunter", "credential"),                          # combo line, no digit
    ("bob----secretpw", "credential"),
    ("联系 admin@example.org", "email"),
    ("user,password\nalice,secret\nbob,hunter", "credential"),  # password column of a table
    ("tel +44 20 7946 0958", "phone"),                       # +-prefixed, no four digits in a row
    ("SSN 123-45-6789", "ssn"),
])
def test_cheap_paths_still_mask(text, kind):
    assert kind in [s["kind"] for s in mask_text(text, "s").samples]


@pytest.mark.parametrize("text", ["darkseller", "数据交易", "【趣店】学生数据30万条 打包价5万", "2024-05-01"])
def test_short_fields_without_identifiers_are_unchanged(text):
    result = mask_text(text, "s")
    assert result.text == text and result.samples == []
