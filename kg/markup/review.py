"""schema.org Review markup for a publisher's page, produced from the review's graph.

The JSON-LD is not written by hand: the part of the graph a search engine reads (the Review and
everything it points to, without the provenance) is framed and compacted with pyld and the
schema.org context shipped in the package, so the markup and the exported graph cannot disagree.
Values the user gives (--rating, --author, ...) replace extracted ones in the graph first, and are
recorded there as statements made by the rule "user.option".

Python:

    data = review_markup("review.txt", rating="4/5")     # the JSON-LD object
    element = review_script(kg.extract("review.txt"))    # the <script> element, safe in any page
    env.filters["review_markup"] = review_markup_filter  # Jinja: {{ review | review_markup }}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from fractions import Fraction

from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.graph.rdf import KGV, NIF, SCHEMA, slug
from kg.graph.serialize import offline_loader
from kg.markup.page import SCRIPT_MARK, conflicts, embed, existing_reviews

__all__ = [
    "SCRIPT_MARK", "Overrides", "apply_overrides", "conflicts", "embed", "existing_reviews", "markup_graph",
    "parse_rating", "read_review", "review_markup", "review_markup_filter", "review_script", "safe_json",
    "script_element", "to_jsonld",
]

CONTEXT_URL = "https://schema.org"
# What a search engine reads: schema.org statements only, without the pointers to other films.
LEFT_OUT = {SCHEMA.mentions}
# Objects that are links, not nodes to describe.
LINKS = {SCHEMA.url, SCHEMA.image, SCHEMA.sameAs, RDF.type}
DATE_PROPERTIES = {SCHEMA.datePublished, SCHEMA.dateCreated, SCHEMA.startDate, SCHEMA.endDate}
NUMBER_TYPES = {"xsd:integer", "xsd:double", "xsd:decimal", str(XSD.integer), str(XSD.double), str(XSD.decimal)}
# Google reads a rating without bestRating on a 1-5 scale.
DEFAULT_BEST = 5


BODIES = ("full", "excerpt", "none")
# An excerpt: the opening paragraph, cut after the last sentence that ends within this many characters.
EXCERPT_CHARS = 300


@dataclass
class Overrides:
    """Values the user gives on the command line; they win over extracted ones."""

    rating: str | None = None  # "4/5", "4" (= 4/5), "3.5/4", "87/100"
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    image: str | None = None  # the film's image (a poster or a still), an http(s) URL
    image_rule: str = "user.option"  # "page.image" when read from the page's own markup or og:image
    date: str | None = None  # the review's publication date, YYYY-MM-DD or an ISO 8601 date-time
    body: str = "full"  # the reviewBody carried: the full text, an excerpt, or none


def parse_rating(text: str) -> tuple[str, str, str]:
    """The rating as (value, best, worst): "4/5" -> ("4", "5", "1"), "4" -> ("4", "5", "1") on
    Google's default 1-5 scale, "0.5/5" -> ("0.5", "5", "0"). The worst rating is 1, or 0 when the
    value is below 1 (or the scale ends at 1). Refuses a value outside its scale."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:/\s*(\d+(?:\.\d+)?))?\s*", text or "")
    if not match:
        raise InputError(f"--rating {text!r}: write it as VALUE/BEST, e.g. 4/5")
    value, best = match.group(1), match.group(2)
    if best is None:
        if Fraction(value) > DEFAULT_BEST:
            raise InputError(f"--rating {text}: above {DEFAULT_BEST}, the best rating Google assumes; "
                             f"write it as VALUE/BEST, e.g. {value}/10")
        best = str(DEFAULT_BEST)
    if Fraction(best) <= 0 or not 0 <= Fraction(value) <= Fraction(best):
        raise InputError(f"--rating {text}: the value is not between 0 and {best}")
    worst = "1" if Fraction(value) >= 1 and Fraction(best) > 1 else "0"
    return value, best, worst


def review_node(graph: Graph) -> URIRef:
    reviews = list(graph.subjects(RDF.type, SCHEMA.Review))
    if len(reviews) != 1:
        raise InputError(f"the graph holds {len(reviews)} reviews; markup is written for exactly one")
    return reviews[0]


