import pytest

COUNTS = [
    ("近百万学生数据", 1000000),
    ("The personal information of nearly 1 million students", 1000000),
    ("出售江苏快递数据51289条", 51289),
    ("出售某贷平台借款用户6w条 含身份证 自动发货", 60000),
    ("快递数据（全国）35万条", 350000),
    ("泰国全量数据 2.1W", 21000),
    ("2.3M rows, 0.3 BTC", 2300000),
    ("half a million records", 500000),
    ("五万条手机号", 50000),
    ("10多万条", 100000),
    ("数量：35万", 350000),
    ("1,000,000 records", 1000000),
    ("3.5 lakh records", 350000),
    ("Medibank customers 9.7M: names", 9700000),
    ("10万个 价格2000", 100000),
    ("台湾 会员 资料 30万笔", 300000),
    ("共20万条 每省2000", 200000),
    ("每省数万条", None),                  # vague
    ("每天更新1000条", None),              # daily volume, not the total
    ("样本100条", None),                   # a sample
    ("每条0.1元", None),
    ("1毛一条", None),
    ("100元/1000条", None),
    ("3个文件", None),
]

# Loose forms of real titles and breach prose (texts written for the tests, in the same forms).
LOOSE_COUNTS = [
    # no unit noun: a multiplied number states the size
    ("6.8W银行客户", 68000),
    ("最新2300w开房数据", 23000000),
    ("3000万开房数据", 30000000),
    ("8800万＋酒店数据", 88000000),
    ("2亿qq老数据", 200000000),
    ("17万北京市某超市会员 低价", 170000),
    ("小贷平台160万放款用户", 1600000),
    ("412k leads from a telecom", 412000),
    ("Lazada 2.3M user DB", 2300000),
    # mixed places: the next digit is the next place down
    ("3万6千条学生资料", 36000),
    ("某贷款app4w7用户", 47000),
    ("9万3会员数据打包", 93000),
    ("2亿3千万条综合库", 230000000),
    # vague but stated magnitudes
    ("百万学生数据", 1000000),
    ("上百万业主资料", 1000000),
    ("近千万开房数据", 10000000),
    ("100多w一手邮箱数据", 1000000),
    ("xx万条股民数据", None),
    # a count after a full-width comma
    ("电商后台数据打包出，6812条整站", 6812),
    # sizes, years, money, places and names are not counts
    ("18年5月出的12亿30G综合库", 1200000000),
    ("综合库 23TB", None),
    ("会员数据 1.2G 打包", None),
    ("2017年业主资料", None),
    ("充值金额都在五万以上的玩家资料", None),
    ("支持一万多种网站的接码平台", None),
    ("12306数据(姓名身份证手机号)", None),
    ("包月3万 实时快递面单", None),
    ("低价80w6位qq密码老数据", 800000),          # "6位": six-digit accounts, not 6000 more
    ("1W5月菠菜资源", 10000),                    # "5月": May
    ("120+万购物网站会员信息", 1200000),
    ("某银行VIP24000条", 24000),
    ("380wGMAIL数据", 3800000),
    ("出售40g126邮箱", None),                    # a size, then a brand
    ("1000万开房数据库，6个多G", 10000000),
    ("10万上海超大存款(500万-1亿)客户资料", 100000),   # a band of deposits
    # products and places sold by the piece are not records
    ("出售52套黑客教程", None),
    ("出售3000套Android源码", None),
    ("8个一手webshell", None),
    ("两个配资平台数据", None),
    ("北京各区70个小区业主", None),
    ("200个gmail账号", 200),                     # "g" of gmail is no gigabyte
    # a plain number, a few words of what, then a data word
    ("7000菠菜数据", 7000),
    ("8000开房数据库", 8000),
    ("2018开房数据", None),
    ("价格1500开房数据", None),
    ("某平台学生用户 近五万 字段包括姓名", 50000),
    ("外卖订单 百万级 私聊报价", 1000000),                       # sellers state a size by its order of magnitude
    ("考生信息 河南省 约52万人 打包价 3.5万元 另有河北 山东 每省1万", 520000),  # 每省1万 is a price
    # several data sets sold together: their sum
    ("餐饮大数据(21万电话+14万微信)", 350000),
    ("某网站200万用户手机号+密码 送300万账号+密码", 5000000),
    ("30套手持身份证，送5万身份证号码及姓名", 50030),
    # breach prose: hash names are not counts; the deduplicated count of people wins
    ("The breach exposed 2.5M unique email addresses along with passwords stored as MD5 hashes.", 2500000),
    ("passwords stored as salted SHA-1 hashes and 120k email addresses", 120000),
    ("stored as SHA-512 hashes", None),
    ("The data contained almost 1.8 billion records including 512 million unique email addresses.", 512000000),
    ("Over 6M rows with 4.2M unique email addresses were posted.", 4200000),
    ("the breach impacted over 8 million subscribers", 8000000),
    ("it exposed almost 15 million customer records", 15000000),
    ("a breach that impacted over 1.5M of their customers", 1500000),
    ("exposed over 640k forum members' accounts", 640000),
    ("The incident exposed 362k email and IP addresses", 362000),
    ("In 2019, 6.4 million subscribers", 6400000),
    ("In 2020 the records of 2 databases", None),
    ("The incident exposed over 410k names, phone numbers and email addresses", 410000),
    ("the site left their 212k member subscriber base exposed", 212000),
    ("the corpus included 64M unique email addresses and 90M unique passwords", 64000000),
    ("exposed 12k documents totalling 2.1GB and detailing more than 70k accounts", 70000),
    # a figure ending in its multiplier, whatever follows it
    ("某平台会员数据 全国 近百万", 1000000),
    ("学生数据 近百万 10万元 分省出售 江苏5万1289条 8000元", 1000000),
    # rates, ranges of rates and a site's traffic are not the size of the offer
    ("网贷数据 每天更新(每日5000-20000条)", None),
    ("某贷款平台 单日可更新8万条", None),
    ("某论坛的后台权限（日流量超百万）", None),
    # bounds: on money they describe the people; on the data they state its size
    ("出售邮箱数据2000W以上", 20000000),
    ("五百万以上富豪名单", None),
    # numbers in names and phrases
    ("美国 19年 200万 MD5 邮箱库", 2000000),
    ("Acme database 5000 users", 5000),                   # "base" of database names no codec
    ("三件套 身份证 银行卡 手机卡", None),
    ("初三学生家长电话", None),
    ("另送五个经纪人联系方式", 5),
    # companies counted by 家: a directory of that many
    ("全国450家投资公司高管联系方式", 450),
    ("两家银行的客户", None),
    # databases and directories sold by the piece
    ("海外80个大型数据库打包", None),
    ("杭州25个地产行业通讯录", None),
    # parts named after "其中" stay parts, also when joined
    ("深圳30万某平台用户，其中包含：12万微信号及30万手机号", 300000),
    # other languages of the markets
    ("FRESH clients 2024 — 650K — nom, prénom, email", 650000),
    ("Base de datos clientes 500k - nombre, teléfono", 500000),
    ("Vendo 2 millones de registros de clientes", 2000000),
    ("Продам базу 1.5 млн клиентов", 1500000),
    ("Data pelanggan 3 juta", 3000000),
    # a figure standing alone between a title's separators is its size; a price word before it makes it a price
    ("FRESH | ShopCo (UK) | 250K | Name, Email, Phone", 250000),
    ("ShopCo - 17.3M - 2024 - SQL", 17300000),
    ("Price - 5K - negotiable", None),
    ("ShopCo subscribers (450,000) - full KYC", 450000),
]


@pytest.mark.parametrize("text,expected", LOOSE_COUNTS)
def test_loose_count_forms(extractor, text, expected):
    assert extractor.extract(text)["record_count"] == expected


@pytest.mark.parametrize("text,expected", COUNTS)
def test_record_count(extractor, text, expected):
    assert extractor.extract(text)["record_count"] == expected


def test_total_beats_province_part(extractor):
    rec = extractor.extract("近百万学生数据出售，按省份单独出售，例如江苏省51289条")
    assert rec["record_count"] == 1000000
    rec = extractor.extract("the file for Jiangsu Province includes 51,289 entries. In total 900,000 records.")
    assert rec["record_count"] == 900000


def test_covering_part(extractor):
    assert extractor.extract("广东快递数据35万条，其中深圳5万条")["record_count"] == 350000
    assert extractor.extract("北京5万条，上海3万条")["record_count"] is None
