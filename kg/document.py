"""A review as the extractors see it: normalized text, offsets into the source, page metadata."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

# Characters folded to their ASCII look-alikes so that patterns need one spelling only. Dashes
# (en, em) stay: the tokenizer splits on them, while "-" would glue "Hunter)-and" together.
# Each replacement is a single character, so offsets stay aligned.
_FOLD = {
    "\u00a0": " ",  # no-break space
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u2018": "'",
    "\u2019": "'",
    "\u201b": "'",
    "\u02bc": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2212": "-",
    "\r": "\n",
}


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """NFC-normalize and fold typography; return the text and, per output char, its source index.

    The last entry of the offset list maps the end of the text, so spans [a, b) map to
    [offsets[a], offsets[b]).
    """
    out: list[str] = []
    offsets: list[int] = []
    index = 0
    # NFC works on grapheme-ish clusters: normalize each base char with its combining marks.
    while index < len(text):
        end = index + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        cluster = unicodedata.normalize("NFC", text[index:end])
        for char in cluster:
            out.append(_FOLD.get(char, char))
            offsets.append(index)
        index = end
    offsets.append(len(text))
    return "".join(out), offsets


@dataclass
class PageMetadata:
    """What the page says about itself, before any reading of the prose."""

    title: str | None = None
    date_published: str | None = None  # ISO 8601 date or date-time
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    film_title: str | None = None
    film_year: str | None = None
    rating: tuple[str, str, str] | None = None  # (value, best, worst) the page's own markup states
    existing_markup: list[dict] = field(default_factory=list)


def source_id(source: str) -> str:
    """A stable identifier of a review from its source name: the same source always gives the same id."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


@dataclass
class Document:
    """One review: its source, original text, normalized text and the map between them."""

    source: str  # a URL as given, or a path relative to the build root (kg.sources.source_name)
    original: str
    text: str
    offsets: list[int]
    metadata: PageMetadata = field(default_factory=PageMetadata)
    media_type: str = "text/plain"
    public_url: str | None = None  # where a local file is published (--source-base): the review's schema:url

    @classmethod
    def from_text(
        cls, text: str, source: str = "-", metadata: PageMetadata | None = None, media_type: str = "text/plain"
    ) -> Document:
        normalized, offsets = normalize_with_offsets(text)
        return cls(source, text, normalized, offsets, metadata or PageMetadata(), media_type)

    @property
    def id(self) -> str:
        """A stable identifier of the review: the same source always gives the same id."""
        return source_id(self.source)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.original.encode("utf-8")).hexdigest()

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalized text back to the original text."""
        return self.offsets[start], self.offsets[end]
