"""A review as the extractors see it: normalized text, offsets into the source, page metadata."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from kg.lexicon.credit_labels import relations
from kg.sources import frontmatter
from kg.sources.frontmatter import FrontMatter
from kg.sources.normalize import normalize_with_spans
from kg.sources.text_markup import clean_markup


@dataclass
class PageMetadata:
    """What the page says about itself, before any reading of the prose."""

    title: str | None = None
    date_published: str | None = None  # ISO 8601 date or date-time
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    film_title: str | None = None
    item_type: str | None = None  # the schema.org type the page's markup gives what it reviews ("Movie", "Book")

    @property
    def reviews_other_than_film(self) -> bool:
        """The page's own markup says it reviews a book, a game, a product: not a film."""
        return self.item_type not in (None, "Movie", "CreativeWork")
    film_year: str | None = None
    rating: tuple[str, str, str] | None = None  # (value, best, worst) the page's own markup states
    existing_markup: list[dict] = field(default_factory=list)
    # Labelled credits the page states outside its prose (definition lists, tables): (label, value).
    credits: list[tuple[str, str]] = field(default_factory=list)
    # Where a field was stated when the text holds it (front matter): field -> (rule, start, end).
    evidence: dict[str, tuple[str, int, int]] = field(default_factory=dict)


def source_id(source: str) -> str:
    """A stable identifier of a review from its source name: the same source always gives the same id."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


@dataclass
class Document:
    """One review: its source, original text, normalized text and the map between them.

    `text` is what the extractors read: normalized, with inline markup (Markdown, HTML tags,
    entities) taken out. `offsets[i]` is where char i of `text` starts in `original` (one more
    entry: the original's length) and `ends[i]` where it ends, so facts point at the exact
    characters of the original file. `emphasis` holds the spans of `text` the source set in
    italics (title candidates), `strong` those in bold. YAML front matter stays in `text`, as
    written, before `prose_start`; its keys are in `front_matter`.
    """

    source: str  # a URL as given, or a path relative to the build root (kg.sources.source_name)
    original: str
    text: str
    offsets: list[int]
    metadata: PageMetadata = field(default_factory=PageMetadata)
    media_type: str = "text/plain"
    ends: list[int] | None = None
    emphasis: list[tuple[int, int]] = field(default_factory=list)
    strong: list[tuple[int, int]] = field(default_factory=list)
    front_matter: FrontMatter | None = None
    prose_start: int = 0
    public_url: str | None = None  # where a local file is published (--source-base): the review's schema:url

    @classmethod
    def from_text(
        cls, text: str, source: str = "-", metadata: PageMetadata | None = None, media_type: str = "text/plain"
    ) -> Document:
        normalized, starts, ends = normalize_with_spans(text)
        matter = frontmatter.find(normalized)
        cleaned = clean_markup(normalized, starts, ends, protect=matter.span if matter else None)
        metadata = metadata or PageMetadata()
        if matter:
            _read_front_matter(matter, metadata)
        return cls(
            source,
            text,
            cleaned.text,
            cleaned.starts,
            metadata,
            media_type,
            ends=cleaned.ends,
            emphasis=cleaned.emphasis,
            strong=cleaned.strong,
            front_matter=matter,
            prose_start=matter.span[1] if matter else 0,
        )

    @property
    def id(self) -> str:
        """A stable identifier of the review: the same source always gives the same id."""
        return source_id(self.source)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.original.encode("utf-8")).hexdigest()

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalized text back to the original text: from the first char's start
        to the last char's end, so markup dropped around the span stays outside it."""
        if self.ends is not None and end > start:
            return self.offsets[start], self.ends[end - 1]
        return self.offsets[start], self.offsets[end]


# Front-matter keys that describe the post itself (the label lexicon names the rest).
_PAGE_FIELDS = {"review.name": "title", "review.author": "author", "review.datePublished": "date_published",
                "review.publisher": "publisher"}


def _read_front_matter(matter: FrontMatter, metadata: PageMetadata) -> None:
    """The post's title, author, date and publisher, where the page did not already say them."""
    for key, values in matter.entries.items():
        found = relations(key) or []
        field_name = _PAGE_FIELDS.get(found[0][0]) if len(found) == 1 else None
        if not field_name or getattr(metadata, field_name):
            continue
        value, start, end = values[0]
        if field_name == "date_published":
            value = frontmatter.iso_date(value)
            if not value:
                continue
        setattr(metadata, field_name, value)
        metadata.evidence[field_name] = (f"frontmatter.{key.replace(' ', '_')}", start, end)
