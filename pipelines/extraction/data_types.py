"""Kinds of personal data a listing offers, in the contract's fixed vocabulary."""
from __future__ import annotations

import re

import ahocorasick

from leakscout.core.kinds import VOCABULARY  # noqa: F401  (re-exported for extraction)

from .normalize import WORD_CHARS, norm_term


# keyword -> kinds. Chinese keywords match as substrings, Latin ones on word boundaries.
KEYWORDS: dict[str, tuple[str, ...]] = {}


def _add(kinds: str, *words: str) -> None:
    for w in words:
        merged = KEYWORDS.get(w, ()) + tuple(k for k in kinds.split() if k not in KEYWORDS.get(w, ()))
        KEYWORDS[w] = merged


_add("name", "姓名", "名字", "真实姓名", "真名", "实名", "name", "names", "full name", "full names", "first name",
     "last name", "surname", "fullname", "fio")
_add("phone", "手机", "手机号", "手机号码", "电话", "电话号码", "联系方式", "号码", "手机号段", "phone", "phones",
     "phone number", "phone numbers", "mobile", "mobile number", "mobile numbers", "tel", "telephone", "cell", "msisdn", "phone no")
_add("email", "邮箱", "电子邮件", "邮件地址", "email", "emails", "e-mail", "e-mails", "mail:pass", "email:pass",
     "email address", "email addresses")
_add("address", "住址", "地址", "家庭住址", "收货地址", "户籍地址", "现居地", "居住地", "address", "addresses", "street",
     "home address", "street address", "zip code", "postcode")
_add("national_id", "身份证", "身份证号", "身份证号码", "证件号", "证件号码", "sfz", "id card", "id cards", "id number",
     "id numbers", "national id", "national ids", "ssn", "ssns", "social security number", "social security numbers",
     "aadhaar", "nric", "cpf", "nin", "二要素")
_add("photo national_id", "身份证照片", "手持身份证", "身份证正反面")
# jargon for verified identity bundles: 三要素 = name + ID + phone, 四要素 adds the bank card
_add("name national_id phone", "三要素", "四要素")
_add("passport", "护照", "护照号", "passport", "passports", "passport number")
_add("birth_date", "生日", "出生日期", "出生年月", "出生年月日", "dob", "date of birth", "birthday", "birthdays",
     "birth date", "birthdate")
_add("gender", "性别", "gender", "sex")
_add("credentials", "密码", "账号密码", "帐号密码", "登录密码", "password", "passwords", "passwd", "pass", "credentials",
     "login", "logins", "combo", "combos", "combolist", "combo list", "user:pass", "mail:pass", "email:pass",
     "username:password", "hash", "hashes", "md5", "bcrypt", "plaintext")
_add("payment_card", "银行卡号", "信用卡", "信用卡号", "卡号", "cvv", "cvv2", "有效期", "credit card", "credit cards",
     "card number", "card numbers", "debit card", "debit cards", "cc", "ccs", "fullz", "bin", "四要素")
_add("bank_account", "银行账户", "银行账号", "银行帐号", "开户行", "开户银行", "银行卡", "bank account", "bank accounts",
     "iban", "routing number", "account number", "account numbers", "sort code")
_add("loan", "借款", "贷款", "额度", "借款额度", "逾期", "网贷", "借贷", "催收", "放款", "欠款", "负债", "分期", "贷后",
     "loan", "loans", "borrower", "borrowers", "overdue", "debt", "debtors", "lending", "loan size", "loan amount", "credit limit", "payday")
_add("financial", "收入", "月收入", "年收入", "月薪", "工资", "余额", "资产", "存款", "房产", "流水", "银行流水", "理财",
     "投资", "公积金", "股民", "炒股", "基金", "持仓", "资金", "income", "salary", "salaries", "balance", "balances",
     "assets", "net worth", "investor", "investors", "wealth", "portfolio")
_add("credit_report", "征信", "征信报告", "信用报告", "芝麻分", "信用分", "credit report", "credit reports",
     "credit score", "credit scores", "credit history")
