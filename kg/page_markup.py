"""schema.org Review markup for a publisher's page, produced from the review's graph.

The JSON-LD is not written by hand: the part of the graph a search engine reads (the Review and
everything it points to, without the provenance) is framed and compacted with pyld and the
schema.org context shipped in the package, so the markup and the exported graph cannot disagree.
Values the user gives (--rating, --author, ...) replace extracted ones in the graph first, and are
recorded there as statements made by the rule "user.option".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from fractions import Fraction

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.rdf import KGV, NIF, PROV, SCHEMA, slug
from kg.serialize import offline_loader

CONTEXT_URL = "https://schema.org"
# What a search engine reads: schema.org statements only, without the pointers to other films.
LEFT_OUT = {SCHEMA.mentions}
DATE_PROPERTIES = {SCHEMA.datePublished, SCHEMA.dateCreated, SCHEMA.startDate, SCHEMA.endDate}
NUMBER_TYPES = {"xsd:integer", "xsd:double", "xsd:decimal", str(XSD.integer), str(XSD.double), str(XSD.decimal)}
SCRIPT_MARK = 'data-kg="review"'
SCRIPT_PATTERN = re.compile(rb"<script\b[^>]*\bdata-kg=[\"']review[\"'][^>]*>.*?</script\s*>", re.I | re.S)


@dataclass
class Overrides:
    """Values the user gives on the command line; they win over extracted ones."""

    rating: str | None = None  # "4/5", "4", "3.5/4"
    author: str | None = None
    publisher: str | None = None
    url: str | None = None


def parse_rating(text: str) -> tuple[str, str | None, str | None]:
    """ "4/5" -> ("4", "5", "1"); "4" -> ("4", None, None). Refuses a value outside its bounds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:/\s*(\d+(?:\.\d+)?))?\s*", text or "")
    if not match:
        raise InputError(f"--rating {text!r}: write it as VALUE or VALUE/BEST, e.g. 4/5")
    value, best = match.group(1), match.group(2)
    if best is not None and not 0 <= Fraction(value) <= Fraction(best):
        raise InputError(f"--rating {text}: the value is not between 0 and {best}")
    return value, best, ("1" if best is not None and Fraction(value) >= 1 else "0" if best is not None else None)


def review_node(graph: Graph) -> URIRef:
    reviews = list(graph.subjects(RDF.type, SCHEMA.Review))
    if len(reviews) != 1:
        raise InputError(f"the graph holds {len(reviews)} reviews; markup is written for exactly one")
    return reviews[0]


def apply_overrides(graph: Graph, overrides: Overrides) -> Graph:
    """A copy of the graph with the user's values in place of extracted ones, marked as the user's."""
    graph = graph + Graph()
    review = review_node(graph)

    def state(predicate: URIRef, value: Node) -> None:
        for old in list(graph.objects(review, predicate)):
            graph.remove((review, predicate, old))
        graph.add((review, predicate, value))
        statement = URIRef(f"{review}/statement/user-{slug(str(predicate).rsplit('/', 1)[-1])}")
        for triple in ((statement, RDF.type, RDF.Statement), (statement, RDF.subject, review),
                       (statement, RDF.predicate, predicate), (statement, RDF.object, value),
                       (statement, KGV.rule, Literal("user.option")),
                       (statement, KGV.confidence, Literal("1.000", datatype=XSD.decimal))):
            graph.add(triple)

    if overrides.author:
        person = URIRef(f"urn:kg:person:{slug(overrides.author)}")
        graph.add((person, RDF.type, SCHEMA.Person))
        graph.add((person, SCHEMA.name, Literal(overrides.author)))
        state(SCHEMA.author, person)
    if overrides.publisher:
        org = URIRef(f"urn:kg:organization:{slug(overrides.publisher)}")
        graph.add((org, RDF.type, SCHEMA.Organization))
        graph.add((org, SCHEMA.name, Literal(overrides.publisher)))
        state(SCHEMA.publisher, org)
    if overrides.url:
        if not re.match(r"^https?://\S+$", overrides.url):
            raise InputError(f"--url {overrides.url!r}: not an http(s) URL")
        state(SCHEMA.url, URIRef(overrides.url))
    if overrides.rating:
        value, best, worst = parse_rating(overrides.rating)
        rating = URIRef(f"{review}/rating/user")
        graph.add((rating, RDF.type, SCHEMA.Rating))
        graph.add((rating, SCHEMA.ratingValue, Literal(value, datatype=XSD.decimal)))
        if best is not None:
            graph.add((rating, SCHEMA.bestRating, Literal(best, datatype=XSD.decimal)))
            graph.add((rating, SCHEMA.worstRating, Literal(worst, datatype=XSD.decimal)))
        state(SCHEMA.reviewRating, rating)
    return graph


