"""Settings from the environment, then an optional YAML config file; the environment wins.

Keys are the environment names of docs/contracts.md §4 (LEAKSCOUT_ES_URL, …). A config file may spell
them the same way or in lower case without the prefix (`es_url:`).

Secrets (passwords, API keys, the SMTP URL with its password, the webhook URL, the hash salt)
come from the environment, from `LEAKSCOUT_<KEY>_FILE` naming a file only its owner can read
(mode 0600 or stricter), or from a config file that is itself 0600. They never appear in a repr.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from leakscout.core.errors import BadInput

DEFAULT_ES_URL = "http://127.0.0.1:9200"
DEFAULT_TOR_PROXY = "socks5h://127.0.0.1:9050"
DEFAULT_INDEX_PREFIX = "leakscout"  # aliases leakscout-listings, leakscout-alerts (docs/contracts.md §4)

KEYS = (
    "ES_URL", "ES_USER", "ES_PASSWORD", "ES_API_KEY", "ES_CA_CERTS",
    "SMTP_URL", "ALERT_FROM", "ALERT_TO", "TOR_PROXY", "WATCHLIST",
    "HOME", "CACHE", "HASH_SALT", "REDIS_URL", "KIBANA_URL", "INDEX_PREFIX", "WEBHOOK_URL",
)

SECRET_KEYS = ("ES_PASSWORD", "ES_API_KEY", "SMTP_URL", "HASH_SALT", "WEBHOOK_URL")
# Settings of alert channels added as plugins (leakscout/alerts/channels/): CHANNEL_<NAME>_<KEY>,
# e.g. LEAKSCOUT_CHANNEL_TELEGRAM_TOKEN. Treated as secrets: a bot token or a URL may grant access.
CHANNEL_PREFIX = "CHANNEL_"


def _private_file_text(path: Path, what: str) -> str:
    try:
        mode = path.stat().st_mode
        if mode & 0o077:
            raise BadInput(f"{what} {path} can be read by other users; make it private: chmod 600 {path}")
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise BadInput(f"{what} {path}: cannot read it ({exc.strerror})") from exc


def _xdg(var: str, fallback: str) -> Path:
    return Path(os.environ.get(var) or Path.home() / fallback)


def _read_config_file(path: Path) -> dict[str, str]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise BadInput(f"config file {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise BadInput(f"config file {path} must be a mapping of KEY: value")
    values = {}
    for key, value in data.items():
        name = str(key).upper()
        name = name[len("LEAKSCOUT_"):] if name.startswith("LEAKSCOUT_") else name
        if name not in KEYS and not name.startswith(CHANNEL_PREFIX):
            raise BadInput(f"config file {path}: unknown key {key!r}")
        values[name] = "" if value is None else str(value)
    secrets_here = sorted(name for name in values if name in SECRET_KEYS or name.startswith(CHANNEL_PREFIX))
    if secrets_here and path.stat().st_mode & 0o077:
        raise BadInput(f"config file {path} holds secrets ({', '.join(secrets_here)}) but other users can read it; "
                       f"chmod 600 {path}")
    return values


@dataclass(frozen=True, repr=False)
class Settings:
    es_url: str = DEFAULT_ES_URL
    es_user: str | None = None
    es_password: str | None = field(default=None, repr=False)
    es_api_key: str | None = field(default=None, repr=False)
    es_ca_certs: str | None = None
    smtp_url: str | None = field(default=None, repr=False)
    alert_from: str = "leakscout@localhost"
    alert_to: tuple[str, ...] = ()
    tor_proxy: str = DEFAULT_TOR_PROXY
    watchlist: Path | None = None
    home: Path = Path(".")
    cache: Path = Path(".")
    hash_salt: str | None = field(default=None, repr=False)
    redis_url: str | None = None
    kibana_url: str = "http://127.0.0.1:5601"
    index_prefix: str = DEFAULT_INDEX_PREFIX
    webhook_url: str | None = field(default=None, repr=False)
    channel_values: tuple[tuple[str, str], ...] = field(default=(), repr=False)   # (CHANNEL_<NAME>_<KEY>, value)

    def channel(self, name: str) -> dict[str, str]:
        """A plugin channel's settings: LEAKSCOUT_CHANNEL_<NAME>_<KEY> as {"key": value}."""
        prefix = f"{CHANNEL_PREFIX}{name.upper()}_"
        return {key[len(prefix):].lower(): value for key, value in self.channel_values if key.startswith(prefix)}

    def __repr__(self) -> str:
        from dataclasses import fields

        from leakscout.core.redact import redact

        shown = ", ".join(f"{f.name}={redact(repr(getattr(self, f.name)))}" for f in fields(self) if f.repr)
        return f"Settings({shown})"

    @property
    def listings_alias(self) -> str:
        return f"{self.index_prefix}-listings"

    @property
    def alerts_alias(self) -> str:
        return f"{self.index_prefix}-alerts"

    @property
    def watches_alias(self) -> str:
        return f"{self.index_prefix}-watches"

    @property
    def exposure_alias(self) -> str:
        return f"{self.index_prefix}-exposure"

    @property
    def mail_dir(self) -> Path:
        return self.home / "mail"

    @property
    def es_data_dir(self) -> Path:
        return self.home / "es-node"

    def salt(self) -> str:
        """The salt for hashes of masked values: configured, or made once and kept 0600."""
        if self.hash_salt:
            return self.hash_salt
        path = self.home / "hash-salt"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
        return path.read_text().strip()


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    environ = dict(os.environ if environ is None else environ)
    values: dict[str, str] = {}
    config_path = environ.get("LEAKSCOUT_CONFIG")
    default_config = _xdg("XDG_CONFIG_HOME", ".config") / "leakscout" / "config.yaml"
    if config_path:
        if not Path(config_path).is_file():
            raise BadInput(f"LEAKSCOUT_CONFIG points to {config_path}, which is not a file")
        values.update(_read_config_file(Path(config_path)))
    elif default_config.is_file():
        values.update(_read_config_file(default_config))
    for key in KEYS:
        if environ.get(f"LEAKSCOUT_{key}"):
            values[key] = environ[f"LEAKSCOUT_{key}"]
        elif key in SECRET_KEYS and environ.get(f"LEAKSCOUT_{key}_FILE"):
            values[key] = _private_file_text(Path(environ[f"LEAKSCOUT_{key}_FILE"]), f"LEAKSCOUT_{key}_FILE:")

    for name, value in environ.items():
        key = name[len("LEAKSCOUT_"):]
        if name.startswith("LEAKSCOUT_" + CHANNEL_PREFIX) and value:
            if key.endswith("_FILE"):
                values[key[:-len("_FILE")]] = _private_file_text(Path(value), f"{name}:")
            else:
                values[key] = value

    home = Path(values.get("HOME") or _xdg("XDG_DATA_HOME", ".local/share") / "leakscout")
    cache = Path(values.get("CACHE") or _xdg("XDG_CACHE_HOME", ".cache") / "leakscout")
    alert_to = tuple(a.strip() for a in values.get("ALERT_TO", "").split(",") if a.strip())
    from leakscout.core.watchlist import plain_address
    for name, address in [("ALERT_TO", a) for a in alert_to] + [("ALERT_FROM", values.get("ALERT_FROM") or "x@y")]:
        if not plain_address(address):
            raise BadInput(f"LEAKSCOUT_{name}: {address!r} is not a plain e-mail address")
    return Settings(
        es_url=values.get("ES_URL") or DEFAULT_ES_URL,
        es_user=values.get("ES_USER") or None,
        es_password=values.get("ES_PASSWORD") or None,
        es_api_key=values.get("ES_API_KEY") or None,
        es_ca_certs=values.get("ES_CA_CERTS") or None,
        smtp_url=values.get("SMTP_URL") or None,
        alert_from=values.get("ALERT_FROM") or "leakscout@localhost",
        alert_to=alert_to,
        tor_proxy=values.get("TOR_PROXY") or DEFAULT_TOR_PROXY,
        watchlist=Path(values["WATCHLIST"]) if values.get("WATCHLIST") else None,
        home=home,
        cache=cache,
        hash_salt=values.get("HASH_SALT") or None,
        redis_url=values.get("REDIS_URL") or None,
        kibana_url=values.get("KIBANA_URL") or "http://127.0.0.1:5601",
        index_prefix=values.get("INDEX_PREFIX") or DEFAULT_INDEX_PREFIX,
        webhook_url=values.get("WEBHOOK_URL") or None,
        channel_values=tuple(sorted((key, value) for key, value in values.items()
                                    if key.startswith(CHANNEL_PREFIX) and value)),
    )