_add("education", "学信网", "chsi", "学籍", "学生", "学校", "学历", "高校", "大学", "毕业", "院校", "考生", "高考",
     "大学生", "学号", "student", "students", "school", "schools", "university", "college", "education",
     "graduates", "alumni", "pupils", "enrollment")
_add("employment", "工作单位", "职业", "职位", "单位名称", "在职", "公司名称", "员工", "工作信息", "职务",
     "employer", "employers", "job title", "job titles", "occupation", "employee", "employees", "employment", "company name")
_add("health", "病历", "医疗", "体检", "病人", "患者", "就诊", "孕妇", "产妇", "新生儿", "诊断", "病情", "处方", "医保",
     "health", "medical", "patient", "patients", "diagnosis", "diagnoses", "prescription", "prescriptions", "hiv", "covid test")
_add("location", "定位", "gps", "行踪", "轨迹", "行踪轨迹", "经纬度", "实时位置", "位置信息", "location", "locations",
     "geolocation", "coordinates", "whereabouts")
_add("contacts", "通讯录", "紧急联系人", "联系人", "父母", "家属", "亲属", "亲友", "家人", "朋友手机", "朋友电话",
     "家庭成员", "家长", "contacts", "contact list", "emergency contact", "emergency contacts", "parents", "relatives",
     "friends", "next of kin", "family members", "address book")
_add("communication", "通话记录", "通话详单", "通话清单", "话单", "短信", "聊天记录", "短信记录", "call records",
     "call record", "call logs", "call log", "call history", "sms", "text messages", "chat logs", "chat history", "cdr", "cdrs")
_add("travel", "开房", "开房记录", "住宿", "入住", "入住记录", "酒店入住", "航班", "机票", "乘机", "火车票", "铁路", "出行",
     "旅客", "乘客", "行程", "hotel", "hotels", "flight", "flights", "booking", "bookings", "reservation", "reservations",
     "passenger", "passengers", "itinerary", "itineraries", "check-in", "travel", "travellers", "travelers", "pnr")
_add("orders", "订单", "快递", "物流", "收货", "购物", "网购", "运单", "面单", "快递单", "快递单号", "外卖", "消费记录",
     "购买记录", "orders", "shipping address", "delivery address", "parcel", "parcels", "purchase history",
     "purchases", "transactions", "transaction history", "order history")
_add("vehicle", "车主", "车辆", "车牌", "车牌号", "车架号", "vin", "行驶证", "驾驶证", "车型", "车险", "car owner",
     "car owners", "vehicle", "vehicles", "license plate", "license plates", "driver's license", "drivers license", "车辆信息")
_add("social_account", "qq号", "微信号", "微博号", "微博账号", "社交账号", "抖音号", "qq账号", "wechat id", "social media",
     "social profiles", "facebook profile", "facebook profiles", "twitter handles", "instagram handles", "profile links")
_add("device", "设备号", "imei", "idfa", "设备信息", "设备", "mac地址", "手机型号", "device id", "device ids", "device",
     "devices", "user agent", "user agents", "android id", "imsi")
_add("ip_address", "ip地址", "ip", "ip address", "ip addresses", "ips", "登录ip", "注册ip")
_add("photo", "照片", "人脸", "自拍", "手持", "正反面", "证件照", "头像", "photo", "photos", "selfie",
     "selfies", "face", "faces", "id photo", "id photos", "scans", "id scans", "人像")
_add("insurance", "保险客户", "保险数据", "保险信息", "保险公司", "保险用户", "保单", "投保", "投保人", "寿险", "理赔", "车险", "社保", "insurance",
     "policy holder", "policyholders", "policy number", "insured")
_add("tax", "纳税", "个税", "税号", "税务", "纳税人", "tax", "taxes", "tax id", "tin", "tax return", "tax returns")

