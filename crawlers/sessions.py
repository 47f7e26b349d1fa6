"""Sessions an analyst imports for a site: cookies (Netscape cookies.txt, a JSON cookie list)
or a Playwright storage state. Stored as a Playwright storage state, 0600, in
``LEAKSCOUT_HOME/sessions/<site>.json``; plain requests get its cookies, browser contexts the
whole state. leakscout never logs in itself, and never logs cookie values.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from leakscout.core.errors import BadInput
from crawlers.tor import site_key_is_valid
from leakscout.core.private_files import open_private

_SAME_SITE = {"lax": "Lax", "strict": "Strict", "none": "None", "no_restriction": "None"}


def sessions_dir(home: Path) -> Path:
    return home / "sessions"


def session_path(home: Path, site: str) -> Path:
    if not site_key_is_valid(site):
        raise BadInput(f"bad site key {site!r}: use letters, digits, '.', '_' and '-'")
    return sessions_dir(home) / f"{site}.json"


def parse_session_file(path: Path) -> dict:
    """A Playwright storage state ({"cookies": [...], "origins": [...]}) from any of the three
    formats; BadInput naming the file (and line, for cookies.txt) when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read {path}: {exc}") from exc
    if text.lstrip().startswith(("{", "[")):
        return _from_json(text, path)
    return {"cookies": _from_netscape(text, path), "origins": []}


def _from_netscape(text: str, path: Path) -> list[dict]:
    cookies = []
    for number, line in enumerate(text.splitlines(), start=1):
        http_only = line.startswith("#HttpOnly_")
        if http_only:
            line = line[len("#HttpOnly_"):]
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) != 7:
            raise BadInput(f"{path}:{number}: a cookies.txt line has 7 tab-separated fields, this one has {len(fields)}")
        domain, _subdomains, cookie_path, secure, expires, name, value = fields
        try:
            expires_at = int(expires)
        except ValueError as exc:
            raise BadInput(f"{path}:{number}: expiry {expires!r} is not a number") from exc
        cookies.append(_cookie(name, value, domain, cookie_path, expires_at or -1,
                               secure.upper() == "TRUE", http_only, "Lax", f"{path}:{number}"))
    if not cookies:
        raise BadInput(f"{path}: no cookies found (expected Netscape cookies.txt, JSON or a Playwright storage state)")
    return cookies


def _from_json(text: str, path: Path) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from exc
    if isinstance(data, dict) and isinstance(data.get("cookies"), list):
        raw_cookies, origins = data["cookies"], data.get("origins") or []
    elif isinstance(data, list):
        raw_cookies, origins = data, []
    else:
        raise BadInput(f"{path}: expected a list of cookies or a Playwright storage state with \"cookies\"")
    if not isinstance(origins, list):
        raise BadInput(f"{path}: \"origins\" must be a list")
    cookies = []
    for index, raw in enumerate(raw_cookies):
        where = f"{path}: cookie #{index + 1}"
        if not isinstance(raw, dict) or not raw.get("name") or "value" not in raw or not raw.get("domain"):
            raise BadInput(f"{where} needs \"name\", \"value\" and \"domain\"")
        expires = raw.get("expires", raw.get("expirationDate", -1))
        if raw.get("session"):
            expires = -1
        same_site = _SAME_SITE.get(str(raw.get("sameSite", "lax")).lower(), "Lax")
        cookies.append(_cookie(str(raw["name"]), str(raw["value"]), str(raw["domain"]),
                               str(raw.get("path") or "/"), expires, bool(raw.get("secure")),
                               bool(raw.get("httpOnly")), same_site, where))
    if not cookies and not origins:
        raise BadInput(f"{path}: no cookies and no origins in it")
    return {"cookies": cookies, "origins": origins}


def _cookie(name, value, domain, path, expires, secure, http_only, same_site, where) -> dict:
    try:
        expires = float(expires) if expires not in (None, "") else -1
    except (TypeError, ValueError) as exc:
        raise BadInput(f"{where}: expiry {expires!r} is not a number") from exc
    return {"name": name, "value": value, "domain": domain, "path": path or "/",
            "expires": expires if expires > 0 else -1, "httpOnly": http_only,
            "secure": secure, "sameSite": same_site}


def import_session(home: Path, site: str, source: Path) -> tuple[Path, dict]:
    """Parse ``source`` and store it for ``site`` (0600, directory 0700); returns the path and state."""
    target = session_path(home, site)
    state = parse_session_file(source)
    temporary = target.with_suffix(".tmp")
    fd = open_private(temporary)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(state, handle, ensure_ascii=False)
    os.replace(temporary, target)
    return target, state


def load_session(home: Path, site: str) -> dict | None:
    """The stored state for a site, or None when there is none (or the key cannot name a file)."""
    if not site_key_is_valid(site):
        return None
    path = sessions_dir(home) / f"{site}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
