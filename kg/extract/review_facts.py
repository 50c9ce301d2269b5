"""Extraction: one Document in, the facts it states out (a pure function, safe to map in parallel)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace

from kg.extract.context import ReviewContext
from kg.extract.credits import read_credits
from kg.extract.details import read_details
from kg.extract.facts import Character, Fact, Person, Text, Title, Year
from kg.extract.header import body_span, film_named_by_page, read_header
from kg.extract.nlp import parse
from kg.extract.people import spelling_key, spelling_preference
from kg.extract.rating import read_rating
from kg.extract.review_kind import check_film_review
from kg.extract.rules import apply_rules
from kg.sources.document import Document

# Facts derived from other facts inherit their evidence and a slightly lower confidence.
DERIVED_DISCOUNT = 0.95
YEAR_AFTER = re.compile(r"^\s*\((?P<year>(?:18|19|20)\d\d)\)")


def extract_facts(document: Document, min_confidence: float = 0.0) -> list[Fact]:
    """The facts a review states: one per (relation, values, film), each as confident as the
    surest rule that found it, none below `min_confidence`."""
    facts = _deduplicate(candidate_facts(document))
    return [f for f in facts if f.confidence >= min_confidence]


def candidate_facts(document: Document) -> list[Fact]:
    """Every statement every rule found, before duplicates are merged (for measuring rules)."""
    page_film = film_named_by_page(document)
    doc = parse(document.text, film_title=page_film.title if page_film else None, emphasis=document.emphasis)
    ctx = ReviewContext(document, doc)
    if document.metadata.reviews_other_than_film:
        return _review_of_another_kind(ctx, page_film)
    says_film = page_film is not None and page_film.rule in {"page.markup", "header.title_year"}
    check_film_review(ctx.tokens.lower, document.source, says_film)
    read_header(ctx, page_film)
    # Structure before prose: credit blocks, front matter, the page's own lists; then the rating.
    read_credits(ctx)
    read_rating(ctx)
    front_matter = document.front_matter.span if document.front_matter else (0, 0)
    for mention in ctx.mentions:
        # Names in the front matter's other keys (title, description, tags) are not people the prose
        # refers back to; its credit keys were added by read_credits.
        in_front_matter = front_matter[0] <= mention.start_char < front_matter[1]
        if mention.label_ == "NAME" and not in_front_matter and not ctx.is_reviewed_film(mention.text):
            ctx.people.add(mention.text)
    apply_rules(ctx)
    read_details(ctx)
    _derive(ctx)
    _other_films(ctx)
    span = body_span(ctx)
    if span:
        ctx.add("review.body", Text(_body_as_written(document, ctx.text, span)), span, "header.body", 1.0)
    return _one_spelling_per_person(ctx.facts)


def _body_as_written(document: Document, text: str, span: tuple[int, int]) -> str:
    """A text file's body is kept as its author wrote it (markup and all: the characters are the
    review's); a page's body is its text, without the Markdown kg.sources.html read it through."""
    if document.media_type == "text/plain":
        # Whole lines of the original: the markup that opens the first line is part of it.
        original = document.original
        begin = original.rfind("\n", 0, document.offsets[span[0]]) + 1
        end = len(original) if span[1] >= len(text) else original.rfind("\n", 0, document.offsets[span[1]]) + 1
        return original[begin:end].strip()
    return text[span[0] : span[1]].strip()


def _review_of_another_kind(ctx: ReviewContext, page_film) -> list[Fact]:
    """A page whose markup reviews a book, a game or a product: the review's own facts (headline,
    date, byline, rating, body) and the item it names, typed as the markup types it; no film
    credits are read from it."""
    read_header(ctx, page_film)
    read_rating(ctx)
    span = body_span(ctx)
    if span:
        ctx.add("review.body", Text(_body_as_written(ctx.document, ctx.text, span)), span, "header.body", 1.0)
    return ctx.facts


def _derive(ctx: ReviewContext) -> None:
    """A role names an actor and a character of the film."""
    for fact in list(ctx.facts):
        if fact.relation == "role":
            evidence = (fact.start, fact.end)
            confidence = round(fact.confidence * DERIVED_DISCOUNT, 3)
            ctx.add("actor", Person(fact.value.person), evidence, fact.rule, confidence, fact.film)
            ctx.add("character", Character(fact.value.character), evidence, fact.rule, confidence, fact.film)


def _other_films(ctx: ReviewContext) -> None:
    """Other films the review names become films of their own, with a year when "(1937)" follows:
    titles the text treats as films (kg.extract.titles), or of which it states a fact. A title
    inside a source-work statement ("based on the novel "X" by Y") is the book, not a film."""
    source_works = [(f.start, f.end) for f in ctx.facts if f.relation == "basedOn"]
    with_facts = {f.film for f in ctx.facts if f.film}
    for mention in ctx.mentions:
        if mention.label_ != "TITLE" or ctx.is_reviewed_film(mention.text):
            continue
        if not (ctx.is_other_film(mention.text) or mention.text in with_facts):
            continue
        if mention.start_char < ctx.document.prose_start or ctx.in_structure(mention.start_char):
            continue  # front matter and credit blocks are the page's metadata, not films it names
        if any(start <= mention.start_char and mention.end_char <= end for start, end in source_works):
            continue
        ctx.add("mention", Title(mention.text), mention, "title.quoted", 0.6, film=mention.text)
        year = YEAR_AFTER.match(ctx.text[mention.end_char + 1 : mention.end_char + 10])
        if year:
            ctx.add(
                "film.year",
                Year(year["year"]),
                (mention.start_char, mention.end_char + 8),
                "title.year",
                0.8,
                film=mention.text,
            )


# The field of each relation's value that names a person.
PERSON_FIELDS = {
    "director": "person", "actor": "person", "role": "person", "screenwriter": "person", "composer": "person",
    "producer": "person", "review.author": "person", "crew": "person", "basedOn": "author",
}


def _one_spelling_per_person(facts: list[Fact]) -> list[Fact]:
    """ "Joseph Gordon Levitt" and "Joseph Gordon-Levitt" in one review are one person, written
    one way: the spelling with its hyphens and accents, in mixed case, used most."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    for fact in facts:
        name = _person_named(fact)
        if name:
            spellings[spelling_key(name)][name] += 1

    chosen = {
        key: max(counts.items(), key=lambda item: (*spelling_preference(item[0]), item[1]))[0]
        for key, counts in spellings.items() if len(counts) > 1
    }
    if not chosen:
        return facts
    unified = []
    for fact in facts:
        name = _person_named(fact)
        if name and spelling_key(name) in chosen:
            spelled = {PERSON_FIELDS[fact.relation]: chosen[spelling_key(name)]}
            fact = replace(fact, value=replace(fact.value, **spelled))
        unified.append(fact)
    return unified


def _person_named(fact: Fact) -> str:
    """The name of the person the fact names, or "" (none, or an unnamed author)."""
    field = PERSON_FIELDS.get(fact.relation)
    return getattr(fact.value, field) if field else ""


def _deduplicate(facts: list[Fact]) -> list[Fact]:
    """One fact per (relation, values, film): the most confident statement of it, first in the text."""
    best: dict[tuple, Fact] = {}
    for fact in facts:
        key = (fact.relation, tuple(v.casefold() for v in fact.values), fact.film)
        if key not in best or fact.confidence > best[key].confidence:
            best[key] = fact
    return list(best.values())