def markup_graph(graph: Graph) -> Graph:
    """The Review and what it points to, schema.org statements only (no provenance, no NIF)."""
    review = review_node(graph)
    kept, todo, seen = Graph(), [review], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate, value in graph.predicate_objects(node):
            if predicate == RDF.type and value in {SCHEMA.Review, NIF.Context} and node == review:
                value = SCHEMA.Review
            elif predicate != RDF.type and (not str(predicate).startswith(str(SCHEMA)) or predicate in LEFT_OUT):
                continue
            if str(predicate).startswith((str(PROV), str(NIF), str(KGV))):
                continue
            kept.add((node, predicate, _plain(predicate, value)))
            if isinstance(value, URIRef) and predicate not in {SCHEMA.url, SCHEMA.image, RDF.type}:
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
    """Frame the markup graph as one nested Review object and compact it with schema.org's context."""
    from pyld import jsonld

    # rdflib writes expanded JSON-LD directly (pyld's N-Quads reader splits lines at U+2028).
    expanded = json.loads(graph.serialize(format="json-ld", use_native_types=True))
    options = {"documentLoader": offline_loader}
    frame = {"@context": CONTEXT_URL, "@type": "Review", "@embed": "@always"}
    framed = jsonld.frame(expanded, frame, options)
    framed.pop("@graph", None)
    return _without_internal_ids(framed)


def _without_internal_ids(node):
    """Drop the project's urn:kg: identifiers (on a publisher's page they mean nothing) and write
    the keywords as "@type"/"@id", the spelling every reader knows, not the context's aliases."""
    if isinstance(node, list):  # in a stable order: the same review gives the same bytes
        return sorted((_without_internal_ids(n) for n in node), key=lambda n: json.dumps(n, sort_keys=True))
    if not isinstance(node, dict):
        return node
    datatype = node.get("@type", node.get("type"))
    if len(node) == 2 and "@value" in node and datatype in NUMBER_TYPES:
        return node["@value"]  # a number: a JSON number, as schema.org's examples write it
    keywords = {"type": "@type", "id": "@id"}
    return {keywords.get(k, k): _without_internal_ids(v) for k, v in node.items()
            if not (k in {"id", "@id"} and isinstance(v, str) and v.startswith("urn:kg:"))}


def review_markup(review, overrides: Overrides | None = None) -> dict:
    """The schema.org JSON-LD object of an extracted review (kg.api.Review)."""
    graph = apply_overrides(review.graph, overrides or Overrides())
    return to_jsonld(markup_graph(graph))


# --- the <script> element and the page -----------------------------------------------------------

# Characters that could end the script element, open a comment, or break a JavaScript parser.
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def safe_json(data: dict) -> str:
    """JSON that can sit inside <script> whatever the review says: ASCII only, with <, >, &, the
    line and paragraph separators and every control character escaped; JSON.parse gives the same
    strings back."""
    text = json.dumps(data, ensure_ascii=True, indent=2)
    return re.sub(r"[<>&\u2028\u2029\x7f]", lambda m: _UNSAFE.get(m.group(0), f"\\u{ord(m.group(0)):04x}"), text)


def script_element(data: dict) -> str:
    return f'<script type="application/ld+json" {SCRIPT_MARK}>\n{safe_json(data)}\n</script>'


def embed(page: bytes, element: str) -> bytes:
    """The page with the element in its <head>: an element kg wrote before is replaced in place,
    otherwise it goes just before </head>. Every other byte stays as it was."""
    script = element.encode("ascii")
    if SCRIPT_PATTERN.search(page):
        return SCRIPT_PATTERN.sub(lambda _: script, page, count=1)
    for pattern, before in ((rb"</head\s*>", True), (rb"<head\b[^>]*>", False), (rb"<body\b", True),
                            (rb"<html\b[^>]*>", False)):
        match = re.search(pattern, page, re.I)
        if match:
            at = match.start() if before else match.end()
            return page[:at] + script + b"\n" + page[at:]
    return script + b"\n" + page


def existing_reviews(page: bytes) -> list[dict]:
    """Review objects the page already carries (JSON-LD and microdata, as extruct reads them),
    leaving out the element kg wrote."""
    from kg.html import _types, decode_html, read_markup

    html = SCRIPT_PATTERN.sub(b"", page)
    items = read_markup(decode_html(html, "page"), None)
    return [item for item in items if {"Review", "CriticReview"} & _types(item)]


def conflicts(page: bytes, markup: dict) -> list[str]:
    """What an existing Review on the page says differently from the new markup."""
    found = []
    film = (markup.get("itemReviewed") or {}).get("name")
    for item in existing_reviews(page):
        reviewed = item.get("itemReviewed")
        name = reviewed.get("name") if isinstance(reviewed, dict) else None
        if isinstance(name, list):
            name = name[0] if name else None
        if name and film and str(name).strip().casefold() != str(film).strip().casefold():
            found.append(f"the page already has a Review of {name!r}, kg's markup reviews {film!r}")
        else:
            found.append("the page already has a Review; it is kept beside kg's, check that they agree")
    return found


def review_markup_filter(review_or_source, **overrides: str) -> str:
    """A template filter: `{{ review_path | review_markup(rating="4/5") }}` gives the <script>
    element. Register it with `env.filters["review_markup"] = review_markup_filter` (Jinja2); the
    element is already escaped for HTML, so mark it safe (`|safe`) or use Markup()."""
    from kg.api import Review, extract, markup

    review = review_or_source if isinstance(review_or_source, Review) else extract(str(review_or_source))
    return script_element(markup(review, Overrides(**overrides))[0])
