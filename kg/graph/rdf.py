"""Facts to RDF: the schema.org graph of the contract, and the provenance of every statement.

Each extracted statement is reified (rdf:Statement) and linked with PROV-O to the NIF string of
the sentence it came from, with the rule and its confidence; offsets are those of the source text
(RFC 5147 style `#char=b,e` fragments on the review's IRI).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from kg.extract.facts import Fact
from kg.settings import DEFAULT_BASE
from kg.sources.document import Document

SCHEMA = Namespace("http://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
KGV = Namespace("urn:kg:vocab:")

PERSON_RELATIONS = {
    "director": SCHEMA.director,
    "screenwriter": SCHEMA.author,
    "composer": SCHEMA.musicBy,
    "producer": SCHEMA.producer,
}
REVIEW_TEXT = {
    "review.name": SCHEMA.name,
    "review.positiveNotes": SCHEMA.positiveNotes,
    "review.negativeNotes": SCHEMA.negativeNotes,
    "review.abstract": SCHEMA.abstract,
    "review.body": SCHEMA.reviewBody,
}


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def review_iri(document: Document, base: str = DEFAULT_BASE) -> URIRef:
    return URIRef(f"{base}review:{document.id}")


def graph_iri(document: Document, base: str = DEFAULT_BASE) -> URIRef:
    """The named graph that holds one review's statements in a store."""
    return URIRef(f"{base}graph:{document.id}")


def minutes_to_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def date_literal(value: str) -> Literal:
    if "T" in value:
        return Literal(value, datatype=XSD.dateTime)
    return Literal(value[:10], datatype=XSD.date)


class GraphBuilder:
    """Builds one review's graph; every `state` call records a statement and its provenance."""

    def __init__(self, document: Document, base: str = DEFAULT_BASE, families: dict[str, str] | None = None) -> None:
        self.document = document
        self.base = base
        self.graph = Graph()
        self.review = review_iri(document, base)
        self._literals: dict[tuple[str, URIRef | None], Literal] = {}
        self._counters: dict[str, int] = defaultdict(int)
        self._sentences: dict[tuple[int, int], URIRef] = {}
        # Nodes and NIF strings recur (a person named in many statements, a role's actor and
        # character stated from one span): each is described once.
        self._described: set[URIRef] = set()
        self._strings: dict[tuple[int, int, URIRef], URIRef] = {}
        for prefix, namespace in (("schema", SCHEMA), ("prov", PROV), ("nif", NIF), ("kgv", KGV)):
            self.graph.bind(prefix, namespace)
        self._films: dict[str | None, URIRef] = {}
        self.families = families or {}  # name -> role family (see role_families); "film" when absent

    # --- nodes -------------------------------------------------------------------------------

    def node(self, kind: str, key: str, rdf_type: URIRef, name: str | None = None, suffix: str | None = None) -> URIRef:
        iri = URIRef(f"{self.base}{kind}:{slug(key)}" + (f".{suffix}" if suffix else ""))
        if (iri, rdf_type, name) not in self._described:
            self._described.add((iri, rdf_type, name))
            self.graph.add((iri, RDF.type, rdf_type))
            if name:
                self.graph.add((iri, SCHEMA.name, Literal(name)))
        return iri

    def local(self, kind: str, rdf_type: URIRef) -> URIRef:
        """A node that belongs to this review only (a role, an event, a rating)."""
        self._counters[kind] += 1
        iri = URIRef(f"{self.review}/{kind}/{self._counters[kind]}")
        self.graph.add((iri, RDF.type, rdf_type))
        return iri

    def person(self, name: str) -> URIRef:
        suffix = FAMILY_SUFFIX.get(self.families.get(name, "film"))
        return self.node("person", name, SCHEMA.Person, name, suffix)

    def film(self, title: str | None, year: str | None = None) -> URIRef:
        """A film's IRI: its title, and its year when the review gives it, so that two films of one
        title stay apart across the store ("movie:psycho-1960"). Films named without a year get the
        title alone; kg.store.resolve links them to the one yeared film of that title when there is one."""
        if title not in self._films:
            key = f"{title} {year}" if title and year else title or f"untitled-{self.document.id}"
            self._films[title] = self.node("movie", key, SCHEMA.Movie, title)
        return self._films[title]

    # --- provenance --------------------------------------------------------------------------

    def state(self, triple: tuple, fact: Fact | None) -> None:
        self.graph.add(triple)
        if fact is None or fact.end <= fact.start:
            return
        statement = self.local("statement", RDF.Statement)
        g = self.graph
        g.add((statement, RDF.subject, triple[0]))
        g.add((statement, RDF.predicate, triple[1]))
        g.add((statement, RDF.object, triple[2]))
        g.add((statement, KGV.rule, self.literal(fact.rule)))
        g.add((statement, KGV.confidence, self.literal(f"{fact.confidence:.3f}", XSD.decimal)))
        g.add((statement, KGV.evidence, self._string(fact.start, fact.end, NIF.Phrase)))
        g.add((statement, PROV.wasDerivedFrom, self._sentence_of(fact)))

    def literal(self, lexical: str, datatype: URIRef | None = None) -> Literal:
        """Rule names and confidences recur in every statement: make each literal once."""
        key = (lexical, datatype)
        if key not in self._literals:
            self._literals[key] = Literal(lexical, datatype=datatype)
        return self._literals[key]

    def _string(self, start: int, end: int, rdf_type: URIRef) -> URIRef:
        key = (start, end, rdf_type)
        if key in self._strings:
            return self._strings[key]
        begin, finish = self.document.source_span(start, end)
        iri = self._strings[key] = URIRef(f"{self.review}#char={begin},{finish}")
        g = self.graph
        g.add((iri, RDF.type, rdf_type))
        if iri not in self._described:
            self._described.add(iri)
            g.add((iri, RDF.type, NIF.String))
            g.add((iri, NIF.anchorOf, Literal(self.document.original[begin:finish])))
            g.add((iri, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)))
            g.add((iri, NIF.endIndex, Literal(finish, datatype=XSD.nonNegativeInteger)))
            g.add((iri, NIF.referenceContext, self.review))
        return iri

    def _sentence_of(self, fact: Fact) -> URIRef:
        bounds = fact.sentence or sentence_bounds(self.document.text, fact.start, fact.end)
        if bounds not in self._sentences:
            self._sentences[bounds] = self._string(*bounds, NIF.Sentence)
        return self._sentences[bounds]


