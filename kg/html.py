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
        metadata.author = page_meta.author
        metadata.publisher = page_meta.sitename
        metadata.date_published = page_meta.date
        metadata.url = url or page_meta.url
    metadata.existing_markup = read_markup(html, url)
    _apply_markup(metadata)
    if not text:
        raise InputError(f"{source}: no review text found in the page")
    return document_from_string(text, source, metadata, media_type="text/html")


def read_markup(html: str, url: str | None) -> list[dict]:
    """The page's own structured data (JSON-LD and microdata), as extruct reads it."""
    import extruct

    try:
        found = extruct.extract(html, base_url=url, syntaxes=["json-ld", "microdata"], uniform=True, errors="ignore")
    except Exception:  # broken markup on a page is the page's problem, not a reason to fail
        return []
    items: list[dict] = []
    for syntax in ("json-ld", "microdata"):
        for item in found.get(syntax, []):
            items.extend(item.get("@graph", [item]) if isinstance(item, dict) else [])
    return items


def _types(item: dict) -> set[str]:
    kind = item.get("@type", [])
    return {str(k).rsplit("/", 1)[-1] for k in (kind if isinstance(kind, list) else [kind])}


def _name(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value if isinstance(value, str) and value.strip() else None


def _apply_markup(metadata: PageMetadata) -> None:
    """A Review the page already describes is the best source for its own film and byline."""
    for item in metadata.existing_markup:
        if "Review" in _types(item) or "CriticReview" in _types(item):
            reviewed = item.get("itemReviewed")
            if isinstance(reviewed, dict):
                metadata.film_title = _name(reviewed) or metadata.film_title
                year = str(reviewed.get("dateCreated") or reviewed.get("datePublished") or "")[:4]
                metadata.film_year = year if year.isdigit() else metadata.film_year
            metadata.author = _name(item.get("author")) or metadata.author
            metadata.publisher = _name(item.get("publisher")) or metadata.publisher
            metadata.date_published = _name(item.get("datePublished")) or metadata.date_published
            metadata.title = _name(item.get("name")) or _name(item.get("headline")) or metadata.title
        elif "Movie" in _types(item) and not metadata.film_title:
            metadata.film_title = _name(item.get("name"))
