"""Dates as critics write them: "September 3, 2010", "3 September 2010", "Feb. 3", "February 3 and 9"."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(?P<month>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
    r"|January|February|March|April|June|July|August|September|October|November|December)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_MORE_DAYS = r"(?P<more>(?:\s*,\s*[0-3]?\d(?:st|nd|rd|th)?)*\s*(?:,\s*)?(?:and|&)\s*[0-3]?\d(?:st|nd|rd|th)?)?"
_YEAR = r"(?P<year>(?:18|19|20)\d\d)"

# "September 3, 2010", "Feb 3 and 9, 2011", "February 3"; "3 September 2010"; "September 2010".
DATE_PATTERN = re.compile(
    rf"\b{_MONTH}\s+{_DAY}\b{_MORE_DAYS}(?:\s*,?\s*{_YEAR}\b)?"
    rf"|\b(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<month2>January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+(?P<year2>(?:18|19|20)\d\d))?\b"
)
TIME_PATTERN = re.compile(r"\b(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?\s*(?P<zone>GMT|UTC|Z)?")


def month_number(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def dates_of_match(match: re.Match, default_year: int | None = None) -> list[date]:
    groups = match.groupdict()
    month = month_number(groups["month"] or groups["month2"] or "")
    year_text = groups["year"] or groups["year2"]
    year = int(year_text) if year_text else default_year
    if month is None or year is None:
        return []
    days = [int(groups["day"] or groups["day2"])]
    if groups.get("more"):
        days += [int(d) for d in re.findall(r"[0-3]?\d", groups["more"])]
    found = []
    for day in days:
        try:
            found.append(date(year, month, day))
        except ValueError:
            continue
    return found


def infer_year(month: int, day: int, reference: date | None) -> int | None:
    """A date without a year, in a review dated `reference`: the nearest such day to it."""
    if reference is None:
        return None
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    return min(candidates, key=lambda d: abs((d - reference).days)).year
