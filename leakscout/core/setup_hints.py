"""How to install an optional part (scripts/setup --with …), said by the first command that needs it."""
from __future__ import annotations

import os
import shutil

# part of `scripts/setup --with` -> the program it installs (Debian package in the message)
PARTS = {"tor": ("tor", "tor"), "browser": ("chromium", "chromium"), "redis": ("redis-server", "redis-server")}


def installed(part: str) -> bool:
    program, _ = PARTS[part]
    if part == "browser":
        return os.access(os.environ.get("LEAKSCOUT_CHROMIUM", "/usr/bin/chromium"), os.X_OK)
    return shutil.which(program) is not None or os.access(f"/usr/sbin/{program}", os.X_OK)


def missing_hint(part: str) -> str:
    """'' when the part is installed, else '; <program> is not installed: scripts/setup --with <part> installs it'."""
    if installed(part):
        return ""
    program, package = PARTS[part]
    return f"; {program} is not installed here: `scripts/setup --with {part}` installs it (Debian package {package})"
