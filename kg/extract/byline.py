"""Who wrote the review, in the forms pages and posts state it.

    page metadata      <meta name="author">, article:author, an Article's/Review's markup author
    front matter       author: Dana Whitlock
    header line        By Dana Whitlock (in the first lines)
    label line         Author: Dana Whitlock / Reviewed by Dana Whitlock / Words by Dana Whitlock
    reprint line       Dana Whitlock, The Lantern Weekly, May 2004 (the publication in italics, or
                       the whole line in bold): the author, and the publication as publisher
    sign-off           — Dana Whitlock (among the last lines)
    headline           DANA WHITLOCK reviews …, … reviewed by Dana Whitlock

What the page's metadata says comes first; the text's own bylines are read when it says nothing.
The review's author is kept on the context (ReviewContext.review_authors) for the prose rules.
"""

from __future__ import annotations

import re

from kg.extract.context import ReviewContext
from kg.extract.facts import Organization, Person
from kg.extract.name_lists import looks_like_name, name_items
from kg.lexicon.credit_labels import LABEL_LINE, labelled_value
from kg.lexicon.dates import month_number
from kg.lexicon.names import NAME_PARTICLES

HEADER_LINES = 4  # a byline and date sit in the first few lines of a page's text
# "By" opening the line or one of its fields ("May 3, 2004 | By Dana Whitlock"), never inside a
# title ("Stand By Your Man").
_PARTICLES = "|".join(re.escape(particle) for particle in sorted(NAME_PARTICLES))
BYLINE = re.compile(
    rf"(?:^|[|•·—–,]\s*)\s*By\s+(?P<name>[A-Z][\w.'-]+(?:\s+(?:[A-Z][\w.'-]+|{_PARTICLES}))*\s*[A-Z][\w'-]+)"
)
BY_LINE = re.compile(r"^(?P<label>(?:Reviewed|Review|Words)\s+by)\s+(?P<value>[A-Z][^\n]*?)\.?$", re.I)
WRITTEN_BY = re.compile(r"^Written\s+by\s+(?P<value>[A-Z][^\n]{1,60}?)\.?$")
CREDIT_LINE = re.compile(r"^[^:\n]{1,80}:|^(?:[A-Z][a-z]+\s+){0,2}[Bb]y\s+[A-Z]")
SIGN_OFF = re.compile(r"^(?:\u2014|\u2013|--|-)\s*(?P<value>[A-Z][^\n]{1,60}?)\s*$")
REPRINT = re.compile(
    r"^(?P<name>[^,\n]{3,60}),\s+(?P<publication>[^,\n]{2,80}),\s+(?P<date>[A-Za-z]+\s+\d{4}|\d{4})\.?$"
)
_CAPS = r"[A-Z][A-Z'\u2019-]+(?:\s+[A-Z][A-Z'\u2019-]+){1,2}"
HEADLINE = re.compile(rf"(?:^|\s)(?P<caps>{_CAPS})\s+(?:reviews|reviewed)\b|\breviewed\s+by\s+(?P<name>{_CAPS}|"
                      r"[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+){1,2})")
SEASONS = {"spring", "summer", "autumn", "fall", "winter"}


def read_bylines(ctx: ReviewContext, content: list[tuple[int, str]]) -> None:
    """`content`: the non-empty (offset, line) pairs of the text, in order."""
    meta = ctx.document.metadata
    if meta.author:
        rule, start, end = meta.evidence.get("author", ("page.metadata", 0, 0))
        for name in (n.strip() for n in meta.author.split(";")):
            if name:
                ctx.add("review.author", Person(name), (start, end), rule, 0.9)
        return
    if _header(ctx, content):
        return
    body = [(o, line) for o, line in content if o >= ctx.prose_start]
    found = False
    for offset, line in body:
        stripped = line.strip()
        start = offset + line.index(stripped)
        found |= _label(ctx, stripped, start) or _reprint(ctx, stripped, start)
    last = body[-3:]
    for offset, line in last:
        stripped = line.strip()
        found |= _sign_off(ctx, stripped, offset + line.index(stripped))
    lines = [line.strip() for _, line in body]
    for index in range(max(len(lines) - 2, 0), len(lines)):
        written_by = closing_written_by(lines, index)
        if written_by:
            offset, line = body[index]
            start = offset + line.index(lines[index])
            found |= _names(ctx, written_by["value"], start + written_by.start("value"), start, "byline.sign_off", 0.75)
    if not found:
        _headline(ctx)


