"""The extraction vocabularies shipped as tab-separated data files (data/*.tsv)."""
from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Iterator

# Read through importlib.resources: also from a zipped egg (scrapyd), where data/ is no directory.
DATA = resources.files(__package__).joinpath("data")


def tsv_rows(path: str | Path | Traversable) -> Iterator[list[str]]:
    """The tab-separated fields of each line of a data file; blank lines and `#` comments are skipped."""
    source = DATA.joinpath(path) if isinstance(path, str) else path
    with source.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")
