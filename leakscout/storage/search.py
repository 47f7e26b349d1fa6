"""One small seam over the search cluster: plain REST calls through the official clients.

Production runs Elasticsearch 8 (elasticsearch-py 8.x); the embedded node is OpenSearch 2.19
(opensearch-py), because the 8.x client refuses non-Elastic servers. Everything above this
module speaks the REST API both share (index templates, _bulk, _search, percolate, _reindex).
"""
from __future__ import annotations

import json
import logging
import warnings
from dataclasses import dataclass
from typing import Any, Iterable

from leakscout.core.config import Settings
from leakscout.core.errors import LeakscoutError
from leakscout.core.redact import redact


# The clients log every non-2xx answer as a warning; this module reports failures itself,
# and some 404s are expected (an alias that does not exist yet).
logging.getLogger("opensearch").setLevel(logging.ERROR)
logging.getLogger("elastic_transport.transport").setLevel(logging.ERROR)


class SearchUnavailable(LeakscoutError):
    """The cluster cannot be reached at all."""


class SearchRequestError(LeakscoutError):
    def __init__(self, status: int, body: Any, method: str, path: str):
        self.status = status
        self.body = body
        reason = body.get("error", body) if isinstance(body, dict) else body
        if isinstance(reason, dict):
            reason = reason.get("reason") or reason.get("type") or reason
        text = str(reason)
        super().__init__(f"{method} {path} failed with HTTP {status}: {text[:300]}{'…' if len(text) > 300 else ''}")


def _unreachable(url: str, exc: Exception, settings: Settings | None = None) -> SearchUnavailable:
    detail = "TLS certificate not trusted: set LEAKSCOUT_ES_CA_CERTS" if "CERTIFICATE_VERIFY_FAILED" in str(exc) \
        else type(exc).__name__
    return SearchUnavailable(f"Elasticsearch is not reachable at {redact(url)} ({detail}); {_start_hint(url, settings)}")


def _start_hint(url: str, settings: Settings | None) -> str:
    """Name the embedded node when it runs elsewhere: `leakscout es up` would refuse to start a second one."""
    if settings is not None:
        from leakscout.storage import embedded_node

        running = embedded_node.status(embedded_node.NodePaths.from_dirs(settings.cache, settings.es_data_dir))
        if running.running and running.url != url.rstrip("/"):
            return (f"the embedded node runs at {running.url} (pid {running.pid}): set LEAKSCOUT_ES_URL={running.url}, "
                    f"or stop it (`leakscout es down`) and start it on this port (`leakscout es up`)")
    return "start the embedded node with `leakscout es up` or set LEAKSCOUT_ES_URL"


@dataclass
class _Response:
    status: int
    body: Any


