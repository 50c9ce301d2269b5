"""What every rule needs to know about one review: its parsed text, film, date and people."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from spacy.tokens import Doc, Span

from kg.extract.confidence import calibrated
from kg.extract.facts import CrewRole, Fact, Person, Role, Value
from kg.extract.nlp import TokenTable, doc_text, token_table
from kg.extract.people import NameIndex
from kg.extract.titles import film_titles, names_reviewed_film
from kg.sources.document import Document

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
        return doc_text(self.doc)  # spaCy's doc.text joins the tokens on every call

    @cached_property
    def tokens(self) -> TokenTable:
        return token_table(self.doc)

    # spaCy builds new Span objects on every read of doc.ents and token.sent: read them once.
    @cached_property
    def mentions(self) -> list[Span]:
        return list(self.doc.ents)

    @cached_property
    def _mention_starts(self) -> list[int]:
        return [m.start for m in self.mentions]

    @cached_property
    def mention_starting(self) -> dict[int, Span]:
        return {m.start: m for m in self.mentions}

    def mentions_in(self, span: Span | tuple[int, int], label: str | None = None) -> list[Span]:
        """The mentions inside a span of tokens (or a (start, end) token range), in order."""
        start, end = (span.start, span.end) if isinstance(span, Span) else span
        first, last = bisect_left(self._mention_starts, start), bisect_left(self._mention_starts, end)
        return [m for m in self.mentions[first:last] if m.end <= end and (label is None or m.label_ == label)]

    @cached_property
    def sentence_starts(self) -> list[int]:
        return self.doc.user_data.get("sentence_starts", [0] if len(self.doc) else [])

    def sentence(self, token_index: int) -> Span:
        """The sentence holding a token."""
        starts = self.sentence_starts
        number = max(bisect_right(starts, token_index) - 1, 0)
        cached = self._sentences.get(number)
        if cached is None:
            end = starts[number + 1] if number + 1 < len(starts) else len(self.doc)
            cached = self._sentences[number] = self.doc[starts[number] if starts else 0 : end]
        return cached

    @cached_property
    def _sentences(self) -> dict[int, Span]:
        return {}

    @cached_property
    def _sentence_offsets(self) -> list[int]:
        return [self.tokens.idx[i] for i in self.sentence_starts if i < len(self.tokens.idx)]

    def sentence_around(self, start: int, end: int) -> tuple[int, int]:
        """The characters of the sentence (or sentences) holding [start, end), as the extraction
        split them: the provenance a fact records."""
        offsets = self._sentence_offsets
        if not offsets:
            return start, end
        first = max(bisect_right(offsets, start) - 1, 0)
        after = bisect_left(offsets, max(end, start + 1))
        stop = offsets[after] if after < len(offsets) else len(self.text)
        while stop > end and self.text[stop - 1].isspace():
            stop -= 1
        return min(offsets[first], start), max(stop, end)

    def add(
        self,
        relation: str,
        value: Value,
        evidence: Span | tuple[int, int],
        rule: str,
        confidence: float,
        film: str | None = None,
    ) -> None:
        start, end = (evidence.start_char, evidence.end_char) if isinstance(evidence, Span) else evidence
        if film == AMBIGUOUS or (film is not None and self.title_kinds.get(film) == "other"):
            return  # a fact about a song, a series or a book is not one about a film
        if film is not None and self.is_reviewed_film(film):
            film = None
        confidence = calibrated(rule, relation if film is None else f"{relation}@other", confidence)
        self.facts.append(Fact(relation, value, start, end, rule, confidence, film, self.sentence_around(start, end)))
        if isinstance(value, (Person, Role, CrewRole)):
            self._named.setdefault(relation, set()).add(value.person)

    @property
    def review_authors(self) -> set[str]:
        """Who wrote the review (byline, front matter, page metadata): not cast or crew unless the
        text says so."""
        return {f.value.person for f in self.facts if f.relation == "review.author"}

    def in_structure(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.structure)

    def is_reviewed_film(self, title: str | None) -> bool:
        return names_reviewed_film(title or "", self.film_title)

    @cached_property
    def title_kinds(self) -> dict[str, str]:
        """Each quoted title -> "reviewed", "film" or "other" (kg.extract.titles); read once the
        reviewed film is known."""
        return film_titles(self.mentions, self.sentence, self.text, self.film_title)

    def is_other_film(self, title: str) -> bool:
        return self.title_kinds.get(title) == "film"

    @cached_property
    def _named(self) -> dict[str, set[str]]:
        return {}

    def named_as(self, person: str | None, *relations: str) -> bool:
        """Whether a fact of one of these relations names this person (its actor, crew member,
        critic)."""
        return person is not None and any(person in self._named.get(relation, ()) for relation in relations)

    def is_cast(self, person: str) -> bool:
        return self.named_as(person, "actor", "role")

    def is_review_author(self, person: str) -> bool:
        return self.named_as(person, "review.author")

    def person(self, mention: Span | str) -> str | None:
        """The full name a person mention stands for, if the review makes it clear."""
        text = mention if isinstance(mention, str) else mention.text
        if text.lower().startswith("the "):  # "the director": the one director found so far
            directors = {f.value.person for f in self.facts if f.relation == "director" and f.film is None}
            return next(iter(directors)) if len(directors) == 1 else None
        return self.people.resolve(text)

