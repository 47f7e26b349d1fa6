"""The generic spider: listings of sites it has no adapter for — heuristics on the demo pages,
then real crawls (`leakscout crawl generic -a start_url=…`)."""
import pytest

from crawlers.sites.generic import best_block_group, find_listing_links, find_next_page, generic_listing
from crawlers.sites.links import is_action_url
from tests.sites.crawling import page_text, run_crawl

BASE = "http://127.0.0.1:8808"


@pytest.mark.parametrize("path, listing_paths, next_path", [
    ("/en/market/page-1.html", ["/en/listing/4533.html", "/en/listing/4519.html"], "/en/market/page-2.html"),
    ("/leaks/index.html", ["/leaks/post/veloria-telecom.html", "/leaks/post/harmon-logistics.html",
                           "/leaks/post/crestline-clinic.html"], "/leaks/page-2.html"),
    ("/paste/archive.html", ["/paste/view/k3Jd9QxA.html", "/paste/view/Pq7Lm2Zt.html", "/paste/view/Xw4Rt8Ny.html"],
     "/paste/archive-2.html"),
    # the sticky rules thread is a block of another kind (class is-sticky): left out
    ("/forum/forums/databases/page-1.html", ["/forum/threads/7104/index.html", "/forum/threads/7098/index.html",
                                             "/forum/threads/7085/index.html"], "/forum/forums/databases/page-2.html"),
])
def test_finds_the_repeated_listing_blocks_and_the_next_page(path, listing_paths, next_path):
    html = page_text(path)
    assert find_listing_links(html, BASE + path) == [BASE + p for p in listing_paths]
    assert find_next_page(html, BASE + path) == BASE + next_path


def test_a_last_page_with_one_listing_needs_the_first_pages_block_kind():
    first = best_block_group(page_text("/leaks/index.html"), BASE + "/leaks/index.html")
    last_page = page_text("/leaks/page-2.html")
    assert find_listing_links(last_page, BASE + "/leaks/page-2.html") == []   # one block is no pattern
    assert find_listing_links(last_page, BASE + "/leaks/page-2.html", first.signature) == [
        BASE + "/leaks/post/sunfield-school-district.html"]


def test_menus_are_not_listings():
    html = """<html><body><ul class="menu"><li><a href="/a">Alpha</a></li><li><a href="/b">Beta</a></li>
              <li><a href="/c">Gamma</a></li></ul><p>Nothing for sale here.</p></body></html>"""
    assert find_listing_links(html, BASE + "/") == []


def test_stays_on_the_host_and_never_returns_action_links():
    html = """<html><body><div class="items">
      <div class="item"><a href="http://elsewhere.example/listing/1">Other site, 10k rows $50</a> price $50</div>
      <div class="item"><a href="/buy/2">Buy the 20k rows database now</a> price $90</div>
      <div class="item"><a href="/listing/3">Telecom customers 30k rows</a> <a href="/download/3">dl</a> price $70</div>
      <div class="item"><a href="/listing/4">Hotel guests 40k rows</a> price $80</div>
    </div><a rel="next" href="http://elsewhere.example/page-2">Next</a><a class="next" href="/page-2">Next</a></body></html>"""
    assert find_listing_links(html, BASE + "/page-1") == [BASE + "/listing/3", BASE + "/listing/4"]
    assert find_next_page(html, BASE + "/page-1") == BASE + "/page-2"


def test_js_pages_show_no_listings_to_the_generic_spider():
    assert find_listing_links(page_text("/jsmarket/index.html"), BASE + "/jsmarket/index.html") == []


def test_generic_listing_fields():
    path = "/en/listing/4471.html"
    listing = generic_listing(page_text(path), BASE + path, "generic-127.0.0.1")
    assert {k: listing[k] for k in ("site", "listing_key", "title", "seller", "posted_at", "price_text", "category")} == {
        "site": "generic-127.0.0.1", "listing_key": "4471",
        "title": "Selling 2.3M rows of Meridian Trust Bank customers, 0.3 BTC",
        "seller": "darkharbor", "posted_at": "Feb 11, 2024", "price_text": "0.3 BTC", "category": "Databases » Finance"}
    assert listing["body"].startswith("Selling 2.3M rows of Meridian Trust Bank customers. Fresh, dumped January 2024")
    assert listing["body"].endswith("0.3 BTC for the full 2.3M, no splits. Escrow accepted, I am verified vendor.")
    assert generic_listing("<html><body></body></html>", BASE + "/x", "g") is None


CRAWLS = {
    # start path: (listing keys, every path requested, each once)
    "/en/market/page-1.html": (["4471", "4502", "4519", "4533"],
                               ["/en/market/page-1.html", "/en/market/page-2.html",
                                *(f"/en/listing/{n}.html" for n in (4533, 4519, 4502, 4471))]),
    "/leaks/index.html": (["crestline-clinic", "harmon-logistics", "sunfield-school-district", "veloria-telecom"],
                          ["/leaks/index.html", "/leaks/page-2.html",
                           *(f"/leaks/post/{s}.html" for s in ("veloria-telecom", "harmon-logistics",
                                                              "crestline-clinic", "sunfield-school-district"))]),
    "/paste/archive.html": (["Ab5Cd6Ef", "Pq7Lm2Zt", "Xw4Rt8Ny", "k3Jd9QxA"],
                            ["/paste/archive.html", "/paste/archive-2.html",
                             *(f"/paste/view/{p}.html" for p in ("k3Jd9QxA", "Pq7Lm2Zt", "Xw4Rt8Ny", "Ab5Cd6Ef"))]),
    "/forum/forums/databases/page-1.html": (["7050", "7061", "7085", "7098", "7104"],
                                            ["/forum/forums/databases/page-1.html", "/forum/forums/databases/page-2.html",
                                             *(f"/forum/threads/{t}/index.html" for t in (7104, 7098, 7085, 7061, 7050))]),
}


@pytest.mark.parametrize("start_path", sorted(CRAWLS))
def test_generic_crawl(tmp_path, demo_market, start_path):
    keys, pages = CRAWLS[start_path]
    crawl = run_crawl(tmp_path, demo_market, "generic", f"start_url={demo_market.url}{start_path}")
    assert crawl.keys() == sorted(keys)
    assert {item["site"] for item in crawl.items} == {"generic-127.0.0.1"}
    assert all(item["title"] and item["body"] for item in crawl.items)
    assert not [path for path in crawl.requested_paths if is_action_url(path)]
    assert sorted(crawl.requested_paths) == sorted(pages)


def test_generic_crawl_is_bounded(tmp_path, demo_market):
    crawl = run_crawl(tmp_path, demo_market, "generic", f"start_url={demo_market.url}/paste/archive.html",
                      "max_pages=1", "max_listings=2", "site=ghostpaste")
    assert crawl.keys() == ["Pq7Lm2Zt", "k3Jd9QxA"]
    assert {item["site"] for item in crawl.items} == {"ghostpaste"}
    assert sorted(crawl.requested_paths) == ["/paste/archive.html", "/paste/view/Pq7Lm2Zt.html", "/paste/view/k3Jd9QxA.html"]