class SearchStore:
    """REST access to one cluster. `product` is "elasticsearch" or "opensearch"."""

    def __init__(self, settings: Settings, timeout: float = 30.0):
        self.url = settings.es_url.rstrip("/")
        self._settings = settings
        self._timeout = timeout
        self.product, self.version = self._detect_product()
        self._client = self._make_client()

    # -- connection -------------------------------------------------------------------------
    def _detect_product(self) -> tuple[str, str]:
        from opensearchpy import OpenSearch
        from opensearchpy.exceptions import ConnectionError as OSConnectionError, TransportError

        probe = OpenSearch(hosts=[self.url], **self._opensearch_auth(), timeout=5, max_retries=0)
        try:
            root = probe.transport.perform_request("GET", "/")
        except OSConnectionError as exc:
            raise _unreachable(self.url, exc, self._settings) from exc
        except TransportError as exc:
            raise SearchRequestError(int(exc.status_code or 0), exc.info, "GET", "/") from exc
        finally:
            probe.close()
        version = root.get("version", {})
        product = "opensearch" if version.get("distribution") == "opensearch" else "elasticsearch"
        return product, str(version.get("number", "?"))

    def _opensearch_auth(self) -> dict:
        s = self._settings
        options: dict[str, Any] = {}
        if s.es_user:
            options["http_auth"] = (s.es_user, s.es_password or "")
        if s.es_api_key:
            options["headers"] = {"authorization": f"ApiKey {s.es_api_key}"}
        if s.es_ca_certs:
            options["ca_certs"] = s.es_ca_certs
            options["verify_certs"] = True
        return options

    def _make_client(self):
        if self.product == "opensearch":
            from opensearchpy import OpenSearch

            return OpenSearch(hosts=[self.url], **self._opensearch_auth(), timeout=self._timeout,
                              max_retries=2, retry_on_timeout=True)
        from elasticsearch import Elasticsearch

        s = self._settings
        options: dict[str, Any] = {"request_timeout": self._timeout, "max_retries": 2, "retry_on_timeout": True}
        if s.es_user:
            options["basic_auth"] = (s.es_user, s.es_password or "")
        if s.es_api_key:
            options["api_key"] = s.es_api_key
        if s.es_ca_certs:
            options["ca_certs"] = s.es_ca_certs
        return Elasticsearch(self.url, **options)

    def close(self) -> None:
        self._client.close()

    # -- requests ---------------------------------------------------------------------------
    def request(self, method: str, path: str, body: Any = None, params: dict | None = None,
                ok: Iterable[int] = ()) -> Any:
        """Send one REST call; raise SearchRequestError unless the status is 2xx or in `ok`."""
        response = self._send(method, path, body, params, "application/json")
        if response.status >= 300 and response.status not in set(ok):
            raise SearchRequestError(response.status, response.body, method, path)
        return response.body

    def bulk(self, actions: list[dict], refresh: bool | str = False) -> dict:
        """actions: action/metadata and source lines, alternating, as the _bulk API wants them."""
        payload = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in actions)
        params = {"refresh": "true" if refresh is True else refresh} if refresh else None
        response = self._send("POST", "/_bulk", payload, params, "application/x-ndjson")
        if response.status >= 300:
            raise SearchRequestError(response.status, response.body, "POST", "/_bulk")
        return response.body

    def _send(self, method: str, path: str, body: Any, params: dict | None, content_type: str) -> _Response:
        headers = {"content-type": content_type, "accept": "application/json"}
        if self.product == "opensearch":
            return self._send_opensearch(method, path, body, params, headers)
        return self._send_elasticsearch(method, path, body, params, headers)

    def _send_opensearch(self, method, path, body, params, headers) -> _Response:
        from opensearchpy.exceptions import ConnectionError as OSConnectionError, TransportError

        try:
            data = self._client.transport.perform_request(method, path, params=params, body=body, headers=headers)
            if method == "HEAD":  # opensearch-py answers HEAD with True/False instead of raising on 404
                return _Response(200 if data else 404, data)
            return _Response(200, data)
        except OSConnectionError as exc:
            raise _unreachable(self.url, exc, self._settings) from exc
        except TransportError as exc:
            status = exc.status_code if isinstance(exc.status_code, int) else 0
            return _Response(status, exc.info)

    def _send_elasticsearch(self, method, path, body, params, headers) -> _Response:
        from elastic_transport import ConnectionError as ESConnectionError
        from elasticsearch import ApiError

        if body is not None and not isinstance(body, str):
            body = json.dumps(body)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                resp = self._client.perform_request(method, path, params=params, headers=headers, body=body)
            return _Response(resp.meta.status, resp.body)
        except ESConnectionError as exc:
            raise _unreachable(self.url, exc, self._settings) from exc
        except ApiError as exc:
            return _Response(exc.meta.status, exc.body)

    # -- conveniences used across the project ---------------------------------------------
    def exists(self, path: str) -> bool:
        response = self._send("HEAD", path, None, None, "application/json")
        return response.status < 300

    def count(self, index: str, query: dict | None = None) -> int:
        body = {"query": query} if query else None
        return int(self.request("POST", f"/{index}/_count", body)["count"])

    def search(self, index: str, body: dict, params: dict | None = None) -> dict:
        return self.request("POST", f"/{index}/_search", body, params=params)

    def refresh(self, index: str) -> None:
        self.request("POST", f"/{index}/_refresh")


def open_store(settings: Settings, timeout: float = 30.0) -> SearchStore:
    return SearchStore(settings, timeout=timeout)
