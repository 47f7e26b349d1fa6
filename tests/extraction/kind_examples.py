"""Listing titles and short post lines, made up for the tests, with the kinds of data they offer (data only).

Each row is (text, expected kinds as one space-separated string) or (text, expected, allowed extras): the
extractor must find every expected kind and nothing outside expected + allowed. Kinds are the vocabulary of
leakscout/core/kinds.py (contract §5).

First run, before the words and rules they call for were added (extractor at commit cbbfc19):
142 of 204 rows passed (70 %). Rows changed after that run are commented as such.

Choices (judgement calls), also commented at the rows:
- Accounts sold by the piece ("账号 500个", "共享账号", "可登录", "商家后台 账号", "Netflix accounts x 100",
  "accounts for sale") are credentials: the buyer gets a login. A count of accounts in a breach
  ("70k accounts with passport scans") is the number of records, not a kind.
- 银行卡 is a payment card (payment_card), not a bank account; 银行账号/银行账户/开户行/IBAN are bank accounts.
- A bank named as the source ("某银行客户", "工商银行 数据") is financial data (the customers of a bank) when no
  field says more ("某银行信用卡 逾期客户" is payment_card loan); never bank_account by itself. "银行转账" as a
  way to pay is nothing.
- Riders and drivers (骑手, 外卖员, 快递员, 司机, "driver data") are workers of the platform: employment (司机
  also vehicle). 员工 is employment, except "内部员工" naming how the data leaked.
- 外卖 alone names the service, not orders; 外卖订单 is orders.
- KYC is identity documents and photos (national_id photo, as in listing_examples_en.py), also beside a passport.
- 实名 in "已实名"/"实名认证" says the account is verified, not that names are offered.
- Kinds inside the seller's contact or payment clause ("联系 QQ", "手机号登录即可", "支持银行卡付款") are not
  offered data. 商家/卖家 of a marketplace are data subjects ("淘宝商家 手机号" offers phones).
- A negated kind ("无身份证", "没有身份证", "no passwords") is not offered.
"""