# Role families whose people get their own IRI: a composer or a novelist who shares a full name
# with someone in front of or behind the camera is not merged with them on the name alone
# (kg.store.resolve links the two when they share a film). Film roles and critics share `person:<name>`.
FAMILY_SUFFIX = {"music": "composer", "letters": "writer"}


def role_families(facts: list[Fact]) -> dict[str, str]:
    """Each person's role family in one review: "film" when any of their roles here is a film
    role (director, screenwriter, producer, actor, crew) or they wrote the review, else "music"
    (composer) or "letters" (author of the source work). One name in one review is one person."""
    found: dict[str, set[str]] = defaultdict(set)
    for fact in facts:
        if fact.relation == "composer":
            found[fact.value.person].add("music")
        elif fact.relation == "basedOn":
            if fact.value.author:
                found[fact.value.author].add("letters")
        elif fact.relation in PERSON_RELATIONS or fact.relation in {"actor", "role", "review.author", "crew"}:
            found[fact.value.person].add("film")
    return {name: next(f for f in ("film", "music", "letters") if f in families) for name, families in found.items()}


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around a span, from the previous terminator to the next one: for facts
    made without the extraction's own sentences (`Fact.sentence`)."""
    left = max(text.rfind("\n", 0, start), *(text.rfind(p, 0, start) for p in (". ", "! ", "? ")))
    left = left + 1 if left >= 0 else 0
    ends = [i + 1 for i in (text.find(p, end) for p in (". ", "! ", "? ")) if i >= 0]
    newline = text.find("\n", end)
    right = min([*ends, newline if newline >= 0 else len(text)])
    while left < start and text[left].isspace():
        left += 1
    return left, max(right, end)


