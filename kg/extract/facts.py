"""Facts: what the extractors found, with the rule, confidence and text span behind each one.

A fact's value has named fields, one small frozen dataclass per shape of value ("role": a person
and the character they play), so that extractors and the RDF mapping read `fact.value.character`;
RELATIONS says which shape each relation of the graph contract carries.
"""

from __future__ import annotations

from dataclasses import dataclass, make_dataclass


class Value:
    """The value of a fact: one of the shapes below."""

    __slots__ = ()
    __match_args__: tuple[str, ...] = ()

    def as_tuple(self) -> tuple[str, ...]:
        """The fields in order, the form gold files list a fact's values in."""
        return tuple(getattr(self, name) for name in self.__match_args__)


def _shape(name: str, *fields: str) -> type[Value]:
    """A shape of value: named text fields, frozen, since facts are compared and merged by value."""
    shape = make_dataclass(name, [(field, str) for field in fields], bases=(Value,), frozen=True, slots=True)
    shape.__module__ = __name__
    return shape


Title = _shape("Title", "title")
Year = _shape("Year", "year")
Person = _shape("Person", "person")
Role = _shape("Role", "person", "character")
Character = _shape("Character", "character")
CrewRole = _shape("CrewRole", "role_name", "person")  # role_name: "cinematographer", "editor"
# work_type: a schema.org type (Book, ShortStory, ComicStory, CreativeWork); title "" when only the author is named
SourceWork = _shape("SourceWork", "work_type", "title", "author")
Premiere = _shape("Premiere", "festival", "date")  # date: ISO 8601, or "" when the review gives none
Run = _shape("Run", "country", "date")  # a run in a country's cinemas: the day it opened (release) or closed (runEnd)
Runtime = _shape("Runtime", "minutes")
ContentRating = _shape("ContentRating", "code")
Genre = _shape("Genre", "genre")
Organization = _shape("Organization", "organization")
Country = _shape("Country", "country")
Published = _shape("Published", "date")  # ISO 8601 date or date-time
Text = _shape("Text", "text")
Score = _shape("Score", "value", "best", "worst")  # best: "" when the review states no scale
Url = _shape("Url", "url")


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
    `film` is None for the reviewed film (or the review itself) and a title for another film;
    `sentence` the offsets of the sentence the evidence stands in, as extraction split the text.
    """

    relation: str
    value: Value
    start: int
    end: int
    rule: str
    confidence: float
    film: str | None = None
    sentence: tuple[int, int] | None = None

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
