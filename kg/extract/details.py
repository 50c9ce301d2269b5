"""Numbers and codes stated in passing: running time and content rating."""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.context import ReviewContext
from kg.extract.facts import ContentRating, Runtime
from kg.lexicon import gazetteers

RUNTIME = re.compile(
    r"\b(?:runs?|running|runtime|run time|running time|clocks in at|lasts|length)\b[^.\n]{0,25}?"
    r"\b(?:(?P<hours>\d)\s*(?:hours?|hrs?\.?|h)\s*(?:and\s*)?)?(?P<minutes>\d{1,3})\s*(?:minutes|mins?\.?|m)\b"
    r"|\b(?P<hours2>\d)\s*(?:hours?|hrs?\.?|h)\s*(?:and\s*)?(?P<minutes2>\d{1,2})\s*(?:minutes|mins?\.?|m)\b"
    r"|\b(?P<minutes3>\d{2,3})-minute\b",
    re.I,
)


@lru_cache(maxsize=1)
def _rating_pattern() -> re.Pattern:
    codes = sorted(gazetteers.content_ratings(), key=len, reverse=True)
    alternatives = "|".join(re.escape(code) for code in codes)
    return re.compile(
        rf"\b(?:[Rr]ated|MPAA rating:?|MPA rating:?|[Cc]ertificate:?)\s+(?P<code>{alternatives})(?![\w-])"
    )


def read_details(ctx: ReviewContext) -> None:
    """In passing, in prose; what a credit block or the page states already (read first) stands."""
    stated = {f.relation for f in ctx.facts if f.film is None}
    if "runtime" not in stated:
        _runtime(ctx)
    if "contentRating" not in stated:
        _content_rating(ctx)


def _runtime(ctx: ReviewContext) -> None:
    for match in RUNTIME.finditer(ctx.text):
        hours = match["hours"] or match["hours2"]
        minutes = int(match["minutes"] or match["minutes2"] or match["minutes3"])
        total = int(hours or 0) * 60 + minutes
        if 40 <= total <= 400:
            rule = "runtime.compound" if match["minutes3"] else "runtime.runs_for"
            confidence = 0.9 if not match["minutes3"] else 0.7
            ctx.add("runtime", Runtime(str(total)), (match.start(), match.end()), rule, confidence)
            break


def _content_rating(ctx: ReviewContext) -> None:
    for match in _rating_pattern().finditer(ctx.text):
        ctx.add("contentRating", ContentRating(match["code"]), (match.start(), match.end()), "rating.rated", 0.9)
        break
