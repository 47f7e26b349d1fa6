"""`leakscout es up | down | status`: the embedded search node."""
from __future__ import annotations

import typer

from leakscout.commands.console import err, out
from leakscout.core.config import load_settings
from leakscout.core.redact import redact

app = typer.Typer(no_args_is_help=True, help="The embedded search node (real OpenSearch, from Maven jars).")


def _node_paths():
    from leakscout.storage.embedded_node import NodePaths

    settings = load_settings()
    return NodePaths.from_dirs(settings.cache, settings.es_data_dir)


@app.command("up")
def es_up(port: int = typer.Option(None, help="HTTP port on 127.0.0.1 (default: from LEAKSCOUT_ES_URL)")):
    """Start the embedded node (downloads its jars once) and wait until it is ready."""
    from leakscout.storage import embedded_node
    from leakscout.core.errors import BadInput

    if port is None:
        url = load_settings().es_url
        port = embedded_node.embedded_port(url)
        if port is None:
            raise BadInput(f"LEAKSCOUT_ES_URL is {redact(url)}, not a loopback http URL with a port in 9200–9299; "
                           "pass --port or point LEAKSCOUT_ES_URL at http://127.0.0.1:PORT")
    with err.status("starting the embedded node (the first start downloads its jars)…"):
        status = embedded_node.up(_node_paths(), port=port)
    out.print(status.describe())


@app.command("down")
def es_down():
    """Stop the node that `leakscout es up` started (and nothing else)."""
    from leakscout.storage import embedded_node

    stopped = embedded_node.down(_node_paths())
    out.print("embedded node stopped" if stopped else "no embedded node started by leakscout is running")


@app.command("status")
def es_status():
    """Say whether the embedded node runs, where, and its health."""
    from leakscout.storage import embedded_node

    status = embedded_node.status(_node_paths())
    out.print(status.describe())
    raise typer.Exit(0 if status.running else 1)