FIELD_LISTS = [
    ("姓名、手机号、身份证号、地址 10万条", "name phone national_id address"),
    ("姓名/电话/住址 5万", "name phone address"),
    ("姓名+手机+身份证 2万条 800元", "name phone national_id"),
    ("姓名|手机号|邮箱 3万", "name phone email"),
    ("姓名,电话,收货地址 1万", "name phone address orders"),     # a shipping address comes from an order
    ("姓名 电话 身份证 学校 专业", "name phone national_id education"),
    ("身份证正反面 + 手持 2000套", "national_id photo"),
    ("手持身份证照片 500套", "national_id photo"),
    ("三要素 核验数据 10万", "name national_id phone"),
    ("四要素 20万套", "name national_id phone payment_card"),
    ("银行卡四要素 一条2毛", "name national_id phone payment_card"),   # 银行卡 is a card (choice)
    ("卡号+开户行+姓名 5000条", "payment_card bank_account name"),
    ("银行卡号 有效期 cvv 300条", "payment_card"),
    ("户籍 学籍 信息 全国", "national_id education"),
    ("学信网 学历 查询 数据", "education"),
    ("社保 公积金 缴存 数据", "insurance financial"),
    ("车牌号 车架号 车主电话", "vehicle phone"),
    ("车主 姓名 手机 车型 保单", "vehicle name phone insurance"),
    ("保单 投保人 电话 身份证", "insurance phone national_id"),
    ("病历 患者 姓名 电话", "health name phone"),
    ("快递面单 3万单", "orders"),
    ("订单 收货地址 电话", "orders address phone"),
    ("通讯录 + 聊天记录 打包", "contacts communication"),
    ("征信报告 芝麻分 查询", "credit_report"),
    ("银行流水 余额 截图", "financial"),
    ("店铺流水 数据 5000份", "financial"),
    ("通话记录 短信记录 导出", "communication"),
    ("开房记录 入住 数据", "travel"),
    ("定位 轨迹 查询", "location"),
    ("手机定位 实时位置", "location"),                      # 手机定位 locates a phone: no phone numbers offered
    ("出生日期 性别 民族", "birth_date gender"),
    ("护照号 签证 数据", "passport travel"),
    ("imei 设备号 手机型号", "device"),
    ("注册ip 登录ip 数据", "ip_address"),
    ("工作单位 职务 电话", "employment phone"),
    ("参保单位 缴费基数 姓名", "employment financial name", "insurance"),
    ("个税 纳税人 信息", "tax"),
    ("贷款 逾期 用户 手机号", "loan phone"),
    ("网贷 借款人 通讯录", "loan contacts"),
    ("微信号 QQ号 手机号", "social_account phone"),
    ("淘宝买家 姓名电话收货地址", "name phone address orders"),
    ("新生 姓名 电话 宿舍 学校", "name phone address education"),  # 宿舍 is where the student lives
    ("name, phone, email, address 50k", "name phone email address"),
    ("Name | DOB | SSN | Address", "name birth_date national_id address"),
    ("fullname/phone/email/ip 120k rows", "name phone email ip_address"),
    ("SSN DOB MMN 10k", "national_id birth_date contacts"),      # MMN = mother's maiden name
    ("MSISDN + IMEI + IMSI dump", "phone device"),
    ("CC + CVV + exp 500 pcs", "payment_card"),
    ("IBAN, BIC, name, balance", "bank_account name financial"),
    ("email:pass combolist 1M", "email credentials"),
    ("user:pass combo 300k", "credentials"),
    ("passport scans + selfies 8k", "passport photo"),
    ("patient name, diagnosis, insurance id", "name health insurance"),
    ("VIN, plate number, owner phone", "vehicle phone"),
    ("order id, delivery address, phone", "orders address phone"),
    ("FIO, telefon, adres, data rozhdeniya", "name phone address"),
    ("ФИО, телефон, адрес, дата рождения", "name phone address birth_date"),
    ("ФИО + паспорт + СНИЛС", "name passport national_id"),
    ("nombre, teléfono, dirección, DNI", "name phone address national_id"),
    ("nome, CPF, telefone, endereço", "name national_id phone address"),
    ("nama, NIK, no hp, alamat", "name national_id phone address"),
    ("correo, contraseña 200k", "email credentials"),
    ("senha + email 50k", "credentials email"),
    ("nama lengkap, tanggal lahir, KTP", "name birth_date national_id"),
    ("IC号 姓名 电话 车牌", "national_id name phone vehicle"),
    ("HKID 姓名 电话 地址", "national_id name phone address"),
    ("NRIC, name, mobile", "national_id name phone"),
    ("PAN card + Aadhaar + mobile", "national_id phone", "tax"),   # PAN is India's tax card, used as an ID
    ("CURP nombre teléfono", "national_id name phone"),
    ("身分證字號 姓名 電話", "national_id name phone"),
    ("voter ID, name, address", "national_id name address"),
    ("citizen ID number, full name, photo", "national_id name photo"),
]

ACCOUNTS = [
    ("微博 账号 5000个 带粉丝", "social_account credentials"),
    ("学信网 账号 2000个 带学籍", "education credentials"),
    ("网易 账号 100个", "credentials"),
    ("ChatGPT 共享账号 1000个", "credentials"),
    ("商家后台 账号 300个 含 店铺流水", "credentials financial"),
    ("游戏账号 可登录 50个", "credentials"),
    ("支付宝 实名 账户 可登录 200个", "credentials"),           # 实名 says the account is verified
    ("已实名 抖音号 100个", "social_account"),
    ("实名认证的 快手号 可换绑", "social_account"),
    ("账号密码 10万组", "credentials"),
    ("账密 一手 5万", "credentials"),
    ("邮箱 账号密码 3万组", "email credentials"),
    ("Discord nitro accounts 350 pcs", "credentials"),
    ("Netflix premium accounts x 2000", "credentials"),
    ("Amazon seller accounts for sale, 30 pcs", "credentials"),   # seller's accounts sold: logins
    ("Uber driver accounts, 1,200 verified", "credentials"),       # accounts of drivers: logins, not employment
    ("Spotify accounts 500 @ $1", "credentials"),
    ("stealer logs 10GB fresh", "credentials"),
    ("bank logs with balance", "credentials financial"),
    ("cookies + passwords from logs", "credentials"),
    ("email:pass 500k HQ", "email credentials"),
    ("钱包 私钥 助记词 100个", "credentials"),
    ("seed phrases + private keys", "credentials"),
    ("cuentas Netflix premium 100", "credentials"),
    ("akun game bisa login 50", "credentials"),
    ("аккаунты steam 200 шт", "credentials"),
    ("70k accounts with passport scans and selfies", "passport photo"),  # a count of breached accounts
    # the network's own accounts are social accounts only by knowing the brand: allowed (changed after the first run)
    ("Twitter 5M account data, email and phone", "email phone", "social_account"),
    ("后台权限 出售", "credentials"),
    ("网站后台 管理员账号", "credentials"),
    ("U盾 + 银行卡 + 身份证 四件套", "credentials payment_card national_id"),  # U盾 is the bank login key
]

