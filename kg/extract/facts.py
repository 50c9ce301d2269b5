"""Facts: what the extractors found, with the rule, confidence and text span behind each one.

A fact's value has named fields, one small dataclass per shape of value ("role": a person and the
character they play), so that extractors and the RDF mapping read `fact.value.character`; RELATIONS
says which shape each relation of the graph contract carries.
"""

from __future__ import annotations

from dataclasses import dataclass


class Value:
    """The value of a fact: one of the shapes below."""

    __slots__ = ()
    __match_args__: tuple[str, ...] = ()

    def as_tuple(self) -> tuple[str, ...]:
        """The fields in order, the form gold files list a fact's values in."""
        return tuple(getattr(self, name) for name in self.__match_args__)


@dataclass(frozen=True, slots=True)
class Title(Value):
    title: str


@dataclass(frozen=True, slots=True)
class Year(Value):
    year: str


@dataclass(frozen=True, slots=True)
class Person(Value):
    person: str


@dataclass(frozen=True, slots=True)
class Role(Value):
    person: str
    character: str


@dataclass(frozen=True, slots=True)
class Character(Value):
    character: str


@dataclass(frozen=True, slots=True)
class CrewRole(Value):
    role_name: str  # "cinematographer", "editor"
    person: str


@dataclass(frozen=True, slots=True)
class SourceWork(Value):
    work_type: str  # a schema.org type: Book, ShortStory, ComicStory, CreativeWork
    title: str  # "" when the review names only the author
    author: str


@dataclass(frozen=True, slots=True)
class Premiere(Value):
    festival: str
    date: str  # ISO 8601, or "" when the review gives none


@dataclass(frozen=True, slots=True)
class Run(Value):
    """A film's run in a country's cinemas: the day it opened ("release") or closed ("runEnd")."""

    country: str
    date: str  # ISO 8601


@dataclass(frozen=True, slots=True)
class Runtime(Value):
    minutes: str


@dataclass(frozen=True, slots=True)
class ContentRating(Value):
    code: str


@dataclass(frozen=True, slots=True)
class Genre(Value):
    genre: str


@dataclass(frozen=True, slots=True)
class Organization(Value):
    organization: str


@dataclass(frozen=True, slots=True)
class Country(Value):
    country: str


@dataclass(frozen=True, slots=True)
class Published(Value):
    date: str  # ISO 8601 date or date-time


@dataclass(frozen=True, slots=True)
class Text(Value):
    text: str


@dataclass(frozen=True, slots=True)
class Score(Value):
    value: str
    best: str  # "" when the review states no scale
    worst: str


@dataclass(frozen=True, slots=True)
class Url(Value):
    url: str


# The relations of the graph contract (../shared/eval/CONTRACT.md) that extractors emit, and
# the value each carries. "film" facts describe the reviewed film unless `film` names another.
RELATIONS: dict[str, type[Value]] = {
    "itemReviewed": Title,
    "film.year": Year,
    "director": Person,
    "actor": Person,
    "role": Role,
    "character": Character,
    "screenwriter": Person,
    "composer": Person,
    "producer": Person,
    "crew": CrewRole,
    "basedOn": SourceWork,
    "premiere": Premiere,
    "release": Run,
    "runEnd": Run,
    "runtime": Runtime,
    "contentRating": ContentRating,
    "genre": Genre,
    "productionCompany": Organization,
    "countryOfOrigin": Country,
    "review.name": Text,
    "review.datePublished": Published,
    "review.author": Person,
    "review.publisher": Organization,
    "review.positiveNotes": Text,
    "review.negativeNotes": Text,
    "review.abstract": Text,
    "review.body": Text,
    "review.rating": Score,
    "review.url": Url,
    "mention": Title,
}


@dataclass(frozen=True)
class Fact:
    """One statement a review makes, and where it makes it.

    `start`/`end` are character offsets of the evidence in the document's normalized text;
    `film` is None for the reviewed film (or the review itself) and a title for another film.
    """

    relation: str
    value: Value
    start: int
    end: int
    rule: str
    confidence: float
    film: str | None = None

    def __post_init__(self) -> None:
        shape = RELATIONS.get(self.relation)
        if shape is None:
            raise ValueError(f"unknown relation {self.relation!r}")
        if type(self.value) is not shape:
            raise TypeError(f"a {self.relation} fact carries a {shape.__name__}, not {self.value!r}")

    @property
    def values(self) -> tuple[str, ...]:
        """The value's fields as a tuple, for comparing facts with each other and with gold."""
        return self.value.as_tuple()
