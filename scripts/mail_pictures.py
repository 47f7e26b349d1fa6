"""Pictures of the demo's mails for the README: docs/alert-mail.png and docs/digest-mail.png.

Runs `leakscout demo` in a throw-away home and index prefix (its local SMTP sink), renders the
alert mail it sent and the day's digest in headless Chromium, and removes its indices again.
Needs the search node (LEAKSCOUT_ES_URL) and Chromium (scripts/setup --with browser).

    .venv/bin/python scripts/mail_pictures.py [--tz Asia/Shanghai] [--out docs]
"""
from __future__ import annotations

import argparse
import email
import os
import tempfile
import time
import uuid
from email import policy
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tz", default="Asia/Shanghai", help="the reader's zone for the local times")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs")
    options = parser.parse_args()
    os.environ["TZ"] = options.tz
    time.tzset()
    with tempfile.TemporaryDirectory(prefix="leakscout-pictures-") as home:
        os.environ.update(LEAKSCOUT_HOME=home, LEAKSCOUT_INDEX_PREFIX=f"pictures{uuid.uuid4().hex[:8]}")
        for name in ("LEAKSCOUT_SMTP_URL", "LEAKSCOUT_WEBHOOK_URL", "LEAKSCOUT_WATCHLIST", "LEAKSCOUT_CONFIG"):
            os.environ.pop(name, None)
        alert_html, digest_html = _demo_mails()
    from leakscout.mail_preview import save_png

    for name, html in (("alert-mail.png", alert_html), ("digest-mail.png", digest_html)):
        path = save_png(html, options.out / name)
        print(f"{path} ({path.stat().st_size:,} bytes)")


def _demo_mails() -> tuple[str, str]:
    from rich.console import Console

    from leakscout import kibana
    from leakscout.alerts.compose import compose_digest_email
    from leakscout.alerts.digest import alerts_of_day, digest_id
    from leakscout.core.config import load_settings
    from leakscout.demo import run_demo
    from leakscout.storage.search import open_store
    from leakscout.core.timeutil import utc_now
    from leakscout.core.watchlist import load_watchlist

    quiet = Console(file=open(os.devnull, "w"))
    settings = load_settings()
    try:
        run_demo(quiet, quiet)
        store = open_store(settings)
        mails = sorted(settings.mail_dir.glob("*.eml"))
        if not mails:
            raise SystemExit("the demo sent no mail")
        alert = email.message_from_bytes(mails[0].read_bytes(), policy=policy.default)
        brand = load_watchlist(settings.watchlist).brands[0]
        day = utc_now()[:10]
        from datetime import date

        rows = alerts_of_day(store, settings.alerts_alias, brand.name, date.fromisoformat(day))
        digest = compose_digest_email(brand, day, rows, sender=settings.alert_from, recipients=["analyst@example.com"],
                                      kibana_link=kibana.discover_link(settings.kibana_url, brand.name),
                                      digest_id=digest_id(brand.name, date.fromisoformat(day)))
        return (alert.get_body(("html",)).get_content(), digest.get_body(("html",)).get_content())
    finally:
        open_store(settings).request("DELETE", f"/{settings.index_prefix}-*", ok=(404,))


if __name__ == "__main__":
    main()
