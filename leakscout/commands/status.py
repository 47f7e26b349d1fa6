"""`leakscout status`: what is waiting anywhere — spool, rejected documents, pending alerts, frontier."""
from __future__ import annotations

import typer

from leakscout.commands.console import out
from leakscout.core.config import load_settings
from leakscout.core.redact import redact


def status():
    """Show the embedded node, the cluster, and the sizes of the spool and the alert queue."""
    from leakscout.storage import embedded_node
    from leakscout.storage.search import SearchUnavailable, open_store
    from leakscout.storage.spool import Spool

    settings = load_settings()
    spool = Spool(settings.home)
    node = embedded_node.status(embedded_node.NodePaths.from_dirs(settings.cache, settings.es_data_dir))
    out.print(node.describe())
    out.print(f"spool: {spool.pending_documents()} listing(s) waiting to be indexed ({spool.folder})")
    out.print(f"rejected: {spool.rejected_documents()} listing(s) refused by the mapping ({spool.rejected_folder})")
    try:
        store = open_store(settings, timeout=10)
    except SearchUnavailable as exc:
        out.print(f"search cluster: unreachable ({redact(exc)})")
        raise typer.Exit(1)
    listings = store.count(settings.listings_alias) if store.exists(f"/{settings.listings_alias}") else 0
    pending = 0
    if store.exists(f"/{settings.alerts_alias}"):
        pending = store.count(settings.alerts_alias, {"term": {"delivery": "pending"}})
    out.print(f"search cluster: {redact(store.url)} ({store.product} {store.version}), {listings} listing(s)")
    out.print(f"alerts: {pending} waiting for delivery")
    if settings.redis_url:
        from crawlers.redis_frontier import connect

        client = connect()
        for key in sorted(client.scan_iter("leakscout:frontier:*:queue")):
            crawl = key.decode().split(":")[2]
            out.print(f"shared frontier {crawl}: {client.llen(key)} request(s) queued in Redis")
