"""HTML pages: decode by the declared charset, keep the main text, read the page's own metadata."""

from __future__ import annotations

import re

from kg.document import Document, PageMetadata
from kg.errors import InputError
from kg.sources import decode_text, document_from_string

# A title in italics (<i>, <em>, <cite>) becomes a quoted title, the way plain text marks one.
_ITALIC_TITLE = re.compile(r"<((?i:i|em|cite))>\s*([A-Z0-9][^<>\n]{0,118}?)\s*</\1>")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def decode_html(data: bytes, source: str, encoding: str | None = None) -> str:
    """Honour the given or declared charset; fall back to UTF-8 when the declaration is wrong."""
    declared = encoding or declared_charset(data)
    for codec in dict.fromkeys(c for c in (declared, "utf-8") if c):
        try:
            return decode_text(data, source, codec)
        except InputError:
            continue
    # Neither fits: keep the page readable rather than refusing it; bad bytes become U+FFFD.
    return data.decode(declared or "utf-8", errors="replace")


def document_from_html(data: bytes, source: str, *, encoding: str | None = None, url: str | None = None) -> Document:
    import trafilatura
    from trafilatura.metadata import extract_metadata

    html = _ITALIC_TITLE.sub(lambda m: f"\u201c{m.group(2)}\u201d", decode_html(data, source, encoding))
    try:
        text = trafilatura.extract(
            html, url=url, include_comments=False, include_tables=False, favor_precision=True, deduplicate=True
        )
        page_meta = extract_metadata(html, default_url=url)
    except Exception as exc:  # lxml raises many kinds on malformed markup
        raise InputError(f"{source}: cannot parse the HTML ({type(exc).__name__})") from None
    metadata = PageMetadata(url=url)
    if page_meta is not None:
        metadata.title = page_meta.title
        metadata.author = _clean_author(page_meta.author)
        metadata.publisher = page_meta.sitename
        metadata.date_published = page_meta.date
        metadata.url = url or page_meta.url
    metadata.existing_markup = read_markup(html, url)
    _apply_markup(metadata)
    described = [i for i, _ in described_items(metadata.existing_markup)
                 if (REVIEW_TYPES | {"Movie"}) & _types(i)]
    if described:
        # A page that describes its review in markup is read even when its prose is short or absent.
        text = text or "\n".join(
            str(v) for i in described for v in (i.get("reviewBody"), i.get("description"), i.get("name")) if v
        )
        return Document.from_text(text or metadata.film_title or "", source, metadata, media_type="text/html")
    if not text:
        raise InputError(f"{source}: no review text found in the page")
    return document_from_string(text, source, metadata, media_type="text/html")


def read_markup(html: str, url: str | None) -> list[dict]:
    """The page's own structured data (JSON-LD and microdata), as extruct reads it."""
    import extruct

    try:
        syntaxes = ["json-ld", "microdata", "rdfa"]
        found = extruct.extract(html, base_url=url, syntaxes=syntaxes, uniform=True, errors="ignore")
    except Exception:  # broken markup on a page is the page's problem, not a reason to fail
        return []
    items: list[dict] = []
    for syntax in ("json-ld", "microdata", "rdfa"):
        for item in found.get(syntax, []):
            items.extend(item.get("@graph", [item]) if isinstance(item, dict) else [])
    return [_short_keys(item) for item in items]


_SCHEMA_IRI = re.compile(r"^(?:https?://schema\.org/?|schema:)")


def _short_keys(item):
    """RDFa arrives expanded (full IRIs, [{"@value": ...}]): write it the way JSON-LD pages do."""
    if isinstance(item, list):
        values = [_short_keys(v) for v in item]
        return values[0] if len(values) == 1 else values
    if not isinstance(item, dict):
        return item
    if set(item) == {"@value"}:
        return item["@value"]
    short = {}
    for key, value in item.items():
        if key == "@type":
            value = [_SCHEMA_IRI.sub("", t) for t in (value if isinstance(value, list) else [value])]
            value = value[0] if len(value) == 1 else value
        short[_SCHEMA_IRI.sub("", key)] = _short_keys(value) if key != "@type" else value
    return short


# Review types a page may use for a critic's review (all subtypes of schema:Review).
REVIEW_TYPES = {"Review", "CriticReview", "MediaReview", "UserReview", "EmployerReview", "Recommendation"}


def _types(item: dict) -> set[str]:
    """Type names without namespace: "Movie" for Movie, schema:Movie and https://schema.org/Movie."""
    kind = item.get("@type", [])
    return {re.split(r"[/#:]", str(k))[-1] for k in (kind if isinstance(kind, list) else [kind])}


def _name(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value if isinstance(value, str) and value.strip() else None


def _clean_author(author: str | None) -> str | None:
    """trafilatura joins what a byline holds with ";" ("Dana Whitlock; May"): keep the names."""
    if not author:
        return None
    from kg.dates import month_number

    names = [part.strip() for part in author.split(";") if part.strip() and not month_number(part.split()[0])]
    return "; ".join(names) or None


def _rating(value) -> tuple[str, str, str] | None:
    """(value, best, worst) of a page's own reviewRating, when it gives a number."""
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, dict):
        return None
    rating = str(value.get("ratingValue", "")).strip()
    if not re.fullmatch(r"\d+(?:\.\d+)?", rating):
        return None
    best, worst = (str(value.get(k, "")).strip() for k in ("bestRating", "worstRating"))
    number = re.compile(r"\d+(?:\.\d+)?")
    return rating, best if number.fullmatch(best) else "", worst if number.fullmatch(worst) else ""


def described_items(items: list[dict]):
    """Every object the markup describes, nested ones too ("review": [...] of a product), each
    with the object it sits in."""
    todo = [(item, None) for item in items]
    while todo:
        item, parent = todo.pop(0)
        yield item, parent
        for value in item.values():
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, dict):
                    todo.append((child, item))


def _apply_markup(metadata: PageMetadata) -> None:
    """The first Review the page already describes is the best source for its film and byline."""
    for item, parent in described_items(metadata.existing_markup):
        if REVIEW_TYPES & _types(item):
            reviewed = item.get("itemReviewed") or parent
            if isinstance(reviewed, dict):
                metadata.film_title = _name(reviewed) or metadata.film_title
                year = str(reviewed.get("dateCreated") or reviewed.get("datePublished") or "")[:4]
                metadata.film_year = year if year.isdigit() else metadata.film_year
            metadata.author = _name(item.get("author")) or metadata.author
            metadata.rating = _rating(item.get("reviewRating")) or metadata.rating
            metadata.publisher = _name(item.get("publisher")) or metadata.publisher
            metadata.date_published = _name(item.get("datePublished")) or metadata.date_published
            metadata.title = _name(item.get("name")) or _name(item.get("headline")) or metadata.title
            return
    for item, _ in described_items(metadata.existing_markup):
        if "Movie" in _types(item) and not metadata.film_title:
            metadata.film_title = _name(item.get("name"))
