"""HTML pages: decode by the declared charset, keep the main text, read the page's own metadata."""

from __future__ import annotations

import codecs
import re

from kg.errors import InputError
from kg.sources.document import Document, PageMetadata
from kg.sources.text import decode_text, document_from_string

# trafilatura keeps <i>/<em> (as Markdown *x*) but drops <cite>: a cite is read as the italics it shows.
_CITE = re.compile(r"<(/?)cite\b[^>]*>", re.I)
_RDFA_TYPED = re.compile(r"\stypeof\s*=", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


# The element `kg markup` writes into a page (data-kg="review"): kg's own output, never read back as
# what the page says.
_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_KG_ELEMENT = re.compile(
    rf"""<script\b{_ATTRIBUTES}\sdata-kg\s*=\s*(["']?)review\1(?=[\s/>]){_ATTRIBUTES}>.*?</script\s*>""", re.I | re.S
)


def declared_charset(data: bytes) -> str | None:
    """The page's <meta charset>, when Python knows that codec (an unknown one is no declaration)."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def decode_html(data: bytes, source: str, encoding: str | None = None) -> str:
    """Honour the given or declared charset; fall back to UTF-8 when the declaration is wrong."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"{source}: unknown encoding {encoding!r}") from None
    declared = encoding or declared_charset(data)
    for codec in dict.fromkeys(c for c in (declared, "utf-8") if c):
        try:
            return decode_text(data, source, codec)
        except InputError:
            continue
    # Neither fits: keep the page readable rather than refusing it; bad bytes become U+FFFD.
    return data.decode(declared or "utf-8", errors="replace")


def document_from_html(data: bytes, source: str, *, encoding: str | None = None, url: str | None = None) -> Document:
    """The page's main text as Markdown (trafilatura keeps italics and bold, which kg.sources.document turns
    into emphasis spans), and what the page says about itself: metadata, meta tags, markup, and the
    credits it lists in definition lists and tables."""
    import trafilatura
    from trafilatura.metadata import extract_metadata

    html = _CITE.sub(r"<\1i>", _KG_ELEMENT.sub("", decode_html(data, source, encoding)))
    try:
        text = trafilatura.extract(
            html, url=url, output_format="markdown", include_formatting=True, include_comments=False,
            include_tables=False, favor_precision=True, deduplicate=True,
        )
        page_meta = extract_metadata(html, default_url=url)
        tree = _tree(html)
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
    if tree is not None:
        _apply_meta_tags(metadata, meta_tags(tree))
        metadata.credits += page_credits(tree)
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


def _tree(html: str):
    import lxml.html

    try:
        return lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):  # an empty or unreadable document
        return None


def meta_tags(tree) -> dict[str, str]:
    """<meta name|property|itemprop="…" content="…">, keys in lower case (the first of each wins)."""
    tags: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content:
            tags.setdefault(key, content)
    return tags


AUTHOR_TAGS = ("author", "article:author", "og:article:author", "dc.creator", "dcterms.creator", "parsely-author",
               "sailthru.author")
DATE_TAGS = ("article:published_time", "og:article:published_time", "datepublished", "dc.date", "dcterms.date",
             "date", "pubdate", "parsely-pub-date", "sailthru.date")


def _apply_meta_tags(metadata: PageMetadata, tags: dict[str, str]) -> None:
    """Meta tags fill what trafilatura and the markup left open: author, date, title, and the
    rating a page states in label/data pairs (twitter:label1 "Rating", twitter:data1 "4/5")."""
    from kg.lexicon import ratings
    from kg.lexicon.credit_labels import relations

    if not metadata.author:
        metadata.author = next((_clean_author(tags[k]) for k in AUTHOR_TAGS
                                if k in tags and not re.match(r"^(?:https?:|@)", tags[k])), None)
    if not metadata.date_published:
        metadata.date_published = next(
            (tags[k] for k in DATE_TAGS if k in tags and re.match(r"\d{4}-\d{2}-\d{2}", tags[k])), None
        )
    metadata.title = metadata.title or tags.get("og:title") or tags.get("twitter:title")
    if metadata.rating:
        return
    for key, label in tags.items():
        number = re.fullmatch(r"twitter:label(\d+)", key)
        if not number or not any(r == "review.rating" for r, _ in relations(label) or []):
            continue
        rating = ratings.parse_value(tags.get(f"twitter:data{number[1]}", ""))
        if rating and rating.best:
            metadata.rating = rating.as_tuple()
            metadata.evidence["rating"] = ("page.meta", 0, 0)
            return


def page_credits(tree) -> list[tuple[str, str]]:
    """(label, value) pairs of the page's definition lists (<dt>/<dd>) and two-cell table rows
    (<th>/<td>): the credits a page lists outside its prose. What they name is for the label
    lexicon to say (kg.extract.credits)."""
    pairs: list[tuple[str, str]] = []
    for dl in tree.iter("dl"):
        label = None
        for item in dl.iter("dt", "dd"):
            text = " ".join(item.text_content().split())
            if item.tag == "dt":
                label = text
            elif label and text:
                pairs.append((label, text))
    for row in tree.iter("tr"):
        cells = [c for c in row if c.tag in {"th", "td"}]
        if len(cells) == 2:
            label, value = (" ".join(c.text_content().split()) for c in cells)
            if label and value and len(label) <= 60:
                pairs.append((label.rstrip(":"), value))
    return pairs[:500]