ROLES = [
    ("外卖 骑手 数据 姓名 身份证 电话", "employment name national_id phone"),  # 外卖 alone is the service
    ("美团骑手 身份证正反面照片", "employment national_id photo"),
    ("网约车 司机 数据 驾驶证 车牌", "employment vehicle"),
    ("Grab driver data, name, phone, plate", "employment name phone vehicle"),
    ("快递员 姓名 电话 网点", "employment name phone"),
    ("公司 员工 资料 姓名 职位", "employment name"),
    ("煤矿 工人 姓名 身份证 工资", "employment name national_id financial"),
    ("医院 医生 名单 电话", "employment phone health"),        # 医院 names health data (the Chinese convention)
    ("高管 名单 手机 邮箱", "employment phone email"),
    ("内部员工 流出 网贷 数据", "loan"),                    # how the data leaked, not employees' data
    ("employees list: name, salary, SSN", "employment name financial national_id"),
    ("HR export: employee name, job title, bank account", "employment name bank_account"),
    ("外卖订单 3万条", "orders"),
    ("饿了么 外卖 用户 手机号 地址", "phone address"),            # 外卖 names the service
    ("学生 数据 姓名 学号", "education name"),
    ("老师 名单 电话", "employment phone"),
    ("家长 电话 学生 姓名", "contacts phone education name"),
    ("驾校 学员 电话", "phone", "education"),
]

BANKS = [
    ("某银行客户数据 5万条", "financial"),
    ("工商银行 客户 12万条", "financial"),
    ("上海招商银行 19万条", "financial"),
    ("银行 VIP 客户 名单", "financial"),
    ("各大银行 大额客户 数据", "financial"),
    ("银行卡 信用卡 客户清单", "payment_card"),
    ("银行账号 开户行 姓名", "bank_account name"),
    ("某银行信用卡 逾期客户 5000条", "payment_card loan"),     # added after the first run
    ("银行 开户 数据 1万条", "financial", "bank_account"),
    ("银行流水 打印", "financial"),
    ("支持银行转账 一手 网贷数据", "loan"),                   # the way to pay names no kind
    ("银行卡付款 可 股票 客户", "financial"),
    ("券商 开户 客户 手机号", "financial phone"),
    ("基金 持仓 客户", "financial"),
    ("股民 数据 手机号 10万", "financial phone"),
    ("信用卡 逾期 客户 电话", "payment_card loan phone"),
    ("p2p 理财 投资人 数据", "financial", "loan"),
]

