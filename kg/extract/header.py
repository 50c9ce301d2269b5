"""The review's own facts: date, headline, byline, verdict sections, body; and which film it reviews."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from kg.errors import InputError
from kg.extract.byline import HEADER_LINES, read_bylines
from kg.extract.context import ReviewContext
from kg.extract.facts import Organization, Published, Text, Title, Url, Year
from kg.extract.nlp import TITLE_SMALL_WORDS
from kg.lexicon.dates import DATE_PATTERN, TIME_PATTERN, dates_of_match
from kg.sources.document import Document

# "Title (Year)", or "Title (Original Title) (Year)" for a film known by two names.
TITLE_LINE = re.compile(
    r"^(?P<title>[^\n()]{1,150}?)\s*(?:\((?P<alternate>[^()\n]{1,150})\)\s*)?\((?P<year>(?:18|19|20)\d\d)\)\s*$"
)
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
# " - Site", " | Site", " – Site" after a page's title; a hyphen inside a word ("Spider-Man") is no separator.
TITLE_SUFFIX = re.compile(r"\s*(?:movie\s+|film\s+)?review\b.*$|\s*(?:\||\s[–-]\s)\s*(?:(?!\s[–-]\s)[^|])+$", re.I)


def lines_with_offsets(text: str) -> list[tuple[int, str]]:
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    return lines


def read_header(ctx: ReviewContext, page_film: PageFilm | None = None) -> None:
    text, meta = ctx.text, ctx.document.metadata
    lines = lines_with_offsets(text)
    content = content_lines(ctx.document, lines)
    _review_date(ctx, content)
    _film_from_page(ctx, page_film)
    _headline(ctx, content)
    read_bylines(ctx, content)
    if meta.publisher:
        rule, start, end = meta.evidence.get("publisher", ("page.metadata", 0, 0))
        ctx.add("review.publisher", Organization(meta.publisher), (start, end), rule, 0.95)
    if meta.url:
        ctx.add("review.url", Url(meta.url), (0, 0), "page.metadata", 1.0)
    else:  # a plain-text review's own URL line (the shared Ebert files' second line)
        for offset, line in content[:HEADER_LINES]:
            if URL_LINE.match(line):
                start, url = offset + line.index(line.strip()), line.strip()
                ctx.add("review.url", Url(url), (start, start + len(url)), "header.url_line", 0.95)
                break
    _sections(ctx, lines)


def content_lines(document: Document, lines: list[tuple[int, str]] | None = None) -> list[tuple[int, str]]:
    """The non-empty lines of the text, without the front matter (which is read as metadata)."""
    matter = document.front_matter
    skip = matter.span if matter else (0, 0)
    return [
        (o, line) for o, line in (lines or lines_with_offsets(document.text))
        if line.strip() and not skip[0] <= o < skip[1]
    ]


def _review_date(ctx: ReviewContext, content: list[tuple[int, str]]) -> None:
    meta = ctx.document.metadata
    if meta.date_published:
        match = re.match(r"\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?", meta.date_published)
        if match:
            ctx.review_date = date.fromisoformat(match.group(0)[:10])
            rule, start, end = meta.evidence.get("date_published", ("page.metadata", 0, 0))
            ctx.add("review.datePublished", Published(match.group(0)), (start, end), rule, 0.95)
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
        evidence = (offset, offset + len(line.rstrip()))
        ctx.add("review.datePublished", Published(value), evidence, "header.date_line", 0.9)
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
    content = content_lines(document)
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
                prose_start=max(offset + len(line), document.prose_start),
            )
    headline = _film_in_headline(document, content)
    if headline is not None:
        return headline
    if meta.title:
        rule, start, end = meta.evidence.get("title", ("page.title", 0, 0))
        # A post's title may be the film's "Title (Year)", maybe with " - Review" after it.
        match = TITLE_LINE.match(TITLE_SUFFIX.sub("", meta.title).strip(" -\"'"))
        if match:
            title = match.group("title").strip(' "')
            at = _index_in(document.text, title, start, end)
            return PageFilm(title, match.group("year"), at, rule, 0.9, prose_start=document.prose_start)
        page_title = title_in_headline(meta.title) or TITLE_SUFFIX.sub("", meta.title).strip(" \"'")
        if page_title:
            return PageFilm(page_title, None, (0, 0), "page.title", 0.8, prose_start=document.prose_start)
    return None


# Headlines that name the reviewed film: "Film Review: 'X'", "Review: X", "'X' review: …",
# "X review – …", "Critic reviews X". Quotes, single or double, mark the title when present.
HEADLINE_FORMS = [
    re.compile(r"^(?:film|movie)?\s*review\s*[:|–—-]\s*(?P<title>.+)$", re.I),
    re.compile(r"^(?P<title>['\"][^'\"\n]{1,120}['\"])(?=\s*(?:[:|–—-]|(?:film\s+|movie\s+)?review\b))", re.I),
    re.compile(r"^(?P<title>[^:|–—\n]{1,120}?)\s+(?:film\s+|movie\s+)?review\b", re.I),
    re.compile(r"\breviews\s+(?P<title>['\"]?[A-Z][^'\"\n]{0,120}?['\"]?)\s*$"),
]
QUOTED_TITLE = re.compile(r"^['\"](?P<title>[^'\"]+)['\"]")


def title_in_headline(headline: str) -> str | None:
    """The film a review's headline names, or None: the quoted part when there is one, else the
    words before "review" or after "Review:", cut at a dash, a colon or a bar."""
    headline = headline.strip().strip("*#_ ")
    for form in HEADLINE_FORMS:
        match = form.search(headline)
        if not match:
            continue
        title = match["title"].strip()
        quoted = QUOTED_TITLE.match(title)
        title = quoted["title"] if quoted else re.split(r"\s+[–—|-]\s+|:\s", title)[0]
        title = title.strip(" '\".,;:!?")
        words = title.split()
        if words and len(words) <= 12 and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in TITLE_SMALL_WORDS
                                              for w in words):
            return title
    return None


def _film_in_headline(document: Document, content: list[tuple[int, str]]) -> PageFilm | None:
    """A text's first line, when it is a headline naming the film ("Film Review: 'Harbor of Glass'")."""
    if not content or document.metadata.title:
        return None
    offset, line = content[0]
    title = title_in_headline(line)
    if title is None:
        return None
    start = offset + line.find(title)
    return PageFilm(title, None, (start, start + len(title)), "header.headline", 0.85,
                    prose_start=document.prose_start)


