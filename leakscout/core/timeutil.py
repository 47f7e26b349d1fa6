from datetime import datetime, timezone


def utc_now() -> str:
    """ISO 8601 UTC with milliseconds, the form every stored timestamp uses."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
