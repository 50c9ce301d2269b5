"""What a picture shows: one review's entities and the roles between them, or an entity's
neighbourhood in the film-person projection, as a directed graph of labelled nodes and edges.

Nodes carry `kind` (review, film, person, character, work, event, place, organization) and
`label`; edges carry `role`, the text written beside them.
"""

from __future__ import annotations

import networkx as nx
from rdflib import RDF, Graph, URIRef

SCHEMA = "http://schema.org/"
MAX_LABEL = 40
PERSON_RELATIONS = {"director": "director", "author": "screenwriter", "musicBy": "composer", "producer": "producer"}


def review_picture_graph(graph: Graph) -> nx.DiGraph:
    """The entities of one review's graph and the roles between them (provenance left out)."""
    picture = nx.DiGraph()
    schema = lambda name: URIRef(SCHEMA + name)  # noqa: E731

    def name_of(node) -> str:
        value = graph.value(node, schema("name"))
        return str(value) if value is not None else str(node).rsplit("/", 1)[-1].rsplit(":", 1)[-1]

    def add(node, kind: str, label: str | None = None) -> str:
        key = str(node)
        if key not in picture:
            picture.add_node(key, kind=kind, label=short(label or name_of(node)))
        return key

    def link(source: str, target: str, role: str) -> None:
        if picture.has_edge(source, target):
            if role not in picture[source][target]["role"].split(", "):
                picture[source][target]["role"] += f", {role}"
        else:
            picture.add_edge(source, target, role=short(role))

    for review in graph.subjects(RDF.type, schema("Review")):
        headline = graph.value(review, schema("name"))
        node = add(review, "review", str(headline) if headline else "the review")
        for film in graph.objects(review, schema("itemReviewed")):
            link(node, add(film, "film"), "reviews")
        for film in graph.objects(review, schema("mentions")):
            if (film, RDF.type, schema("Movie")) in graph:
                link(node, add(film, "film"), "mentions")
        for author in graph.objects(review, schema("author")):
            link(node, add(author, "person"), "review by")
        for publisher in graph.objects(review, schema("publisher")):
            link(node, add(publisher, "organization"), "published by")
    for film in graph.subjects(RDF.type, schema("Movie")):
        source = add(film, "film")
        for prop, role in PERSON_RELATIONS.items():
            for person in graph.objects(film, schema(prop)):
                link(source, add(person, "person"), role)
        played = set()
        for cast in graph.objects(film, schema("actor")):
            if (cast, RDF.type, schema("PerformanceRole")) in graph:
                character = graph.value(cast, schema("characterName"))
                if character is not None:
                    played.add(" ".join(str(character).split()).casefold())
                for person in graph.objects(cast, schema("actor")):
                    link(source, add(person, "person"), f"actor as {character}" if character else "actor")
            else:
                link(source, add(cast, "person"), "actor")
        for crew in graph.objects(film, schema("contributor")):
            role = graph.value(crew, schema("roleName"))
            for person in graph.objects(crew, schema("contributor")):
                link(source, add(person, "person"), str(role) if role else "crew")
        for character in graph.objects(film, schema("character")):
            if " ".join(name_of(character).split()).casefold() not in played:  # else its actor's edge names it
                link(source, add(character, "character"), "character")
        for work in graph.objects(film, schema("isBasedOn")):
            authors = [name_of(a) for a in graph.objects(work, schema("author"))]
            untitled = graph.value(work, schema("name")) is None
            target = add(work, "work", f"a book by {', '.join(authors)}" if untitled and authors else None)
            link(source, target, "based on")
            for author in graph.objects(work, schema("author")):
                link(target, add(author, "person"), "author")
        for event in graph.objects(film, schema("releasedEvent")):
            link(source, add(event, "event", _event_label(graph, event)), "release")
            for prop, role in (("superEvent", "during"), ("location", "in")):
                for place in graph.objects(event, schema(prop)):
                    link(str(event), add(place, "place"), role)
    return picture


def _event_label(graph: Graph, event) -> str:
    schema = lambda name: URIRef(SCHEMA + name)  # noqa: E731
    what = "premiere" if graph.value(event, schema("superEvent")) is not None else "released"
    start, end = graph.value(event, schema("startDate")), graph.value(event, schema("endDate"))
    if start is not None and end is not None:
        return f"{what} {start} to {end}"
    if end is not None:
        return f"{what}, until {end}"
    return f"{what} {start}" if start is not None else what


def neighbourhood(projection: nx.Graph, centre: str, depth: int) -> nx.DiGraph:
    """An entity's neighbourhood in the film-person projection, as a picture graph."""
    nearby = nx.ego_graph(projection, centre, radius=depth)
    picture = nx.DiGraph()
    for node, data in nearby.nodes(data=True):
        picture.add_node(node, kind=data["kind"], label=short(data["label"]))
    for a, b, data in nearby.edges(data=True):
        film, person = (a, b) if nearby.nodes[a]["kind"] == "film" else (b, a)
        roles = data["roles"] + (f" as {data['characters']}" if data.get("characters") else "")
        picture.add_edge(film, person, role=short(roles))
    return picture


def short(text: str) -> str:
    """One line, at most MAX_LABEL characters."""
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"
