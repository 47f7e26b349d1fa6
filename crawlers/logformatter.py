"""Log lines about items without the items: an item that failed or was dropped in the pipeline
may not be masked yet, and a log must never hold a sample of leaked personal data."""
from __future__ import annotations

import logging

from scrapy.logformatter import LogFormatter


def _url(item) -> str:
    try:
        return str(item.get("url") or "(no url)")
    except AttributeError:
        return "(no url)"


class MaskedLogFormatter(LogFormatter):
    def dropped(self, item, exception, response, spider):
        entry = super().dropped(item, exception, response, spider)
        entry["msg"] = "Dropped %(url)s: %(exception)s"
        entry["args"] = {"url": _url(item), "exception": exception}
        return entry

    def item_error(self, item, exception, response, spider):
        return {"level": logging.ERROR, "msg": "Error processing the item of %(url)s",
                "args": {"url": _url(item)}}
