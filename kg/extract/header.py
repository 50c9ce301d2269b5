"""The review's own facts: date, headline, byline, verdict sections, body; and which film it reviews."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from kg.dates import DATE_PATTERN, TIME_PATTERN, dates_of_match
from kg.document import Document
from kg.errors import InputError
from kg.extract.context import ReviewContext

HEADER_LINES = 4  # a byline and date sit in the first few lines of a page's text
# "Title (Year)", or "Title (Original Title) (Year)" for a film known by two names.
TITLE_LINE = re.compile(
    r"^(?P<title>[^\n()]{1,150}?)\s*(?:\((?P<alternate>[^()\n]{1,150})\)\s*)?\((?P<year>(?:18|19|20)\d\d)\)\s*$"
)
BYLINE = re.compile(r"\bBy\s+(?P<name>[A-Z][\w.'-]+(?:\s+(?:[A-Z][\w.'-]+|de|van|von|del|da))*\s*[A-Z][\w'-]+)")
URL_LINE = re.compile(r"^\s*https?://\S+\s*$")
# Headings of verdict sections, as news sites and blogs write them.
SECTIONS = {
    "review.positiveNotes": re.compile(r"^(?:the good|pros|what we liked|the highs?|positives?)\s*:?\s*$", re.I),
    "review.negativeNotes": re.compile(r"^(?:the bad|cons|what we didn'?t like|the lows?|negatives?)\s*:?\s*$", re.I),
    "review.abstract": re.compile(
        r"^(?:the truth|the verdict|verdict|the bottom line|bottom line|conclusion)\s*:?\s*$", re.I
    ),
}
BOILERPLATE = re.compile(r"^(?:photo gallery|\d+\s+photos?|\+\d+\s*more|share|comments?|related|advertisement)\b", re.I)
TITLE_SUFFIX = re.compile(r"\s*(?:movie\s+|film\s+)?review\b.*$|\s*[|–-]\s*[^|–-]+$", re.I)


def lines_with_offsets(text: str) -> list[tuple[int, str]]:
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    return lines


def read_header(ctx: ReviewContext, page_film: PageFilm | None = None) -> None:
    text, meta = ctx.text, ctx.document.metadata
    lines = lines_with_offsets(text)
    content = [(o, line) for o, line in lines if line.strip()]
    _review_date(ctx, content)
    _film_from_page(ctx, page_film)
    _headline(ctx, content)
    _byline(ctx, content)
    if meta.publisher:
        ctx.add("review.publisher", (meta.publisher,), (0, 0), "page.metadata", 0.95)
    if meta.url:
        ctx.add("review.url", (meta.url,), (0, 0), "page.metadata", 1.0)
    else:  # a plain-text review's own URL line (the shared Ebert files' second line)
        for offset, line in content[:HEADER_LINES]:
            if URL_LINE.match(line):
                start, url = offset + line.index(line.strip()), line.strip()
                ctx.add("review.url", (url,), (start, start + len(url)), "header.url_line", 0.95)
                break
    if meta.rating:
        ctx.add("review.rating", meta.rating, (0, 0), "page.markup", 0.95)
    _sections(ctx, lines)


def _review_date(ctx: ReviewContext, content: list[tuple[int, str]]) -> None:
    meta = ctx.document.metadata
    if meta.date_published:
        match = re.match(r"\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?", meta.date_published)
        if match:
            ctx.review_date = date.fromisoformat(match.group(0)[:10])
            ctx.add("review.datePublished", (match.group(0),), (0, 0), "page.metadata", 0.95)
            return
    for offset, line in content[:HEADER_LINES]:
        match = DATE_PATTERN.search(line)
        if not match or not (match.group("year") or match.group("year2")):
            continue
        days = dates_of_match(match)
        if not days:
            continue
        value = days[0].isoformat()
        time = TIME_PATTERN.search(line, match.end())
        if time:
            stamp = datetime(days[0].year, days[0].month, days[0].day, int(time["hour"]) % 24, int(time["minute"]))
            value = stamp.isoformat() + ("Z" if time["zone"] else "")
        ctx.review_date = days[0]
        ctx.add("review.datePublished", (value,), (offset, offset + len(line.rstrip())), "header.date_line", 0.9)
        return


@dataclass
class PageFilm:
    """The film a page says it reviews, and where it says so."""

    title: str
    year: str | None
    span: tuple[int, int]
    rule: str
    confidence: float
    prose_start: int = 0


def film_named_by_page(document: Document) -> PageFilm | None:
    """The page names its film before the prose does: markup, then a "Title (Year)" line, then <title>."""
    meta = document.metadata
    if meta.film_title:
        return PageFilm(meta.film_title, meta.film_year, (0, 0), "page.markup", 0.95)
    content = [(o, line) for o, line in lines_with_offsets(document.text) if line.strip()]
    for offset, line in content[:2]:
        match = TITLE_LINE.match(line.strip())
        if match:
            start = offset + line.index(match.group("title"))
            # The title line is the page's, not a sentence for the relation rules to read.
            return PageFilm(
                match.group("title").strip(' "'),
                match.group("year"),
                (start, start + len(match.group("title"))),
                "header.title_year",
                0.95,
                prose_start=offset + len(line),
            )
    if meta.title:
        page_title = TITLE_SUFFIX.sub("", meta.title).strip(" \"'")
        if page_title:
            return PageFilm(page_title, None, (0, 0), "page.title", 0.8)
    return None


def _film_from_page(ctx: ReviewContext, page_film: PageFilm | None) -> None:
    if page_film is None:
        # No page says it: the title the review quotes most often (at least twice), or its only one.
        titles = Counter(e.text for e in ctx.doc.ents if e.label_ == "TITLE")
        ranked = titles.most_common(2)
        if (
            ranked
            and (ranked[0][1] >= 2 or len(ranked) == 1)
            and not (len(ranked) == 2 and ranked[1][1] == ranked[0][1])
        ):
            title = ranked[0][0]
            mention = next(e for e in ctx.doc.ents if e.label_ == "TITLE" and e.text == title)
            ctx.film_title = title
            rule, confidence = ("text.most_quoted_title", 0.8) if ranked[0][1] >= 2 else ("text.only_quoted_title", 0.6)
            ctx.add("itemReviewed", (title,), mention, rule, confidence)
            return
        if _page_describes_a_review(ctx.document):
            return  # the page's own markup says a review is here, even if it names no film
        raise InputError(
            f'{ctx.document.source}: no review of a film found: no title line ("Title (Year)"), page title or '
            "quoted title names the film"
        )
    ctx.film_title, ctx.film_year, ctx.prose_start = page_film.title, page_film.year, page_film.prose_start
    ctx.add("itemReviewed", (page_film.title,), page_film.span, page_film.rule, page_film.confidence)
    if page_film.year:
        ctx.add("film.year", (page_film.year,), page_film.span, page_film.rule, page_film.confidence - 0.05)


def _page_describes_a_review(document: Document) -> bool:
    from kg.html import REVIEW_TYPES, _types, described_items

    return any(REVIEW_TYPES & _types(item) for item, _ in described_items(document.metadata.existing_markup))


def _headline(ctx: ReviewContext, content: list[tuple[int, str]]) -> None:
    meta = ctx.document.metadata
    if meta.title:
        ctx.add("review.name", (meta.title.strip(),), (0, 0), "page.metadata", 0.95)
        return
    for offset, line in content[:HEADER_LINES]:
        stripped = line.strip()
        if (
            URL_LINE.match(stripped)
            or BOILERPLATE.match(stripped)
            or len(stripped) > 200
            or (DATE_PATTERN.search(stripped) and len(stripped) < 60)
        ):
            continue
        start = offset + line.index(stripped)
        ctx.add("review.name", (stripped,), (start, start + len(stripped)), "header.first_line", 0.7)
        return


def _byline(ctx: ReviewContext, content: list[tuple[int, str]]) -> None:
    meta = ctx.document.metadata
    if meta.author:
        ctx.add("review.author", (meta.author,), (0, 0), "page.metadata", 0.9)
        return
    for offset, line in content[:HEADER_LINES]:
        match = BYLINE.search(line)
        if match:
            start = offset + match.start("name")
            ctx.add("review.author", (match.group("name"),), (start, offset + match.end("name")), "header.byline", 0.85)
            return


def _sections(ctx: ReviewContext, lines: list[tuple[int, str]]) -> None:
    """Text under "The Good" / "The Bad" / "The Truth" headings, up to the next heading."""
    current, body = None, []
    for offset, line in [*lines, (len(ctx.text), "")]:
        stripped = line.strip()
        heading = next((rel for rel, pattern in SECTIONS.items() if pattern.match(stripped)), None)
        if heading or BOILERPLATE.match(stripped) or (current and not stripped and body and offset == len(ctx.text)):
            _close_section(ctx, current, body)
            current, body = heading, []
        elif current and stripped:
            body.append((offset + line.index(stripped), stripped))


def _close_section(ctx: ReviewContext, relation: str | None, body: list[tuple[int, str]]) -> None:
    if relation and body:
        start = body[0][0]
        end = body[-1][0] + len(body[-1][1])
        ctx.add(relation, (" ".join(text for _, text in body),), (start, end), "header.section", 0.9)


def body_span(ctx: ReviewContext) -> tuple[int, int] | None:
    """The prose of the review: from its first paragraph to the first verdict heading or boilerplate."""
    start = None
    for offset, line in lines_with_offsets(ctx.text):
        stripped = line.strip()
        if start is None:
            if len(stripped) >= 150:
                start = offset
        elif any(p.match(stripped) for p in SECTIONS.values()) or BOILERPLATE.match(stripped):
            return start, offset
    return (start, len(ctx.text)) if start is not None else None
