"""Brands as sellers and breach reports write them: a watched name as a title's subject, the breached
organisation of breach prose, sources no dictionary knows, and the shipped dictionary files.
All texts are written for these tests (same forms as real listings and breach descriptions)."""
import types

import pytest

from pipelines.extraction import build_extractor
from pipelines.extraction.brands import BrandMatcher, DICTIONARY_FILES, load_dictionary


def watch(name, *aliases):
    return types.SimpleNamespace(name=name, aliases=list(aliases))


WATCHED = [watch("Vipshop", "唯品会"), watch("iQiyi", "爱奇艺"), watch("Trip.com", "携程"), watch("Lazada"),
           watch("Carrefour"), watch("Acme Photos"), watch("Forumly"), watch("Zoosk (2011)"), watch("Truth Finder"),
           watch("PayNow"), watch("vBulletin"), watch("Quill Tavern Forum"), watch("MyGrandol")]


@pytest.fixture(scope="module")
def watched():
    return build_extractor(watchlist_brands=WATCHED)


# In a title, a watched name is the source unless negated or compared.
TITLES = [
    ("唯品会会员数据80W", ["Vipshop"]),
    ("(0.1BTC)爱奇艺4500万+明文密码", ["iQiyi"]),
    ("携程-3200万订单数据只要0.01个比特币", ["Trip.com"]),
    ("Lazada 2.3M user DB", ["Lazada"]),
    ("Carrefour: 1.2M customers", ["Carrefour"]),
    ("Lazada 2.3M rows\nwe also ship via Carrefour lockers", ["Lazada"]),   # the body keeps the old judgement
    ("\n\n  Lazada 2.3M rows\nbody", ["Lazada"]),                             # blank lines before the title
    ("fresh shop data, not from Lazada", []),
    ("商城会员数据 比唯品会的全 80W", []),
    ("shop dump like Carrefour 1M", []),
    ("爱奇艺 付款 会员号出售", []),
    # a Latin name glued to the title's figure is still the name
    ("Lazada3000万数据库", ["Lazada"]),
    ("230wLAZADA数据", ["Lazada"]),
    ("Lazada2 user DB", []),                              # a different name
    # an app's build for a platform, a means of payment
    ("影视APP（安卓+爱奇艺版）", []),
]


@pytest.mark.parametrize("text,brands", TITLES)
def test_a_watched_name_in_a_title_is_its_source(watched, text, brands):
    assert watched.extract(text)["brands"] == brands


def test_the_title_rule_needs_a_watched_name_and_a_short_first_line(extractor, watched):
    assert extractor.extract("唯品会 80W")["brands"] == []            # dictionary only: a cue is still needed
    prose = ("Our shop sells many kinds of goods and this sentence is long enough to be prose rather than a title, "
             "so a name here is judged by its cues. We once bought at Lazada.")
    assert watched.extract(prose)["brands"] == []


BREACH_PROSE = [
    ("In March 2020, the stock photo site Acme Photos suffered a data breach which impacted over 8 million "
     "subscribers. The data was provided by a dump of Forumly.", ["Acme Photos"]),
    ("In late 2015, the online forum Forumly had their website hacked and 3.4 million accounts exposed.", ["Forumly"]),
    ("In 2019, data was allegedly obtained from the dating site known as Zoosk and contained 3M accounts.", ["Zoosk (2011)"]),
    ("In 2019, the public records search service TruthFinder suffered a data breach that later came to light.",
     ["Truth Finder"]),
    ("In May 2013, the site Forumly suffered a data breach. The hack of their vBulletin forum exposed 75k accounts.",
     ["Forumly"]),
    ("In 2021, the shop Forumly was hacked by the PayNow user @someone and 20k orders were leaked.", ["Forumly"]),
    ("In 2021, a large list of email addresses circulated. Many had accounts at Forumly and Acme Photos too.", []),
    ("In 2015, the independent forum for the Quill Tavern series suffered a data breach.", ["Quill Tavern Forum"]),
    ("In 2020, Forumly \"The Place for Threads\" suffered a data breach exposing 28k users.", ["Forumly"]),
    ("In 2022, the oil company Grandol suffered a data breach of their MyGrandol service.", ["MyGrandol"]),
    ("In 2012, Forumly! had their publishing service \"Notes\" compromised via SQL injection.", ["Forumly"]),
    ("In 2023, data belonging to the \"Best Business Marketplace\" PayNow appeared on a hacking forum.", ["PayNow"]),
    ("In 2023, 100GB of stealer logs titled \"Forumly\" was posted to a popular hacking forum.", ["Forumly"]),
    ("In 2014, Forumly, the popular anime community, suffered a breach of 20k accounts.", ["Forumly"]),
    ("In 2024, a ransomware attack on PayNow exposed 20k customer records.", ["PayNow"]),
    ("In 2019, Forumly, which hosts fan fiction, experienced a data breach of 9k accounts.", ["Forumly"]),
    ("In 2021, a vulnerability in PayNow's API exposed the orders of 40k shoppers.", ["PayNow"]),
    ("In 2018, Forumly was the subject of a data breach that exposed 5k users.", ["Forumly"]),
]


