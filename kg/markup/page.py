"""The publisher's page: where kg's <script> element goes, and what markup the page already has.

The page is never parsed and written out again. A small scanner walks its bytes the way a browser
tokenizes them (comments, <!DOCTYPE>, and the raw text of <script>, <style>, <title>, ... are
skipped, so a "</head>" inside a script or a comment is not taken for the end of the head) and
finds one offset: the element kg wrote before, to replace, or the end of the head, to insert
before. Every other byte of the page stays as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from kg.errors import InputError

SCRIPT_MARK = 'data-kg="review"'
# Elements whose content is raw text: a "<" inside them opens no tag.
_RAW_TEXT = {"script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript"}
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")
_TAG_REST = re.compile(r"""(?:[^>"']|"[^"]*"|'[^']*')*>?""")
_KG_ATTRIBUTE = re.compile(r"""\sdata-kg\s*=\s*(["']?)review\1(?=[\s/>])""", re.I)
_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


@dataclass
class Spots:
    """Offsets (in characters of the scanned text) that decide where the element goes."""

    kg_element: tuple[int, int] | None = None  # an element kg wrote before: start, end
    head_end: int | None = None  # the "<" of </head>
    head_start: int | None = None  # just after <head ...>
    html_start: int | None = None  # just after <html ...>
    body: int | None = None  # the "<" of <body ...>
    prologue_end: int = 0  # after a leading BOM-less <!DOCTYPE> / <?xml ...?>


def _tag_end(text: str, start: int) -> int:
    """The offset after the '>' that closes the tag whose name ends at `start` (quotes respected)."""
    return _TAG_REST.match(text, start).end()


def scan(text: str) -> Spots:
    spots = Spots()
    position, length, seen_element = 0, len(text), False
    while True:
        at = text.find("<", position)
        if at < 0:
            return spots
        if text.startswith("<!--", at):
            close = text.find("-->", at + 4)
            position = length if close < 0 else close + 3
            continue
        if text.startswith(("<!", "<?"), at):  # <!DOCTYPE>, <?xml?>, bogus comments
            close = text.find(">", at + 2)
            position = length if close < 0 else close + 1
            if not seen_element:
                spots.prologue_end = position
            continue
        match = _TAG_NAME.match(text, at)
        if not match:
            position = at + 1
            continue
        closing, name = match.group(1) == "/", match.group(2).lower()
        end = _tag_end(text, match.end())
        position = end
        if closing:
            if name == "head" and spots.head_end is None:
                spots.head_end = at
            continue
        seen_element = True
        if name == "head" and spots.head_start is None:
            spots.head_start = end
        elif name == "html" and spots.html_start is None:
            spots.html_start = end
        elif name == "body" and spots.body is None:
            spots.body = at
        if name in _RAW_TEXT:
            close = re.compile(rf"</{name}(?=[\s/>])", re.I).search(text, end)
            position = length if close is None else _tag_end(text, close.end())
            if name == "script" and spots.kg_element is None and _KG_ATTRIBUTE.search(text[at:end]):
                spots.kg_element = (at, position)


def _decode(page: bytes) -> tuple[str, str, bytes]:
    """The page as text to scan, with the codec that turns it back into the same bytes. Pages in an
    ASCII-compatible encoding (UTF-8, Latin-1, Shift_JIS, ...) are scanned byte for byte as
    Latin-1; a UTF-16 page (with its byte order mark) is decoded."""
    for bom, codec in _BOMS:
        if page.startswith(bom):
            try:
                return page[len(bom):].decode(codec), codec, bom
            except UnicodeDecodeError:
                raise InputError(f"the page starts with a {codec} byte order mark but is not {codec}") from None
    return page.decode("latin-1"), "latin-1", b""


def embed(page: bytes, element: str) -> bytes:
    """The page with the element in its <head>: the element kg wrote before is replaced where it
    is; otherwise it goes just before </head> (or after <head>, or where the head would be)."""
    text, codec, bom = _decode(page)
    if codec == "latin-1" and not element.isascii():
        raise ValueError("the element must be ASCII to fit a page in any encoding (script_element writes it so)")
    spots = scan(text)
    if spots.kg_element is not None:
        start, end = spots.kg_element
        return bom + (text[:start] + element + text[end:]).encode(codec)
    if spots.head_end is not None:
        at = spots.head_end
    elif spots.head_start is not None:
        at = spots.head_start
    elif spots.html_start is not None:
        at = spots.html_start
    elif spots.body is not None:
        at = spots.body
    else:  # after the doctype: a script before it would put the page in quirks mode
        at = spots.prologue_end
    opens_line = at in {spots.head_start, spots.html_start, spots.prologue_end} and at > 0 and text[at - 1] != "\n"
    separator = "\n" if opens_line else ""
    return bom + (text[:at] + separator + element + "\n" + text[at:]).encode(codec)


def without_kg_element(page: bytes) -> bytes:
    """The page without the element kg wrote: kg's own output is never read back as input."""
    text, codec, bom = _decode(page)
    spots = scan(text)
    if spots.kg_element is None:
        return page
    start, end = spots.kg_element
    return bom + (text[:start] + text[end:]).encode(codec)


# --- what the page already says ------------------------------------------------------------------


def existing_reviews(page: bytes) -> list[tuple[dict, dict | None]]:
    """Review objects the page already carries (JSON-LD, microdata, RDFa, nested ones too), each
    with the object it is a review of when it sits in one ("review" of a Movie or a Product), leaving
    out the element kg wrote. Read by the page reader (kg.sources.html)."""
    from kg.sources.html import REVIEW_TYPES, _types, decode_html, described_items, read_markup

    items = read_markup(decode_html(without_kg_element(page), "page"), None)
    described = list(described_items(items))
    # RDFa (and JSON-LD @graph) objects point to each other by "@id": put the objects in place.
    by_id = {item["@id"]: item for item, _ in described if isinstance(item.get("@id"), str) and len(item) > 1}

    def resolved(value, depth=0):
        if isinstance(value, list):
            return [resolved(v, depth) for v in value]
        if isinstance(value, dict):
            if set(value) == {"@id"} and value["@id"] in by_id and depth < 4:
                value = by_id[value["@id"]]
            return {k: resolved(v, depth + 1) for k, v in value.items()}
        return value

    reviews, seen = [], set()
    for item, parent in described:
        if not REVIEW_TYPES & _types(item) or item.get("@id") in seen:
            continue  # a review two objects point to (a WebPage's mainEntity and an Article's) is one
        if isinstance(item.get("@id"), str):
            seen.add(item["@id"])
        reviews.append((resolved(item), resolved(parent) if _is_review_of(parent, item) else None))
    return reviews


def _text(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return " ".join(str(value).split()) if value not in (None, "") else None


def _title(value) -> str | None:
    """A film's name for comparison: case, spacing and a trailing "(2019)" do not count."""
    text = _text(value)
    return re.sub(r"\s*\(\d{4}\)$", "", text).casefold() if text else None


def _rating(value) -> tuple[Fraction, str] | None:
    """A rating as a fraction of its best (5 when not given, as Google reads it), and as written."""
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, dict):
        return None
    try:
        number = Fraction(str(_text(value.get("ratingValue"))))
        best = Fraction(str(_text(value.get("bestRating")) or 5))
    except (ValueError, ZeroDivisionError):
        return None
    if best <= 0:
        return None
    shown = f"{_text(value.get('ratingValue'))}/{_text(value.get('bestRating')) or 5}"
    return number / best, shown


def _is_review_of(parent: dict | None, item: dict) -> bool:
    """Whether the item is one of the parent's "review" values (a product's or a film's review)."""
    if not parent:
        return False
    values = parent.get("review") or parent.get("reviews") or []
    return any(value is item for value in (values if isinstance(values, list) else [values]))


def conflicts(page: bytes, markup: dict) -> list[str]:
    """How each Review the page already has differs from kg's markup, one line each ("conflict:"),
    or that it agrees ("note:"). The page's markup is kept either way."""
    film = (markup.get("itemReviewed") or {}).get("name")
    author = _text(markup.get("author"))
    rating = _rating(markup.get("reviewRating"))
    date = _text(markup.get("datePublished"))
    found = []
    for item, parent in existing_reviews(page):
        reviewed = item.get("itemReviewed") or parent
        name = _text(reviewed) if isinstance(reviewed, (dict, str, list)) else None
        what = f"a Review of {name!r}" if name else "a Review"
        said = []
        if name and film and _title(name) != _title(film):
            said.append(f"it reviews {name!r}, kg's markup {film!r}")
        theirs = _text(item.get("author"))
        if theirs and author and theirs.casefold() != author.casefold():
            said.append(f"its author is {theirs!r}, kg's {author!r}")
        their_rating = _rating(item.get("reviewRating"))
        if their_rating and not rating:
            said.append(f"it rates the film {their_rating[1]}, kg's markup has no rating "
                        f"(pass --rating {their_rating[1]} to carry it)")
        elif their_rating and rating and their_rating[0] != rating[0]:
            said.append(f"it rates the film {their_rating[1]}, kg's markup {rating[1]}")
        their_date = _text(item.get("datePublished"))
        if their_date and date and their_date[:10] != date[:10]:
            said.append(f"it is dated {their_date[:10]}, kg's markup {date[:10]}")
        if said:
            found.append(f"conflict: the page already has {what}: {'; '.join(said)}")
        else:
            found.append(f"note: the page already has {what} that agrees with kg's markup; both are kept")
    return found


def page_image(page: bytes, base_url: str | None = None) -> str | None:
    """The image the page already gives: the image of a Movie or Review in its markup (JSON-LD,
    microdata, RDFa; the film's first), else its og:image. Relative URLs resolve against `base_url`
    (the page's URL) or are left out; only http(s) URLs are returned."""
    import extruct

    from kg.sources.html import decode_html, read_markup

    html = decode_html(without_kg_element(page), "page")
    found = markup_image(read_markup(html, base_url), base_url)
    if found:
        return found
    try:
        graphs = extruct.extract(html, base_url=base_url, syntaxes=["opengraph"], uniform=True, errors="ignore")
    except Exception:  # broken markup on a page is the page's problem, not a reason to fail
        return None
    for properties in graphs.get("opengraph", []):
        for key in ("og:image:secure_url", "og:image:url", "og:image"):
            url = _image_url(properties.get(key), base_url)
            if url:
                return url
    return None


def markup_image(items: list[dict], base_url: str | None = None) -> str | None:
    """The image of the first Movie, else of the first Review, that markup items (as kg.sources.html reads
    them) describe."""
    from kg.sources.html import REVIEW_TYPES, _types, described_items

    described = [item for item, _ in described_items(items)]
    for kinds in ({"Movie"}, REVIEW_TYPES):
        for item in described:
            url = kinds & _types(item) and _image_url(item.get("image"), base_url)
            if url:
                return url
    return None


def _image_url(value, base_url: str | None) -> str | None:
    """An image value as markup writes it (a URL, an ImageObject, a list of either) as an http(s) URL."""
    from urllib.parse import urljoin

    for candidate in value if isinstance(value, list) else [value]:
        if isinstance(candidate, dict):
            candidate = candidate.get("url") or candidate.get("contentUrl") or candidate.get("@id")
        if isinstance(candidate, list):
            candidate = candidate[0] if candidate else None
        if not isinstance(candidate, str) or not candidate.strip():
            continue
        url = urljoin(base_url, candidate.strip()) if base_url else candidate.strip()
        if re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
            return url
    return None
