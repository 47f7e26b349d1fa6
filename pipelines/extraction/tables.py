"""Sample tables in listing text: runs of lines split into the same number of cells by one delimiter.

Sellers paste a few rows of their data as CSV, TSV, `|`-separated or Markdown tables, often under a
header line naming the columns ("姓名,身份证号,…,学信网密码", "full_name,dob,ssn,phone"). The masker
uses the header to mask whole columns (passwords, SSNs) and treats every row as sample data.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

DELIMITERS = (",", "\t", "|", ";", "，")
_RULE_ROW = re.compile(r"[\s|:\-+=]*")          # a Markdown rule under the header: |---|:--|
_HEADER_DIGITS = re.compile(r"\d{3}")           # a line with long digit runs is data, not column names

# Column kinds by header words (matched on the lower-cased header cell). "pass" must not be the start
# of "passport" or "passenger".
COLUMN_KINDS = (
    ("password", re.compile(r"密码|口令|passwor[dt]|passwd|pass(?![a-z])|pwd|(?<![a-z])pw(?![a-z])|secret"
                            r"|пароль|contraseña|senha|mot de passe")),
    ("ssn", re.compile(r"(?<![a-z])ssn(?![a-z])|social.?security|soc.?sec")),
    ("national_id", re.compile(r"身份证|证件号|id.?card|id.?number|id.?no(?![a-z])|national.?id")),
    ("phone", re.compile(r"手机|电话|phone|mobile|(?<![a-z])tel(?![a-z])|(?<![a-z])cell")),
    ("user", re.compile(r"账号|帐号|账户|用户名|(?<![a-z])user|login|account|e-?mail|邮箱")),
)


@dataclass
class Table:
    columns: list[str | None]                    # the kind each column's header names (None: unnamed)
    rows: list[list[tuple[int, int]]] = field(default_factory=list)   # cell spans of each data row

    def column(self, kind: str) -> int | None:
        return self.columns.index(kind) if kind in self.columns else None


def _cells(text: str, start: int, end: int, delimiter: str) -> list[tuple[int, int]]:
    spans, pos = [], start
    while True:
        cut = text.find(delimiter, pos, end)
        if cut < 0:
            spans.append((pos, end))
            break
        spans.append((pos, cut))
        pos = cut + 1
    if delimiter == "|" and len(spans) > 2:      # "| a | b |": the outer pipes open and close the row
        if not text[spans[0][0]:spans[0][1]].strip(" \t\r"):
            spans = spans[1:]
        if not text[spans[-1][0]:spans[-1][1]].strip(" \t\r"):
            spans = spans[:-1]
    return [_strip(text, s, e) for s, e in spans]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t\"'":
        s += 1
    while e > s and text[e - 1] in " \t\"'\r":
        e -= 1
    return s, e


def _kind(header_cell: str) -> str | None:
    cell = header_cell.lower()
    for kind, pattern in COLUMN_KINDS:
        if pattern.search(cell):
            return kind
    return None


def find_tables(text: str) -> list[Table]:
    """Runs of two or more lines that one delimiter splits into the same number (≥ 2) of cells."""
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    tables: list[Table] = []
    used: set[int] = set()
    for delimiter in DELIMITERS:
        if delimiter not in text:
            continue
        i = 0
        while i < len(lines):
            if i in used or delimiter not in text[lines[i][0]:lines[i][1]]:
                i += 1
                continue
            width = _width(text[lines[i][0]:lines[i][1]], delimiter)
            j = i + 1
            while j < len(lines) and j not in used and (
                    _width(text[lines[j][0]:lines[j][1]], delimiter) == width
                    or j == i + 1 and _is_rule(text[lines[j][0]:lines[j][1]])):
                j += 1
            if width < 2 or j - i < 2:
                i += 1
                continue
            used.update(range(i, j))
            named = not _HEADER_DIGITS.search(text[lines[i][0]:lines[i][1]])
            first = _cells(text, *lines[i], delimiter)
            table = Table([_kind(text[s:e]) for s, e in first] if named else [None] * width)
            for k in range(i + 1 if named else i, j):
                if not _is_rule(text[lines[k][0]:lines[k][1]]):
                    table.rows.append(_cells(text, *lines[k], delimiter))
            tables.append(table)
            i = j
    return tables


def _width(line: str, delimiter: str) -> int:
    """How many cells _cells() makes of the line (counted without splitting it)."""
    width = line.count(delimiter) + 1
    if delimiter == "|" and width > 2:
        stripped = line.strip(" \t\r")
        width -= stripped.startswith("|") + (len(stripped) > 1 and stripped.endswith("|"))
    return width


def _is_rule(line: str) -> bool:
    return "-" in line and _RULE_ROW.fullmatch(line) is not None
