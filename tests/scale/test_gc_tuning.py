"""The crawl process's garbage collector: startup objects frozen and a higher first threshold once
the spider opens; LEAKSCOUT_GC_THRESHOLD=0 leaves the interpreter alone."""
import gc

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawlers.extensions import GarbageCollectorTuning


@pytest.fixture
def restore_gc():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_the_collector_is_tuned_when_the_spider_opens(restore_gc):
    crawler = get_crawler(Spider, {"LEAKSCOUT_GC_THRESHOLD": 12_345})
    extension = GarbageCollectorTuning.from_crawler(crawler)
    second, third = gc.get_threshold()[1:]

    extension.spider_opened(None)

    assert gc.get_threshold() == (12_345, second, third)
    assert gc.get_freeze_count() > 1000   # modules, settings, … no longer scanned


def test_zero_leaves_the_defaults(restore_gc):
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    GarbageCollectorTuning.from_crawler(get_crawler(Spider, {"LEAKSCOUT_GC_THRESHOLD": 0})).spider_opened(None)
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen


def test_the_project_settings_turn_it_on():
    from crawlers import settings

    assert settings.EXTENSIONS["crawlers.extensions.GarbageCollectorTuning"] is not None
    assert settings.LEAKSCOUT_GC_THRESHOLD > 700
