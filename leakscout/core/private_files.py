"""Files that hold evidence or personal data (screenshots, spool segments, the delivery journal,
the attention log, imported sessions): 0600 in folders 0700, whatever the umask, also when the
file or folder was made earlier with looser modes."""
from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(folder: Path) -> Path:
    """`folder` made (with its missing parents) and set 0700."""
    folder = Path(folder)
    missing = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    for made in [folder, *missing]:
        os.chmod(made, DIR_MODE)
    return folder


def open_private(path: Path, flags: int = os.O_WRONLY | os.O_CREAT | os.O_TRUNC) -> int:
    """os.open of `path` in a private folder, the file 0600 (an existing file is set 0600 too)."""
    private_dir(Path(path).parent)
    fd = os.open(path, flags, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    return fd


def write_private(path: Path, data: bytes) -> None:
    with os.fdopen(open_private(path), "wb") as handle:
        handle.write(data)
