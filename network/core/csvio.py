"""CSV in and out the way spreadsheet users need it: Excel's encodings and separators in,
UTF-8 with BOM out, formula-looking cells defused."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from network.core.errors import ImportRejected, Problem

MAX_IMPORT_BYTES = 50 * 1024 * 1024
MAX_PROBLEMS = 100  # a refused file lists this many problems, then how many more
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class CsvTable:
    """A parsed upload: lower-cased column names and rows keyed by them, with file line numbers."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]
    encoding: str
    delimiter: str


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding of an upload: UTF-8 (with or without BOM), else Windows-1252/Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def read_csv(data: bytes, required: Sequence[str], optional: Sequence[str] = (),
             max_rows: int | None = None) -> CsvTable:
    """Parse an upload and check its columns; raises ImportRejected listing every problem.

    With `max_rows`, a file with more data rows is refused whole before any row is checked.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRejected([Problem("file", "error.csv_too_large",
                                      {"mb": MAX_IMPORT_BYTES // (1024 * 1024)})])
    text, encoding = decode(data)
    if "\x00" in text:
        raise ImportRejected([Problem("file", "error.csv_binary")])
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise ImportRejected(
            [Problem("file", "error.csv_malformed", {"detail": str(exc)}, row=reader.line_num)]
        ) from None
    records = [(i + 1, r) for i, r in enumerate(records)]
    records = [(n, r) for n, r in records if any(cell.strip() for cell in r)]
    if not records:
        raise ImportRejected([Problem("file", "error.csv_empty")])
    header_line, header = records[0]
    columns = [c.strip().lower() for c in header]
    problems = []
    missing = [c for c in required if c not in columns]
    if missing:
        problems.append(Problem("file", "error.csv_missing_columns",
                                {"columns": ", ".join(missing)}, row=header_line))
    extra = [c for c in columns if c not in required and c not in optional]
    if extra:
        problems.append(Problem("file", "error.csv_unknown_columns",
                                {"columns": ", ".join(extra)}, row=header_line))
    dupes = sorted({c for c in columns if columns.count(c) > 1})
    if dupes:
        problems.append(Problem("file", "error.csv_duplicate_columns",
                                {"columns": ", ".join(dupes)}, row=header_line))
    if problems:
        raise ImportRejected(problems)
    if max_rows is not None and len(records) - 1 > max_rows:
        raise ImportRejected([Problem("file", "input.error.too_many_rows",
                                      {"rows": len(records) - 1, "max": max_rows})])
    rows = []
    for line, record in records[1:]:
        if len(record) != len(columns):
            problems.append(Problem("file", "error.csv_wrong_cell_count",
                                    {"expected": len(columns), "found": len(record)}, row=line))
            continue
        rows.append((line, {c: v.strip() for c, v in zip(columns, record, strict=True)}))
    if problems:
        raise ImportRejected(capped(problems))
    if not rows:
        raise ImportRejected([Problem("file", "error.csv_no_rows")])
    return CsvTable(columns, rows, encoding, delimiter)


def capped(problems: list[Problem], limit: int = MAX_PROBLEMS) -> list[Problem]:
    """The first `limit` problems of a refused file and a line saying how many more there are."""
    if len(problems) <= limit:
        return problems
    return [*problems[:limit],
            Problem("file", "input.error.more_problems", {"count": len(problems) - limit})]


def defuse(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV as UTF-8 with BOM (so Excel opens accents right), comma-separated, cells defused."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else defuse(v) for v in row])
    return out.getvalue().encode("utf-8-sig")