NEGATIVES = [
    ("淘宝 商家 手机号 八万 没有身份证", "phone"),             # 商家 are the data subjects; 没有 negates
    ("闲鱼 卖家 数据 手机号 10万", "phone"),
    ("拼多多商家 店铺名 联系人 电话", "contacts phone"),
    ("网贷 数据 无身份证 只有手机号", "loan phone"),
    ("不含身份证 姓名 电话", "name phone"),
    ("联系方式：站内短信", ""),
    ("客服QQ 123456 手机号登录即可", ""),                  # contact clause and login instruction
    ("加微信 付款 一手 数据", ""),
    ("支持微信 支付宝付款 股民 数据", "financial"),
    ("收款只走支付宝 网贷 手机号", "loan phone"),
    ("contact telegram for samples", ""),
    ("no passwords, emails only 2M", "email"),
    ("without SSN, name and address only", "name address"),
    ("全国 数据 一手 自动发货", ""),
    ("低价处理 打包 出售", ""),
    ("自动发货 电商 平台 会员", "", "orders"),
    ("the photo sharing platform leak, 3M emails", "email"),
    ("an education website dump, usernames and passwords", "credentials", "name"),
    ("health app breach: emails and hashed passwords", "email credentials"),
    ("资金盘 一手 项目", "", "financial"),                  # a scheme or its investors: either (changed after run 1)
    ("房产中介 名单", ""),
    ("短信群发 引流 服务", ""),
    ("摄像头 破解 教程", "device"),                        # camera feeds are devices (vocabulary words)
    ("验证码接码平台", "", "phone"),
    ("信用卡 购买 比特币 网站", "", "payment_card"),
]

MIXED = [
    ("出 全国 个人征信 查询 开房记录 轨迹", "credit_report travel location"),
    ("出售 车险 到期 客户 姓名 电话 车牌", "insurance vehicle name phone"),
    ("出售 保险 客户 身份证 电话 20万", "insurance national_id phone"),
    ("高考 考生 姓名 电话 分数", "education name phone"),
    ("孕妇 产妇 数据 电话 预产期", "health phone"),
    ("新生儿 家长 电话 地址", "health contacts phone address"),
    ("楼盘 业主 姓名 电话 房号", "name phone address", "financial"),
    ("业主 房产 数据 电话", "financial phone"),
    ("航空 旅客 姓名 证件号 航班", "travel name national_id"),
    ("酒店 入住 记录 姓名 身份证", "travel name national_id"),
    ("物流 运单 收件人 电话 地址", "orders name phone address"),
    ("寄件人 收件人 数据 顺丰", "orders name"),
    ("游戏 玩家 QQ 手机号 充值金额", "social_account phone financial"),
    ("直播 用户 抖音号 手机号", "social_account phone"),
    ("求职 简历 姓名 电话 工作经历", "employment name phone"),
    ("招聘网站 简历 5万份", "employment"),
    ("彩票 用户 手机号 充值", "phone", "financial"),
    ("博彩 会员 出款 数据", "financial"),
    ("加密货币 交易所 用户 手机 邮箱 余额", "financial phone email"),
    ("KYC 护照+自拍 8000套", "passport photo", "national_id"),  # KYC = ID documents (changed after run 1)
    ("KYC 身份证 + 人脸 2万", "national_id photo"),
    ("裸贷 手持 视频认证 联系方式", "loan photo national_id phone"),
    ("外贸 企业 老板 手机 邮箱", "phone email", "employment"),
    ("企业通讯录 全国", "contacts employment"),
    ("集团通讯录 自动发货", "contacts employment"),
    ("1.2M US voters: name, address, party, DOB", "name address birth_date"),
    ("Medicare numbers + DOB", "health insurance national_id birth_date"),
    ("pension holders: name, DOB, pension value", "name birth_date financial"),
    ("shipment records: sender, receiver, address, phone", "orders address phone", "name"),
    ("order data: buyer name, phone, order value", "orders name phone"),
    ("Hilton members: names, emails, points balance", "name email"),   # loyalty points are no money
    ("FIO, phone, card, balance 600k", "name phone payment_card financial"),
    ("Full KYC documents 5k", "national_id photo"),
    ("dumps with pin track 2", "payment_card"),
    ("telefonnummer, e-mail-adresse, anschrift", "phone email address"),
    ("numéro de téléphone, adresse, date de naissance", "phone address birth_date"),
    ("số điện thoại, họ tên, địa chỉ", "phone name address"),
    ("nomor hp, nama, alamat, tanggal lahir", "phone name address birth_date"),
    ("телефон + адрес + паспорт", "phone address passport"),
    ("datos: nombre, correo, teléfono", "name email phone"),
    ("base de clientes bancarios: nombre, CBU, saldo", "name bank_account financial"),
    ("dados: nome, CPF, senha do app", "name national_id credentials"),
]

ALL = FIELD_LISTS + ACCOUNTS + ROLES + BANKS + NEGATIVES + MIXED
