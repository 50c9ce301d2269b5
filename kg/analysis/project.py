"""The store projected into networkx graphs: films and people, people and people, reviews and films.

Each projection is read with SPARQL over the store's merged default graph (provenance statements
and NIF strings are never asked for); films and people linked by `schema:sameAs` in the resolution
graph (kg.store.resolve) become one node. Every function takes a store or its folder or URL.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from pathlib import Path

import networkx as nx

SCHEMA = "http://schema.org/"
ROLE_OF = {"director": "director", "author": "screenwriter", "musicBy": "composer", "producer": "producer"}
FILM_PEOPLE = f"""
PREFIX schema: <{SCHEMA}>
SELECT DISTINCT ?film ?title ?role ?person ?name ?character WHERE {{
  {{
    VALUES (?property ?role) {{ (schema:director "director") (schema:author "screenwriter")
                               (schema:musicBy "composer") (schema:producer "producer") (schema:actor "actor") }}
    ?film ?property ?person . ?person a schema:Person .
  }} UNION {{
    ?film schema:actor ?cast . ?cast schema:actor ?person .
    BIND ("actor" AS ?role)
  }} UNION {{
    ?film schema:isBasedOn ?work . ?work schema:author ?person .
    BIND ("novelist" AS ?role)
  }} UNION {{
    ?film schema:contributor ?crew . ?crew schema:contributor ?person ; schema:roleName ?role .
  }}
  ?film a schema:Movie ; schema:name ?title .
  ?person schema:name ?name .
  OPTIONAL {{ ?film schema:actor ?cast . ?cast schema:actor ?person ; schema:characterName ?character }}
}}"""
# Read in three simple queries: joined in one, Oxigraph's plan for them is a hundred times slower.
REVIEW_LINKS = f"""
SELECT ?review ?film ?relation WHERE {{
  {{ ?review <{SCHEMA}itemReviewed> ?film . BIND ("reviews" AS ?relation) }}
  UNION {{ ?review <{SCHEMA}mentions> ?film . BIND ("mentions" AS ?relation) }}
}}"""
REVIEWS = f"""
SELECT ?review ?headline WHERE {{ ?review a <{SCHEMA}Review> OPTIONAL {{ ?review <{SCHEMA}name> ?headline }} }}"""
FILM_TITLES = f"SELECT ?film ?title WHERE {{ ?film a <{SCHEMA}Movie> ; <{SCHEMA}name> ?title }}"
# Only kg's own resolution links: `kg link`'s sameAs to Wikidata items must not replace local nodes.
SAME_AS = f"""SELECT ?a ?b WHERE {{
  GRAPH ?links {{ ?a <{SCHEMA}sameAs> ?b }} FILTER(STRENDS(STR(?links), "graph:resolution")) }}"""


def as_store(store):
    """A store as it is, or opened read-only from its folder or URL."""
    if isinstance(store, (str, Path)):
        from kg.store import open_store

        return open_store(store, read_only=True)
    return store


def canonical_names(store) -> dict[str, str]:
    """IRI -> the IRI that stands for its sameAs group (see _representative)."""
    groups = nx.Graph()
    for row in store.query(SAME_AS):
        groups.add_edge(row["a"].value, row["b"].value)
    canonical = {}
    for component in nx.connected_components(groups):
        chosen = max(component, key=_representative)
        canonical.update(dict.fromkeys(component, chosen))
    return canonical


def _representative(iri: str) -> tuple[bool, int, str]:
    """A yeared film over its bare title, a full name over a surname (the longer IRI), and a
    person's film-roles IRI over their `.composer` or `.writer` one."""
    family_suffix = ":person:" in iri and "." in iri.rsplit(":", 1)[-1]
    return (not family_suffix, len(iri), iri)


def film_person_graph(store) -> nx.Graph:
    """Films and people; an edge per person and film, labelled with the person's roles on it."""
    store = as_store(store)
    canonical = canonical_names(store)
    graph = nx.Graph(name="film-person")
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    characters: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in store.query(FILM_PEOPLE):
        film = canonical.get(row["film"].value, row["film"].value)
        person = canonical.get(row["person"].value, row["person"].value)
        graph.add_node(film, kind="film", label=row["title"].value)
        graph.add_node(person, kind="person", label=row["name"].value)
        roles[(person, film)].add(row["role"].value)
        if row["character"] is not None:
            characters[(person, film)].add(row["character"].value)
    for (person, film), found in roles.items():
        graph.add_edge(person, film, roles=", ".join(sorted(found)),
                       characters=", ".join(sorted(characters[(person, film)])))
    return graph


def collaboration_graph(store, film_person: nx.Graph | None = None) -> nx.Graph:
    """People who worked on the same film; edges weighted by how many films, naming them."""
    film_person = film_person if film_person is not None else film_person_graph(as_store(store))
    graph = nx.Graph(name="collaboration")
    for node, data in film_person.nodes(data=True):
        if data["kind"] == "person":
            graph.add_node(node, **data)
    for film, data in film_person.nodes(data=True):
        if data["kind"] != "film":
            continue
        for a, b in combinations(sorted(film_person.neighbors(film)), 2):
            if graph.has_edge(a, b):
                graph[a][b]["weight"] += 1
                graph[a][b]["films"] += f"; {data['label']}"
            else:
                graph.add_edge(a, b, weight=1, films=data["label"])
    return graph


def review_film_graph(store) -> nx.DiGraph:
    """Reviews and the films they review or mention."""
    store = as_store(store)
    canonical = canonical_names(store)
    headlines = {row["review"].value: row["headline"].value if row["headline"] is not None else row["review"].value
                 for row in store.query(REVIEWS)}
    titles = {row["film"].value: row["title"].value for row in store.query(FILM_TITLES)}
    graph = nx.DiGraph(name="review-film")
    for row in store.query(REVIEW_LINKS):
        review, film = row["review"].value, row["film"].value
        if review not in headlines or film not in titles:
            continue
        node = canonical.get(film, film)
        graph.add_node(review, kind="review", label=headlines[review])
        graph.add_node(node, kind="film", label=titles[film])
        graph.add_edge(review, node, relation=row["relation"].value)
    return graph


PROJECTIONS = {"film-person": film_person_graph, "collaboration": collaboration_graph,
               "review-film": review_film_graph}
