"""Site configs: the bundled ones load; a broken one is refused naming its file, line and mistake."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

from crawlers.sites.config import CONFIGS_DIR, KeyRule, SiteConfigError, load_site_config, parse_site_config
from leakscout.core.errors import BadInput

BUNDLED = sorted(path.stem for path in CONFIGS_DIR.glob("*.yaml"))

VALID = """\
name: shop
family: market
start_urls: [http://shop.example/page-1.html]
listing_links: "a.item::attr(href)"
"""


def test_bundled_configs_cover_every_family():
    assert BUNDLED == ["demo-en", "demo-forum", "demo-jsmarket", "demo-leaks", "demo-paste", "demo-telegram"]
    families = {load_site_config(name).family for name in BUNDLED}
    assert families == {"market", "forum", "paste", "leak", "telegram"}


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_config_loads_by_name_and_by_path(name):
    by_name = load_site_config(name)
    by_path = load_site_config(str(CONFIGS_DIR / f"{name}.yaml"))
    assert by_name == by_path
    assert by_name.start_urls and by_name.max_pages >= 1


def test_defaults_and_parsed_values():
    config = parse_site_config(VALID, "shop.yaml")
    assert config.render == "http"
    assert config.max_pages == 10
    assert config.allowed_domains == ()
    assert config.field_spec("title") == "auto"          # an omitted field is auto
    assert config.listing_key is None                     # the key comes from the URL

    forum = load_site_config("demo-forum")
    assert forum.post_filter == "offers"
    assert forum.listing_key == KeyRule(url_regex=re.compile(r"/threads/(\d+)/"))
    assert forum.fields["price"] is None                  # null: not extracted
    assert forum.schedule == "15 */6 * * *"
    assert load_site_config("demo-telegram").post_filter == "all"
    assert load_site_config("demo-jsmarket").render == "js"


def test_onion_domains_encoding_session_and_schedule_are_kept():
    config = parse_site_config(VALID + """\
allowed_domains: [abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuv.onion]
encoding: GB18030
session: shop-account
schedule: "*/30 * * * *"
""", "shop.yaml")
    assert config.allowed_domains == ("abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuv.onion",)
    assert config.encoding == "gb18030"
    assert config.session == "shop-account"
    assert config.schedule == "*/30 * * * *"


BROKEN = [
    # (YAML, line the error names, words the error says)
    ("name: shop\nfamily: market\nstart_urls: [http://x/]\nlisting_links: 'a'\nfeilds:\n  title: h1\n",
     5, "unknown key 'feilds' (did you mean 'fields'?)"),
    ("name: shop\nfamily: bazaar\nstart_urls: [http://x/]\nlisting_links: 'a'\n",
     2, "family must be one of market, forum, paste, leak, telegram; got 'bazaar'"),
    ("name: shop\nfamily: market\nlisting_links: 'a'\n", 1, "missing required key 'start_urls'"),
    ("name: shop\nfamily: market\nstart_urls:\n  - http://x/\n  - ftp://x/file\nlisting_links: 'a'\n",
     5, "not an http(s) URL: 'ftp://x/file'"),
    ("name: Shop Site\nfamily: market\nstart_urls: [http://x/]\nlisting_links: 'a'\n", 1, "name 'Shop Site' must be"),
    ("name: shop\nfamily: market\nstart_urls: [http://x/]\n", 1, "missing required key 'listing_links'"),
    ("name: shop\nfamily: market\nstart_urls: [http://x/]\nlisting_links: 'div[[a'\n", 4, "bad CSS selector 'div[[a'"),
    ("name: shop\nfamily: market\nstart_urls: [http://x/]\nlisting_links: 'a'\nfields:\n  title: h1\n  body: '//div[@class='\n",
     7, "fields.body: bad XPath selector"),
    ("name: shop\nfamily: market\nstart_urls: [http://x/]\nlisting_links: 'a'\nfields:\n  price: .p\n  sellr: .s\n",
     7, "unknown field 'sellr' (did you mean 'seller'?)"),
    ("name: shop\nfamily: market\nstart_urls: [http://x/]\nlisting_links: 'a'\nlisting_key:\n  url_regex: '/item/(\\d+'\n",
     6, "listing_key.url_regex: bad regular expression"),
    ("name: shop\nfamily: market\nstart_urls: [http://x/]\nlisting_links: 'a'\nlisting_key: {url_regex: 'x', selector: 'y'}\n",
     5, "listing_key must be {url_regex: REGEX} or {selector: SELECTOR"),
    ("name: shop\nfamily: market\nstart_urls: [http://x/]\nlisting_links: 'a'\nrender: javascript\n",
     5, "render must be one of http, js; got 'javascript'"),
    ("name: shop\nfamily: market\nstart_urls: [http://x/]\nlisting_links: 'a'\nencoding: klingon-8\n",
     5, "unknown encoding 'klingon-8'"),
    ("name: shop\nfamily: market\nstart_urls: [http://x/]\nlisting_links: 'a'\nmax_pages: 0\n",
     5, "max_pages must be a whole number ≥ 1, got 0"),
    ("name: shop\nfamily: market\nstart_urls: [http://x/]\nlisting_links: 'a'\nschedule: every hour\n",
     5, "schedule"),
    ("name: shop\nfamily: market\nstart_urls: [http://x/]\nlisting_links: 'a'\nallowed_domains: [http://x.onion/]\n",
     5, "not a host name: 'http://x.onion/'"),
    ("name: shop\nfamily: forum\nstart_urls: [http://x/]\nlisting_links: 'a'\nposts: article\n",
     1, "missing required key 'post_key' (the forum family makes one listing per post)"),
    ("name: shop\nfamily: paste\nstart_urls: [http://x/]\nlisting_links: 'a'\nposts: article\n",
     5, "'posts' is only for the forum and telegram families, not paste"),
    ("name: ch\nfamily: telegram\nstart_urls: [http://x/s/ch]\nlisting_links: 'a'\nposts: div\npost_key: {selector: '@id'}\n",
     4, "a telegram channel page holds its messages itself: no listing_links"),
    ("name: shop\nfamily: market\nstart_urls: [http://x/]\nlisting_links: 'a'\npage_object: crawlers.pages.nope:Page\n",
     5, "cannot load page_object 'crawlers.pages.nope:Page'"),
    ("name: shop\nfamily: market\nstart_urls: [http://x/]\nlisting_links: 'a'\npage_object: crawlers.pages.hydrant_market:HydrantItemPage\nfields: {title: h1}\n",
     6, "give either fields or page_object, not both"),
    ("name: shop\nfamily: market\n  start_urls: [http://x/]\n", 3, "not valid YAML"),
    ("- name: shop\n", 1, "a site config is a mapping"),
]


@pytest.mark.parametrize("text, line, message", BROKEN, ids=[row[2][:40] for row in BROKEN])
def test_broken_config_names_file_line_and_mistake(tmp_path, text, line, message):
    path = tmp_path / "shop.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SiteConfigError) as error:
        load_site_config(str(path))
    assert str(error.value).startswith(f"{path}:{line}: "), str(error.value)
    assert message in str(error.value)
    assert isinstance(error.value, BadInput)  # the command line exits 2


def test_unknown_config_name_lists_the_bundled_ones():
    with pytest.raises(SiteConfigError, match=r"no site config 'nope'.*demo-forum"):
        load_site_config("nope")


def test_crawl_command_refuses_a_broken_config_before_fetching(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(VALID + "max_pages: lots\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "leakscout.cli", "crawl", "site", "-a", f"config={path}"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip() == f"leakscout: error: {path}:5: max_pages must be a whole number ≥ 1, got 'lots'"


@pytest.mark.parametrize("arguments, message", [
    (["site"], "the site spider needs -a config=NAME_OR_PATH"),
    (["site", "-a", "config=demo-forum", "-a", "start_url=forum/page-1.html"], "start_url is not an http(s) URL"),
    (["generic"], "the generic spider needs -a start_url="),
    (["generic", "-a", "start_url=http://127.0.0.1:1/", "-a", "max_pages=0"], "max_pages must be a whole number"),
])
def test_crawl_command_refuses_bad_spider_arguments(arguments, message):
    result = subprocess.run([sys.executable, "-m", "leakscout.cli", "crawl", *arguments],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_config_files_have_no_machine_paths():
    for path in CONFIGS_DIR.glob("*.yaml"):
        assert not re.search(r"/(work|home|root|tmp)/", Path(path).read_text(encoding="utf-8")), path


def test_readme_worked_example_is_a_valid_config():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("# crawlers/site_configs/darkvault.yaml\n", 1)[1].split("```", 1)[0]
    config = parse_site_config(example, "darkvault.yaml")
    assert (config.name, config.family) == ("darkvault", "leak")
    bundled = load_site_config("demo-leaks")
    assert (config.listing_links, config.next_page, config.fields) == (bundled.listing_links, bundled.next_page, bundled.fields)