def _base(review: Node) -> str:
    """The IRI base the review's graph was built with (urn:kg: unless $KG_BASE_IRI says otherwise)."""
    text = str(review)
    return text[: text.rfind("review:")] if "review:" in text else "urn:kg:"


def _given(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    if not value:
        raise InputError(f"--{name}: empty; give a value or leave the option out")
    return value


def apply_overrides(graph: Graph, overrides: Overrides) -> Graph:
    """A copy of the graph with the user's values in place of extracted ones. Each is stated by the
    rule "user.option" (a reified statement, confidence 1), and the extracted statements it
    replaces are removed with their reification."""
    graph = graph + Graph()
    review = review_node(graph)
    base = _base(review)

    def state(predicate: URIRef, value: Node, subject: Node = review, rule: str = "user.option") -> None:
        for old in list(graph.objects(subject, predicate)):
            graph.remove((subject, predicate, old))
            for statement in list(graph.subjects(RDF.object, old)):
                if (statement, RDF.subject, subject) in graph and (statement, RDF.predicate, predicate) in graph:
                    graph.remove((statement, None, None))
        graph.add((subject, predicate, value))
        which = "" if subject == review else "film-"
        statement = URIRef(f"{review}/statement/user-{which}{slug(str(predicate).rsplit('/', 1)[-1])}")
        for triple in ((statement, RDF.type, RDF.Statement), (statement, RDF.subject, subject),
                       (statement, RDF.predicate, predicate), (statement, RDF.object, value),
                       (statement, KGV.rule, Literal(rule)),
                       (statement, KGV.confidence, Literal("1.000", datatype=XSD.decimal))):
            graph.add(triple)

    author, publisher = _given("author", overrides.author), _given("publisher", overrides.publisher)
    url = _given("url", overrides.url)
    if author:
        person = URIRef(f"{base}person:{slug(author)}")
        graph.add((person, RDF.type, SCHEMA.Person))
        graph.add((person, SCHEMA.name, Literal(author)))
        state(SCHEMA.author, person)
    if publisher:
        org = URIRef(f"{base}organization:{slug(publisher)}")
        graph.add((org, RDF.type, SCHEMA.Organization))
        graph.add((org, SCHEMA.name, Literal(publisher)))
        state(SCHEMA.publisher, org)
    if url:
        state(SCHEMA.url, _http_url("url", url))
    if overrides.rating is not None:
        value, best, worst = parse_rating(overrides.rating)
        rating = URIRef(f"{review}/rating/user")
        graph.add((rating, RDF.type, SCHEMA.Rating))
        graph.add((rating, SCHEMA.ratingValue, Literal(value, datatype=XSD.decimal)))
        graph.add((rating, SCHEMA.bestRating, Literal(best, datatype=XSD.decimal)))
        graph.add((rating, SCHEMA.worstRating, Literal(worst, datatype=XSD.decimal)))
        state(SCHEMA.reviewRating, rating)
    if overrides.date is not None:
        state(SCHEMA.datePublished, parse_date(overrides.date))
    image = _given("image", overrides.image)
    if image:
        film = graph.value(review, SCHEMA.itemReviewed)
        if film is None:
            raise InputError("--image: the review names no film to give the image to")
        state(SCHEMA.image, _http_url("image", image), subject=film, rule=overrides.image_rule)
    _keep_body(graph, review, overrides.body)
    return graph


def parse_date(text: str) -> Literal:
    """--date: YYYY-MM-DD (xsd:date) or an ISO 8601 date-time with seconds optional (xsd:dateTime)."""
    from datetime import date, datetime

    value = " ".join(text.split())
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?", value):
            datetime.fromisoformat(value.replace("Z", "+00:00"))
            return Literal(value, datatype=XSD.dateTime)
    except ValueError:
        pass
    raise InputError(f"--date {text!r}: write the date as YYYY-MM-DD, or YYYY-MM-DDTHH:MM with a time")


def _http_url(option: str, url: str) -> URIRef:
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
        raise InputError(f"--{option} {url!r}: not an http(s) URL")
    return URIRef(url)


def _keep_body(graph: Graph, review: Node, body: str) -> None:
    """--body: the reviewBody as extracted (full), its opening (excerpt), or none."""
    if body not in BODIES:
        raise InputError(f"--body {body!r}: choose one of {', '.join(BODIES)}")
    for text in list(graph.objects(review, SCHEMA.reviewBody)):
        if body == "full":
            continue
        graph.remove((review, SCHEMA.reviewBody, text))
        if body == "excerpt":
            graph.add((review, SCHEMA.reviewBody, Literal(excerpt(str(text)))))


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The opening paragraph, up to the last sentence that ends within `limit` characters (or, when
    the first sentence is longer, up to the last word that fits, and an ellipsis)."""
    paragraph = text.strip().split("\n\n", 1)[0].strip()
    if len(paragraph) <= limit:
        return paragraph
    ends = [m.end() for m in re.finditer(r"[.!?][\"'”’)]*(?=\s)", paragraph[: limit + 1])]
    if ends:
        return paragraph[: ends[-1]]
    return paragraph[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def markup_graph(graph: Graph) -> Graph:
    """The Review and what it points to, schema.org statements only (no provenance, no NIF), with
    literals typed as schema.org's context types them. This is exactly what the markup carries."""
    review = review_node(graph)
    kept, todo, seen = Graph(), [review], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate, value in graph.predicate_objects(node):
            if predicate == RDF.type:
                if value == NIF.Context or not str(value).startswith(str(SCHEMA)):
                    continue
            elif not str(predicate).startswith(str(SCHEMA)) or predicate in LEFT_OUT:
                continue
            kept.add((node, predicate, _plain(predicate, value)))
            if isinstance(value, (URIRef, BNode)) and predicate not in LINKS:
                todo.append(value)
    return kept


def _plain(predicate: URIRef, value: Node) -> Node:
    """Literals as schema.org's context types them, so compaction leaves bare JSON values."""
    if not isinstance(value, Literal) or value.datatype is None:
        return value
    if predicate in DATE_PROPERTIES:
        return Literal(str(value), datatype=SCHEMA.Date)
    if value.datatype == XSD.decimal:
        number = Fraction(str(value))
        return Literal(str(number.numerator), datatype=XSD.integer) if number.denominator == 1 else \
            Literal(float(number), datatype=XSD.double)
    return value


def to_jsonld(graph: Graph) -> dict:
    """Frame the markup graph as one nested Review object and compact it with schema.org's context.

    The project's own IRIs mean nothing on a publisher's page and are dropped; a node the Review
    reaches twice (a writer-director, a director who acts) keeps a blank-node label ("_:person-...")
    on each copy, so that a reader rebuilds one node, not two."""
    from pyld import jsonld

    base = _base(review_node(graph))
    # Blank nodes get internal IRIs first (pyld would rename them), so they are labelled alike.
    named = Graph()
    for triple in graph:
        named.add(tuple(URIRef(f"{base}node:{t}") if isinstance(t, BNode) else t for t in triple))
    # rdflib writes expanded JSON-LD directly (pyld's N-Quads reader splits lines at U+2028).
    expanded = json.loads(named.serialize(format="json-ld", use_native_types=True))
    options = {"documentLoader": offline_loader}
    frame = {"@context": CONTEXT_URL, "@type": "Review", "@embed": "@always"}
    framed = jsonld.frame(expanded, frame, options)
    framed.pop("@graph", None)
    return _finish(framed, _labels(named, base), base)


def _labels(graph: Graph, base: str) -> dict[str, str]:
    """Blank-node labels for the internal nodes that are the object of more than one statement."""
    counts: dict[Node, int] = {}
    for _, predicate, value in graph:
        if isinstance(value, (URIRef, BNode)) and predicate not in LINKS:
            counts[value] = counts.get(value, 0) + 1
    labels: dict[str, str] = {}
    for node in sorted(counts, key=str):
        if counts[node] > 1 and str(node).startswith(base):
            local = re.sub(r"^review:[^/]*/", "", str(node)[len(base):])
            label = "_:" + (re.sub(r"[^A-Za-z0-9]+", "-", local).strip("-") or "node")
            while label in labels.values():  # two nodes whose names read alike stay two nodes
                label += "-2"
            labels[str(node)] = label
    return labels


def _finish(node, labels: dict[str, str], base: str):
    """Drop internal identifiers (labelling the shared ones), write numbers as JSON numbers and the
    keywords as "@type"/"@id" (the spelling every reader knows, not the context's aliases)."""
    if isinstance(node, list):  # in a stable order: the same review gives the same bytes
        return sorted((_finish(n, labels, base) for n in node), key=lambda n: json.dumps(n, sort_keys=True))
    if not isinstance(node, dict):
        return node
    datatype = node.get("@type", node.get("type"))
    if len(node) == 2 and "@value" in node and datatype in NUMBER_TYPES:
        return node["@value"]  # a number: a JSON number, as schema.org's examples write it
    keywords = {"type": "@type", "id": "@id"}
    out = {}
    for key, value in node.items():
        key = keywords.get(key, key)
        if key == "@id" and isinstance(value, str):
            if value in labels:
                value = labels[value]
            elif value.startswith(("_:", base, "urn:kg:")) or not re.match(r"^https?://", value):
                continue
        out[key] = _finish(value, labels, base)
    return out


# --- for Python callers and templates ----------------------------------------------------------


def read_review(source: str, *, min_confidence: float = 0.0, encoding: str | None = None,
                max_bytes: int | None = None, allow_private: bool = False, root=None, source_base: str | None = None):
    """Extract a review (kg.api.extract) to write its markup. The element kg wrote into a page
    earlier is never read back as the page's own statements (kg.sources.html leaves it out)."""
    from kg.graph.review import extract
    from kg.sources import DEFAULT_MAX_BYTES

    return extract(source, min_confidence=min_confidence, encoding=encoding,
                   max_bytes=DEFAULT_MAX_BYTES if max_bytes is None else max_bytes,
                   allow_private=allow_private, root=root, source_base=source_base)


def _review(review_or_source):
    from kg.graph.review import Review

    return review_or_source if isinstance(review_or_source, Review) else read_review(str(review_or_source))


def _overrides(overrides: Overrides | None, values: dict) -> Overrides:
    if overrides is not None and values:
        raise TypeError("pass either an Overrides or keyword values, not both")
    return overrides or Overrides(**values)


def review_markup(review, overrides: Overrides | None = None, **values: str) -> dict:
    """The schema.org JSON-LD object of a review: a kg.api.Review, or a path or URL to extract.
    Values (rating="4/5", author=..., publisher=..., url=...) win over extracted ones."""
    graph = apply_overrides(_review(review).graph, _overrides(overrides, values))
    return to_jsonld(markup_graph(graph))


def review_script(review, overrides: Overrides | None = None, **values: str) -> str:
    """The <script type="application/ld+json"> element of a review, safe to put in any page."""
    return script_element(review_markup(review, overrides, **values))


def review_markup_filter(value, **values: str):
    """A Jinja filter: `{{ review | review_markup(rating="4/5") }}` gives the <script> element.
    `review` is a kg.api.Review, a path or URL, or a JSON-LD object made earlier. Register it with
    `env.filters["review_markup"] = review_markup_filter`. The element is returned as markupsafe's
    Markup (it is escaped already), so autoescaping leaves it alone; no `|safe` is needed."""
    if isinstance(value, dict) and values:
        raise TypeError("review_markup: options apply to a review, not to JSON-LD made earlier")
    element = script_element(value) if isinstance(value, dict) else review_script(value, **values)
    try:
        from markupsafe import Markup
    except ImportError:  # without Jinja's markupsafe, plain text (mark it safe in the template)
        return element
    return Markup(element)


# --- the <script> element ------------------------------------------------------------------------

# Characters that could end the script element, open a comment, or break a JavaScript parser.
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def safe_json(data: dict, *, ascii_only: bool = True) -> str:
    """JSON that can sit inside <script> whatever the review says: <, >, &, U+2028/U+2029, lone
    surrogates and every control character (C0, DEL, C1) escaped, and with `ascii_only` every other
    non-ASCII character too; JSON.parse gives the same strings back."""
    text = json.dumps(data, ensure_ascii=ascii_only, indent=2)
    return re.sub(r"[<>&\x7f-\x9f\u2028\u2029\ud800-\udfff]",
                  lambda m: _UNSAFE.get(m.group(0), f"\\u{ord(m.group(0)):04x}"), text)


def script_element(data: dict) -> str:
    """The element kg writes into a page, marked data-kg="review" so that the next run replaces it."""
    return f'<script type="application/ld+json" {SCRIPT_MARK}>\n{safe_json(data)}\n</script>'
