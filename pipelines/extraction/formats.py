"""File format of the offered data (csv, xlsx, sql …) from the listing text."""
from __future__ import annotations

import re

from .terms import alternation

# Data formats are preferred over containers (an archive of CSV files is "csv").
_DATA_FORMATS = ("csv", "xlsx", "xls", "sql", "json", "jsonl", "txt", "xml", "sqlite", "db", "mdb", "accdb",
                 "bak", "dbf", "tsv", "parquet", "pdf", "docx", "doc", "vcf", "dat", "log")
_ARCHIVES = ("zip", "rar", "7z", "tar.gz", "tgz", "gz")
_ALIASES = {"excel": "xlsx", "excle": "xlsx", "表格文件": "xlsx", "mysql dump": "sql", "sql dump": "sql", "mysqldump": "sql",
            "文本": "txt", "text file": "txt", "jsonl": "jsonl", "sqlite3": "sqlite", "sql文件": "sql"}
_EXT = alternation(_DATA_FORMATS + _ARCHIVES)  # a trie: longer names first ("jsonl" before "json")
# ".csv" / "csv格式" / "csv file" / "格式: csv" / bare "csv" as a word. "db" only as an extension:
# on its own it means "database". "sql injection" is a technique, not a file. The pattern starts with
# the names themselves (the engine skips to their first letters); the character before is checked after.
_WORD = re.compile(rf"({_EXT})(?![a-z0-9])(?!\s?(?:injection|注入|inj\b))")
_LABEL = re.compile(r"(?:格式|format|file type|文件类型)\s{0,2}[:：为是]?\s{0,2}")
_AFTER = re.compile(r"格式|format|file|文件")
_ALIAS = re.compile(alternation(_ALIASES))


def _word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def find_file_format(norm: str) -> str | None:
    data: list[tuple[int, str]] = []
    archives: list[tuple[int, str]] = []
    for m in _WORD.finditer(norm):
        fmt, start = m.group(1), m.start()
        if _word_char(norm[start - 1:start]):
            continue
        dotted = norm[start - 1:start] == "." and not _word_char(norm[start - 2:start - 1])
        if fmt in ("db", "dat", "log", "doc", "bak", "gz") and not dotted:
            continue  # ordinary words unless written as an extension
        if fmt == "txt" and not dotted and norm[m.end():m.end() + 3].strip().startswith("me"):
            continue
        (archives if fmt in _ARCHIVES else data).append((start - dotted, fmt))
    for m in _ALIAS.finditer(norm):
        data.append((m.start(), _ALIASES[m.group(0)]))
    if not data and not archives:
        return None
    # an explicit "格式/format" label wins over the first mention
    for lab in _LABEL.finditer(norm):
        for pos, fmt in sorted(data + archives):
            if 0 <= pos - lab.end() <= 2:
                return fmt
    for m in _AFTER.finditer(norm):
        start = m.start() - norm[m.start() - 1:m.start()].isspace()
        for pos, fmt in data:
            if 0 <= start - pos <= len(fmt) + 2:
                return fmt
    if data:
        return min(data)[1]
    if archives:
        return min(archives)[1]
    return None
