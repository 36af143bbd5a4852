"""The annual report: one self-contained HTML file for a year, in es, eu or en.

Charts are inline SVG (rendered offline by vl-convert), styles are inline, there is no
JavaScript: the file opens offline and prints to PDF from a browser. Every string from the
database is escaped; agents are named only where they agreed to be (recognition).
"""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from network.report.data import ReportData, gather
from network.report.render import render

__all__ = ["ReportData", "build_report", "gather", "render"]


def build_report(db: Database, year: int, lang: str, today: date | None = None) -> str:
    """The report for `year` in `lang` as a complete HTML document."""
    return render(gather(db, year, today or date.today()), lang)