def _index_in(text: str, value: str, start: int, end: int) -> tuple[int, int]:
    """Where `value` stands inside the span [start, end) of the text, or (0, 0)."""
    found = text.find(value, start, end) if end > start else -1
    return (found, found + len(value)) if found >= 0 else (0, 0)


def _film_from_page(ctx: ReviewContext, page_film: PageFilm | None) -> None:
    ctx.prose_start = max(ctx.prose_start, ctx.document.prose_start)
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
            ctx.add("itemReviewed", Title(title), mention, rule, confidence)
            return
        if _page_describes_a_review(ctx.document):
            return  # the page's own markup says a review is here, even if it names no film
        raise InputError(
            f'{ctx.document.source}: no review of a film found: no title line ("Title (Year)"), page title or '
            "quoted title names the film"
        )
    ctx.film_title, ctx.film_year = page_film.title, page_film.year
    ctx.prose_start = max(page_film.prose_start, ctx.document.prose_start)
    ctx.add("itemReviewed", Title(page_film.title), page_film.span, page_film.rule, page_film.confidence)
    if page_film.year:
        ctx.add("film.year", Year(page_film.year), page_film.span, page_film.rule, page_film.confidence - 0.05)


def _page_describes_a_review(document: Document) -> bool:
    from kg.sources.html import REVIEW_TYPES, _types, described_items

    return any(REVIEW_TYPES & _types(item) for item, _ in described_items(document.metadata.existing_markup))


def _headline(ctx: ReviewContext, content: list[tuple[int, str]]) -> None:
    meta = ctx.document.metadata
    if meta.title:
        rule, start, end = meta.evidence.get("title", ("page.metadata", 0, 0))
        ctx.add("review.name", Text(meta.title.strip()), (start, end), rule, 0.95)
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
        ctx.add("review.name", Text(stripped), (start, start + len(stripped)), "header.first_line", 0.7)
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
        ctx.add(relation, Text(" ".join(text for _, text in body)), (start, end), "header.section", 0.9)


def body_span(ctx: ReviewContext) -> tuple[int, int] | None:
    """The prose of the review: from its first paragraph to the first verdict heading or boilerplate."""
    start = None
    for offset, line in lines_with_offsets(ctx.text):
        stripped = line.strip()
        if offset < ctx.prose_start:
            continue
        if ctx.in_structure(offset + len(line) - len(line.lstrip())):  # a credit block ends the prose
            if start is not None:
                return start, offset
            continue
        if start is None:
            if len(stripped) >= 150:
                start = offset
        elif any(p.match(stripped) for p in SECTIONS.values()) or BOILERPLATE.match(stripped):
            return start, offset
    return (start, len(ctx.text)) if start is not None else None