def _header(ctx: ReviewContext, content: list[tuple[int, str]]) -> bool:
    for offset, line in content[:HEADER_LINES]:
        match = BYLINE.search(line)
        if match:
            start = offset + match.start("name")
            ctx.add("review.author", Person(match.group("name")), (start, offset + match.end("name")), "header.byline",
                    0.85)
            return True
    return False


def _names(ctx: ReviewContext, value: str, value_start: int, cue: int, rule: str, confidence: float) -> bool:
    items = name_items(value)
    for a, b in items or []:
        ctx.add("review.author", Person(value[a:b]), (cue, value_start + b), rule, confidence)
    return bool(items)


def _label(ctx: ReviewContext, line: str, start: int) -> bool:
    """'Author: Dana Whitlock (dw)', 'Reviewed by Dana Whitlock', 'Words by: Dana Whitlock'."""
    labelled = labelled_value(LABEL_LINE.match(line) or BY_LINE.match(line), "review.author")
    if not labelled:
        return False
    value, value_offset, confidence = labelled
    return _names(ctx, value, start + value_offset, start, "byline.label", confidence)


def _reprint(ctx: ReviewContext, line: str, start: int) -> bool:
    """'Dana Whitlock, The Lantern Weekly, May 2004': a reprinted review's credit line. The
    publication must be set apart (italics, or the whole line in bold) and the date a date."""
    match = REPRINT.match(line)
    if not match or not looks_like_name(match["name"].strip()):
        return False
    first = match["date"].split()[0]
    if not (first.isdigit() or month_number(first) or first.lower() in SEASONS):
        return False
    document = ctx.document
    pub_start, pub_end = start + match.start("publication"), start + match.end("publication")
    italic = any(a <= pub_start + 1 and pub_end - 1 <= b for a, b in document.emphasis)
    bold = any(a <= start and start + len(line) <= b for a, b in document.strong)
    if not (italic or bold):
        return False
    name = match["name"].strip()
    name_start = start + match.start("name") + (len(match["name"]) - len(match["name"].lstrip()))
    ctx.add("review.author", Person(name), (name_start, name_start + len(name)), "byline.reprint", 0.85)
    if not document.metadata.publisher:
        publisher = Organization(match["publication"].strip())
        ctx.add("review.publisher", publisher, (pub_start, pub_end), "byline.reprint", 0.7)
    return True


def closing_written_by(lines: list[str], index: int) -> re.Match | None:
    """'Written by Dana Whitlock' closing a review (one of its last two non-empty `lines`, one name,
    not under another credit line): a sign-off, so the review's author, not the film's screenwriter.
    Two names ("Written by A and B") stay a credit: reviews are seldom written by two."""
    if index < len(lines) - 2 or (index and CREDIT_LINE.match(lines[index - 1])):
        return None
    match = WRITTEN_BY.match(lines[index])
    return match if match and looks_like_name(match["value"]) else None


def _sign_off(ctx: ReviewContext, line: str, start: int) -> bool:
    """'— Dana Whitlock' among the last lines of the review."""
    match = SIGN_OFF.match(line)
    if not match:
        return False
    value_start = start + match.start("value")
    items = name_items(match["value"])
    if not items or len(items) > 2:
        return False
    return _names(ctx, match["value"], value_start, start, "byline.sign_off", 0.75)


def _headline(ctx: ReviewContext) -> None:
    """'… DANA WHITLOCK reviews The Salt Road', '… reviewed by Dana Whitlock' in the headline."""
    meta = ctx.document.metadata
    if not meta.title:
        return
    match = HEADLINE.search(meta.title)
    if not match:
        return
    written = match["caps"] or match["name"]
    name = written.title() if written.isupper() else written
    if not looks_like_name(name):
        return
    _, start, end = meta.evidence.get("title", ("page.metadata", 0, 0))
    group = "caps" if match["caps"] else "name"
    if end > start and ctx.text[start:end] == meta.title:
        start, end = start + match.start(group), start + match.end(group)
    ctx.add("review.author", Person(name), (start, end), "byline.headline", 0.75)