@pytest.mark.parametrize("text,brands", BREACH_PROSE)
def test_breach_prose_names_the_breached_organisation(watched, text, brands):
    assert watched.extract(text)["brands"] == brands


UNKNOWN = [
    ("www.datingsite.com 后台数据 20万", "www.datingsite.com"),
    ("889.bet 渗透数据 会员3万", "889.bet"),
    ("某省教育厅35W大学生身份信息", "某省教育厅"),
    ("某求职招聘网站17万会员数据", "某求职招聘网站"),
    ("Glimmerbox Database", "Glimmerbox"),
    ("Bin Twiddles (2014) Database", "Bin Twiddles"),
    ("Glimmer Corp 2.3M user db", "Glimmer Corp"),
    ("Sell fresh 2M users DB", None),
    ("In March 2020, the stock photo site Snapteria suffered a data breach which impacted 8 million subscribers.",
     "Snapteria"),
    ("In June 2019, the Chinese gaming website known as Quorbit.com was hacked and 6.5M accounts leaked.",
     "Quorbit.com"),
    ("In 2020, the travel booking site zubrix suffered a data breach exposing 10k users.", "zubrix"),
    ("Selling a big database of users, fresh", None),
    ("样本 data.txt 格式 csv 1.2w条", None),
]


@pytest.mark.parametrize("text,claimed", UNKNOWN)
def test_claimed_source_names_sources_no_dictionary_knows(extractor, text, claimed):
    record = extractor.extract(text)
    assert record["brands"] == [] and record["claimed_source"] == claimed


def test_watched_names_match_their_usual_forms_and_shared_aliases_alert_both():
    m = BrandMatcher([watch("Zoosk (2011)"), watch("Zoosk (2020)"), watch("JukinMedia")], dictionary=[])
    hits = {h.name for h in m.find("zoosk users leaked, jukin media users leaked")}
    assert hits == {"Zoosk (2011)", "Zoosk (2020)", "JukinMedia"}
    m = BrandMatcher([watch("Go Games (2020)"), watch("Go Games")], dictionary=[])
    assert {h.name for h in m.find("go games database")} == {"Go Games"}     # its listed name wins


def test_a_watched_name_inside_a_longer_dictionary_name_reports_the_watched_brand():
    ex = build_extractor(watchlist_brands=[watch("Tencent", "腾讯")])
    assert build_extractor().extract("腾讯视频会员数据10万")["brands"] == ["Tencent Video"]
    assert ex.extract("腾讯视频会员数据10万")["brands"] == ["Tencent"]
    assert build_extractor(watchlist_brands=[watch("QQ")]).extract("QQ音乐 会员数据10万")["brands"] == ["QQ"]


def test_the_shipped_dictionary_holds_every_file_with_breach_catalogue_and_chinese_sectors(extractor):
    entries = load_dictionary()
    by_name = {e.name: e for e in entries}
    assert len(DICTIONARY_FILES) == 3 and len(entries) >= 2500
    assert "小米商城" in by_name["Xiaomi"].aliases                     # brands-cn.tsv adds to brands.tsv's entry
    assert "清华" in by_name["Tsinghua University"].aliases
    assert {"000webhost.com", "000webhost"} <= set(by_name["000webhost"].aliases)
    assert "~Nitro" in by_name["Nitro"].aliases                         # an ordinary word stays weak
    assert extractor.extract("In 2015, the free web host 000webhost suffered a major data breach.")["brands"] == [
        "000webhost"]
    assert extractor.extract("WTS: Discord nitro accounts 350 pcs")["brands"] == ["Discord"]
    assert extractor.extract("成都银行客户数据 5万条")["brands"] == ["Bank of Chengdu"]
    assert extractor.extract("珍爱网 会员资料 2万")["brands"] == ["Zhenai"]
