"""What every rule needs to know about one review: its parsed text, film, date and people."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from spacy.tokens import Doc, Span

from kg.document import Document
from kg.extract.people import NameIndex
from kg.facts import Fact

AMBIGUOUS = "\x00ambiguous"  # a film that cannot be told: facts about it are dropped


@dataclass
class ReviewContext:
    document: Document
    doc: Doc
    film_title: str | None = None
    film_year: str | None = None
    review_date: date | None = None
    people: NameIndex = field(default_factory=NameIndex)
    characters: NameIndex = field(default_factory=NameIndex)
    facts: list[Fact] = field(default_factory=list)
    prose_start: int = 0  # relation rules read the text from here on
    # Spans of the text read as structure (credit blocks, label lines): not prose for the relation rules.
    structure: list[tuple[int, int]] = field(default_factory=list)

    @cached_property
    def text(self) -> str:
        return self.doc.text  # spaCy joins the tokens on every call: read it once

    def add(
        self,
        relation: str,
        values: tuple[str, ...] | list[str],
        evidence: Span | tuple[int, int],
        rule: str,
        confidence: float,
        film: str | None = None,
    ) -> None:
        start, end = (evidence.start_char, evidence.end_char) if isinstance(evidence, Span) else evidence
        if film == AMBIGUOUS:
            return
        if film is not None and self.is_reviewed_film(film):
            film = None
        self.facts.append(Fact(relation, tuple(values), start, end, rule, confidence, film))

    @property
    def review_authors(self) -> set[str]:
        """Who wrote the review (byline, front matter, page metadata): not cast or crew unless the
        text says so."""
        return {f.values[0] for f in self.facts if f.relation == "review.author"}

    def in_structure(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.structure)

    def is_reviewed_film(self, title: str | None) -> bool:
        if not title or not self.film_title:
            return False
        return _title_key(title) == _title_key(self.film_title)

    def person(self, mention: Span | str) -> str | None:
        """The full name a person mention stands for, if the review makes it clear."""
        text = mention if isinstance(mention, str) else mention.text
        if text.lower().startswith("the "):  # "the director": the one director found so far
            directors = {f.values[0] for f in self.facts if f.relation == "director" and f.film is None}
            return next(iter(directors)) if len(directors) == 1 else None
        return self.people.resolve(text)


def _title_key(title: str) -> str:
    return " ".join(title.lower().replace("the ", " ").split()).strip(" ,.:;!?\"'")