def read_markup(html: str, url: str | None) -> list[dict]:
    """The page's own structured data (JSON-LD and microdata), as extruct reads it."""
    import extruct

    try:
        syntaxes = ["json-ld", "microdata"]
        if _RDFA_TYPED.search(html):  # RDFa's reader walks every element: only where an object is typed
            syntaxes.append("rdfa")
        found = extruct.extract(html, base_url=url, syntaxes=syntaxes, uniform=True, errors="ignore")
    except Exception:  # broken markup on a page is the page's problem, not a reason to fail
        return []
    items: list[dict] = []
    for syntax in ("json-ld", "microdata", "rdfa"):
        for item in found.get(syntax, []):
            items.extend(item.get("@graph", [item]) if isinstance(item, dict) else [])
    return _nest_references([_short_keys(item) for item in items])


def _nest_references(items: list[dict]) -> list[dict]:
    """RDFa (and JSON-LD written as a flat @graph) gives each object on its own, linked by @id:
    put each referenced object where it is referenced ("review": {"@id": "_:r1"} -> the review), so
    that a review nested under the product it reviews is read as such. Objects that something else
    references stay nested only, unless nothing unreferenced reaches them (a cycle)."""
    by_id = {item["@id"]: item for item in items if isinstance(item.get("@id"), str) and len(item) > 1}
    references = {value["@id"] for item in items for value in _values(item)
                  if isinstance(value, dict) and set(value) == {"@id"} and value["@id"] in by_id}
    reached: set[str] = set()

    def embed(value, seen: frozenset):
        if isinstance(value, list):
            return [embed(v, seen) for v in value]
        if not isinstance(value, dict):
            return value
        ref = value.get("@id")
        if set(value) == {"@id"} and ref in by_id and ref not in seen:
            reached.add(ref)
            return embed(by_id[ref], seen | {ref})
        inner = seen | {ref} if isinstance(ref, str) else seen
        return {key: val if key == "@id" else embed(val, inner) for key, val in value.items()}

    tops = [embed(item, frozenset()) for item in items if item.get("@id") not in references]
    for item in items:  # objects only a cycle references: nothing above reached them
        if item.get("@id") in references and item.get("@id") not in reached:
            reached.add(item["@id"])
            tops.append(embed(item, frozenset({item["@id"]})))
    return tops


def _values(item: dict):
    for value in item.values():
        yield from value if isinstance(value, list) else [value]


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


# Types of a reviewed item that make it a film (anything else, "Book", "VideoGame", "Product", is not).
FILM_TYPES = {"Movie", "MovieSeries", "MovieClip", "Film"}
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
    from kg.lexicon.dates import month_number

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


# Types whose author and date are the review's when the page has no Review markup.
ARTICLE_TYPES = {"Article", "BlogPosting", "NewsArticle", "OpinionNewsArticle", "ReviewNewsArticle",
                 "AnalysisNewsArticle", "Report", "SocialMediaPosting", "WebPage", "ItemPage"}
# A film's markup fields, read as the credit labels they are (kg.extract.credits reads them).
MOVIE_CREDITS = {"director": "director", "actor": "starring", "actors": "starring", "musicBy": "music",
                 "productionCompany": "production company", "contentRating": "rated", "duration": "runtime",
                 "producer": "producer", "countryOfOrigin": "country"}


def _apply_markup(metadata: PageMetadata) -> None:
    """The first Review the page already describes is the best source for its film and byline;
    without one, the page's Article (BlogPosting, NewsArticle, …) gives the byline and date."""
    for item, parent in described_items(metadata.existing_markup):
        if REVIEW_TYPES & _types(item):
            reviewed = item.get("itemReviewed") or parent
            if isinstance(reviewed, dict):
                kinds = _types(reviewed)
                metadata.item_type = "Movie" if kinds & FILM_TYPES else min(kinds, default=None) or metadata.item_type
                metadata.film_title = _name(reviewed) or metadata.film_title
                year = str(reviewed.get("dateCreated") or reviewed.get("datePublished") or "")[:4]
                metadata.film_year = year if year.isdigit() else metadata.film_year
                _movie_credits(metadata, reviewed)
            _byline_of(metadata, item)
            # The rating: a Rating node, or (microdata written flat) ratingValue on the review itself.
            metadata.rating = _rating(item.get("reviewRating")) or _rating(item) or metadata.rating
            return
    for item, _ in described_items(metadata.existing_markup):
        if "Movie" in _types(item) and not metadata.film_title:
            metadata.film_title = _name(item.get("name"))
            _movie_credits(metadata, item)
    article = next((i for i, _ in described_items(metadata.existing_markup) if ARTICLE_TYPES & _types(i)), None)
    if article:
        _byline_of(metadata, article, headline=False)


def _byline_of(metadata: PageMetadata, item: dict, headline: bool = True) -> None:
    metadata.author = _name(item.get("author")) or metadata.author
    metadata.publisher = _name(item.get("publisher")) or metadata.publisher
    metadata.date_published = _name(item.get("datePublished")) or metadata.date_published
    if headline:
        metadata.title = _name(item.get("name")) or _name(item.get("headline")) or metadata.title


def _movie_credits(metadata: PageMetadata, movie: dict) -> None:
    for key, label in MOVIE_CREDITS.items():
        values = movie.get(key)
        for value in values if isinstance(values, list) else [values]:
            name = _name(value)
            if name:
                metadata.credits.append((label, name))