# Gaps found on the held-out corpus (Taiwanese and Hong Kong wording, English forum shorthand).
_add("email", "电邮", "电子邮箱")
_add("phone", "门号", "手机门号")
_add("national_id", "身分证", "身份证字号", "身分证字号", "hkid", "id card no", "tc kimlik")
_add("address", "门牌号", "房号", "住所", "home addresses", "physical address", "delivery addresses", "billing address", "zip")
_add("birth_date", "dates of birth")
_add("credentials", "id+pw", "id/pw", "pwd", "account pin", "login credentials")
_add("payment_card", "card last4", "last4", "卡号后四位")
_add("bank_account", "routing", "bank routing", "sort codes")
_add("contacts", "mother's name", "father's name", "mother's maiden name", "父亲手机", "母亲手机", "朋友手机")
_add("financial", "property value", "account value", "account balances", "账户余额", "账单金额", "充值金额", "deposit totals", "持仓金额")
_add("tax", "pan", "pan card", "pan number")
_add("education", "学生证", "学生证号", "准考证", "准考证号", "student ids", "student id", "gaokao")
_add("employment", "简历", "工作经历", "企业名称", "job history", "resumes")
_add("health", "健康证", "diagnoses", "health card")
_add("travel", "出入境", "出入境记录", "里程", "frequent flyer", "ride history", "stay dates")
_add("orders", "order amount", "order history", "收货信息")
_add("location", "pickup and drop-off coordinates", "drop-off coordinates")
_add("social_account", "profile ids", "profile id", "usernames")

# "不含身份证", "no passwords": a negation right before a kind cancels it.
_NEGATION = re.compile(r"(?:不含|不包括|不带|没有|无|非|no|without|not incl\.?|excluding|except)\s{0,2}$")
# Mentions that are about the sale, not the data: the seller's channel ("联系方式：站内短信",
# "contact: telegram or sms"), "自动发货".
_SELLER_CONTEXT = re.compile(r"(?:联系|客服|卖家|商家|售后|contact|seller|vendor|support)[^。；;!！?？\n|]{0,16}$")


def _build():
    auto = ahocorasick.Automaton()
    for word, kinds in KEYWORDS.items():
        key = norm_term(word)
        auto.add_word(key, (key, kinds))
    auto.make_automaton()
    return auto


_AUTO = _build()
AUTOMATON = _AUTO  # also walked in the extractor's single pass (terms.TermScan)


def keyword_hits(norm: str, found=None) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, kinds) of each data-kind word, longest first where they overlap, in text order.

    `found`: this dictionary's hits from a shared pass (terms.TermScan), else the text is scanned here.
    """
    hits = []
    for end_idx, (key, kinds) in (_AUTO.iter(norm) if found is None else found):
        start = end_idx - len(key) + 1
        end = end_idx + 1
        if key[0].isascii() and norm[start - 1:start] in WORD_CHARS:
            continue
        if key[-1].isascii() and norm[end:end + 1] in WORD_CHARS:
            continue
        hits.append((start, end, kinds))
    # a keyword inside or across a longer one ("地址" in "IP地址", "card number" in "ID card number")
    # takes the earlier, longer one's meaning
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out = []
    cover_end = -1
    for start, end, kinds in hits:
        # Chinese keywords overlap legitimately ("朋友手机" + "手机号"); English words across words do not
        if end <= cover_end or (start < cover_end and norm[start].isascii()):
            continue
        cover_end = end
        out.append((start, end, kinds))
    return out


def find_data_types(norm: str, hits: list[tuple[int, int, tuple[str, ...]]] | None = None) -> list[str]:
    """Kinds in order of first mention, restricted to VOCABULARY. `hits`: keyword_hits(norm) if known."""
    found: list[str] = []
    for start, end, kinds in (keyword_hits(norm) if hits is None else hits):
        before = norm[max(0, start - 24):start]
        if _NEGATION.search(before) or _SELLER_CONTEXT.search(before):
            continue
        for k in kinds:
            if k not in found:
                found.append(k)
    return found
