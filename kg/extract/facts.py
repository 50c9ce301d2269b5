"""Facts: what the extractors found, with the rule, confidence and text span behind each one."""

from __future__ import annotations

from dataclasses import dataclass

# The relations of the graph contract (../shared/eval/CONTRACT.md) that extractors emit, and
# the values each carries. "film" facts describe the reviewed film unless `film` names another.
RELATIONS = {
    "itemReviewed": ("title",),
    "film.year": ("year",),
    "director": ("person",),
    "actor": ("person",),
    "role": ("person", "character"),
    "character": ("character",),
    "screenwriter": ("person",),
    "composer": ("person",),
    "producer": ("person",),
    "crew": ("role name", "person"),
    "basedOn": ("work type", "title", "author"),
    "premiere": ("festival", "date"),
    "release": ("country", "date"),
    "runEnd": ("country", "date"),
    "runtime": ("minutes",),
    "contentRating": ("code",),
    "genre": ("genre",),
    "productionCompany": ("organization",),
    "countryOfOrigin": ("country",),
    "review.name": ("headline",),
    "review.datePublished": ("date",),
    "review.author": ("person",),
    "review.publisher": ("organization",),
    "review.positiveNotes": ("text",),
    "review.negativeNotes": ("text",),
    "review.abstract": ("text",),
    "review.body": ("text",),
    "review.rating": ("value", "best", "worst"),
    "review.url": ("url",),
    "mention": ("title",),
}


@dataclass(frozen=True)
class Fact:
    """One statement a review makes, and where it makes it.

    `start`/`end` are character offsets of the evidence in the document's normalized text;
    `film` is None for the reviewed film (or the review itself) and a title for another film.
    """

    relation: str
    values: tuple[str, ...]
    start: int
    end: int
    rule: str
    confidence: float
    film: str | None = None

    def __post_init__(self) -> None:
        if self.relation not in RELATIONS:
            raise ValueError(f"unknown relation {self.relation!r}")