def to_graph(document: Document, facts: list[Fact], base: str = DEFAULT_BASE) -> Graph:
    """The review's graph, as CONTRACT.md writes each fact."""
    builder = GraphBuilder(document, base, role_families(facts))
    g, review = builder.graph, builder.review
    g.add((review, RDF.type, SCHEMA.Review))
    _source(g, review, document)
    g.add((review, RDF.type, NIF.Context))
    by_relation: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_relation[fact.relation].append(fact)

    reviewed = next((f for f in by_relation["itemReviewed"]), None)
    title = reviewed.value.title if reviewed else None
    year = next((f.value.year for f in by_relation["film.year"] if f.film is None), None)
    if document.metadata.reviews_other_than_film:  # typed as the page's markup types it, never a Movie
        kind = document.metadata.item_type
        film = builder.node(kind.lower(), title or document.id, SCHEMA[kind], title)
    else:
        film = builder.film(title, year)
    builder.state((review, SCHEMA.itemReviewed, film), reviewed)

    def film_of(fact: Fact) -> URIRef:
        return film if fact.film is None else builder.film(fact.film)

    def role_node(kind: URIRef, person_property: URIRef, person: str, name_property: URIRef, name: str) -> URIRef:
        """A schema.org Role between a film and a person: who, and the part or job by name."""
        role = builder.local("role", kind)
        g.add((role, person_property, builder.person(person)))
        g.add((role, name_property, Literal(name)))
        return role

    roles = {(f.film, f.value.person) for f in by_relation["role"]}
    for fact in facts:
        relation, value = fact.relation, fact.value
        subject = film_of(fact)
        if relation in PERSON_RELATIONS:
            builder.state((subject, PERSON_RELATIONS[relation], builder.person(value.person)), fact)
        elif relation == "actor" and (fact.film, value.person) not in roles:
            builder.state((subject, SCHEMA.actor, builder.person(value.person)), fact)
        elif relation == "role":
            role = role_node(SCHEMA.PerformanceRole, SCHEMA.actor, value.person, SCHEMA.characterName, value.character)
            builder.state((subject, SCHEMA.actor, role), fact)
        elif relation == "character":
            character = URIRef(f"{review}/character/{slug(value.character)}")
            g.add((character, RDF.type, SCHEMA.Person))
            g.add((character, SCHEMA.name, Literal(value.character)))
            builder.state((subject, SCHEMA.character, character), fact)
        elif relation == "crew":
            role = role_node(SCHEMA.Role, SCHEMA.contributor, value.person, SCHEMA.roleName, value.role_name)
            builder.state((subject, SCHEMA.contributor, role), fact)
        elif relation == "basedOn":
            key = value.title or f"{value.author}-{value.work_type}"
            work = builder.node("work", key, SCHEMA[value.work_type], value.title or None)
            if value.author:
                g.add((work, SCHEMA.author, builder.person(value.author)))
            builder.state((subject, SCHEMA.isBasedOn, work), fact)
        elif relation == "premiere":
            event = builder.local("event", SCHEMA.PublicationEvent)
            festival = builder.node("festival", value.festival, SCHEMA.Festival, value.festival)
            g.add((event, SCHEMA.superEvent, festival))
            if value.date:
                g.add((event, SCHEMA.startDate, date_literal(value.date)))
            builder.state((subject, SCHEMA.releasedEvent, event), fact)
        elif relation in {"release", "runEnd"}:
            event = _country_event(builder, subject, value.country)
            prop = SCHEMA.startDate if relation == "release" else SCHEMA.endDate
            g.add((event, prop, date_literal(value.date)))
            builder.state((subject, SCHEMA.releasedEvent, event), fact)
        elif relation == "runtime":
            builder.state((subject, SCHEMA.duration, Literal(minutes_to_duration(int(value.minutes)))), fact)
        elif relation == "contentRating":
            builder.state((subject, SCHEMA.contentRating, Literal(value.code)), fact)
        elif relation == "genre":
            builder.state((subject, SCHEMA.genre, Literal(value.genre)), fact)
        elif relation == "productionCompany":
            org = builder.node("organization", value.organization, SCHEMA.Organization, value.organization)
            builder.state((subject, SCHEMA.productionCompany, org), fact)
        elif relation == "countryOfOrigin":
            country = builder.node("country", value.country, SCHEMA.Country, value.country)
            builder.state((subject, SCHEMA.countryOfOrigin, country), fact)
        elif relation == "film.year":
            builder.state((subject, SCHEMA.datePublished, Literal(value.year, datatype=XSD.gYear)), fact)
        elif relation == "mention":
            builder.state((review, SCHEMA.mentions, subject), fact)
        elif relation in REVIEW_TEXT:
            builder.state((review, REVIEW_TEXT[relation], Literal(value.text)), fact)
        elif relation == "review.datePublished":
            builder.state((review, SCHEMA.datePublished, date_literal(value.date)), fact)
        elif relation == "review.author":
            builder.state((review, SCHEMA.author, builder.person(value.person)), fact)
        elif relation == "review.publisher":
            org = builder.node("organization", value.organization, SCHEMA.Organization, value.organization)
            builder.state((review, SCHEMA.publisher, org), fact)
        elif relation == "review.url" and not document.public_url:  # the publisher's mapping wins
            builder.state((review, SCHEMA.url, URIRef(value.url)), fact)
        elif relation == "review.rating":
            rating = builder.local("rating", SCHEMA.Rating)
            g.add((rating, SCHEMA.ratingValue, Literal(value.value, datatype=XSD.decimal)))
            if value.best:
                g.add((rating, SCHEMA.bestRating, Literal(value.best, datatype=XSD.decimal)))
            if value.worst:
                g.add((rating, SCHEMA.worstRating, Literal(value.worst, datatype=XSD.decimal)))
            builder.state((review, SCHEMA.reviewRating, rating), fact)
    return g


def _country_event(builder: GraphBuilder, film: URIRef, country: str) -> URIRef:
    """A film's release in a country and the end of its run there are one event."""
    country_node = builder.node("country", country, SCHEMA.Country, country)
    for event in builder.graph.objects(film, SCHEMA.releasedEvent):
        if (event, SCHEMA.location, country_node) in builder.graph:
            return event
    event = builder.local("event", SCHEMA.PublicationEvent)
    builder.graph.add((event, SCHEMA.location, country_node))
    builder.graph.add((film, SCHEMA.releasedEvent, event))
    return event


def _source(g: Graph, review: URIRef, document: Document) -> None:
    """Where the review was read: a URL, or the public URL the publisher maps a local file to (then
    also the review's schema:url), is its prov:hadPrimarySource; a local file without one is named
    by its path relative to the build root (kgv:source), never by where it lay on this machine."""
    if document.public_url:
        g.add((review, PROV.hadPrimarySource, URIRef(document.public_url)))
        g.add((review, SCHEMA.url, URIRef(document.public_url)))
    elif re.match(r"^https?://", document.source):
        g.add((review, PROV.hadPrimarySource, URIRef(document.source)))
    elif document.source != "-":
        g.add((review, KGV.source, Literal(document.source)))
