"""Entity resolution across the store: links that one review alone cannot make.

Each review mints its IRIs from names (`person:ada-moreau`, `movie:glass-river-1998`), so the
same person or film named the same way in many reviews is already one node. What is left needs the
store: a film named without its year (`movie:glass-river`) is the film of that title whose year
some review gives, when there is exactly one (or exactly one with the same director); a person
named by surname only (`person:moreau`) is the full-named person of that surname who worked on the
same film; a composer (`person:<name>.composer`) or a source work's author (`person:<name>.writer`)
is the person of the same name in film roles when the two share a film. Links are `schema:sameAs`
statements in one graph, `<base>graph:resolution`, recomputed whole at the end of every build
(even one that skips every review: the build it resumes may have been killed before its links) and
removal, and rewritten when they differ, so they never go stale or pile up.
"""

from __future__ import annotations

import re
from collections import defaultdict

from pyoxigraph import NamedNode

from kg.graph.rdf import DEFAULT_BASE, slug

SCHEMA = "http://schema.org/"
FILM_FACTS = f"""
SELECT ?film ?title ?director WHERE {{
  ?film a <{SCHEMA}Movie> ; <{SCHEMA}name> ?title .
  OPTIONAL {{ ?film <{SCHEMA}director>/<{SCHEMA}name> ?director }}
}}"""
PERSON_FILMS = f"""
SELECT ?person ?name ?film WHERE {{
  {{
    VALUES ?role {{ <{SCHEMA}director> <{SCHEMA}author> <{SCHEMA}musicBy> <{SCHEMA}producer> <{SCHEMA}actor> }}
    ?film ?role ?person . ?person a <{SCHEMA}Person> .
  }} UNION {{
    ?film <{SCHEMA}actor> ?cast . ?cast <{SCHEMA}actor> ?person .
  }} UNION {{
    ?film <{SCHEMA}isBasedOn> ?work . ?work <{SCHEMA}author> ?person .
  }}
  ?film a <{SCHEMA}Movie> .
  ?person <{SCHEMA}name> ?name .
}}"""


def resolution_graph(base: str = DEFAULT_BASE) -> str:
    return f"{base}graph:resolution"


def film_links(store, base: str = DEFAULT_BASE) -> list[tuple[str, str]]:
    """(film named without a year, the one yeared film it must be) pairs."""
    titles: dict[str, set[str]] = defaultdict(set)
    directors: dict[str, set[str]] = defaultdict(set)
    for row in store.query(FILM_FACTS):
        film = row["film"].value
        titles[slug(row["title"].value)].add(film)
        if row["director"] is not None:
            directors[film].add(row["director"].value)
    links = []
    for title_slug, films in titles.items():
        bare = f"{base}movie:{title_slug}"
        yeared = sorted(f for f in films if re.fullmatch(re.escape(f"{base}movie:{title_slug}-") + r"\d{4}", f))
        if bare not in films or not yeared:
            continue
        if len(yeared) > 1:  # several films of this title: the director must tell them apart
            yeared = [f for f in yeared if directors[bare] and directors[bare] & directors[f]]
        if len(yeared) == 1:
            links.append((bare, yeared[0]))
    return links


def person_links(store, base: str = DEFAULT_BASE, films: list[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """(person named by surname only, the full-named person of that surname on the same film) pairs,
    and (composer or source author, the film person of the same name) pairs when the two share a
    film: kg.graph.rdf gives them separate IRIs so that the name alone does not merge them. `films` are
    the film links, so that a film named with and without its year counts as one."""
    same_film = dict(films)
    films_of: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for row in store.query(PERSON_FILMS):
        person = row["person"].value
        names[person] = row["name"].value
        films_of[person].add(same_film.get(row["film"].value, row["film"].value))
    return _surname_links(names, films_of) + _family_links(names, films_of, base)


def _family_links(names: dict[str, str], films_of: dict[str, set[str]], base: str) -> list[tuple[str, str]]:
    by_name: dict[str, list[str]] = defaultdict(list)
    for person in names:
        if person.startswith(f"{base}person:"):
            by_name[person.removeprefix(f"{base}person:").split(".")[0]].append(person)
    links = []
    for iris in by_name.values():
        for index, first in enumerate(sorted(iris)):
            links += [(first, other) for other in sorted(iris)[index + 1:] if films_of[first] & films_of[other]]
    return links


def _surname_links(names: dict[str, str], films_of: dict[str, set[str]]) -> list[tuple[str, str]]:
    by_surname: dict[str, list[str]] = defaultdict(list)
    for person, name in names.items():
        if len(name.split()) > 1:
            by_surname[name.split()[-1].lower()].append(person)
    links = []
    for person, name in names.items():
        if len(name.split()) != 1:
            continue
        candidates = [full for full in by_surname.get(name.lower(), []) if films_of[full] & films_of[person]]
        if len(candidates) == 1:
            links.append((person, candidates[0]))
    return links


def resolve(store, base: str = DEFAULT_BASE) -> int:
    """Recompute the store's resolution graph; returns the number of links."""
    films = film_links(store, base)
    links = films + person_links(store, base, films)
    graph = resolution_graph(base)
    same_as = NamedNode(f"{SCHEMA}sameAs")
    if {*links, *((b, a) for a, b in links)} != stored_links(store, graph):  # else nothing to write
        data = "".join(f"{NamedNode(a)} {same_as} {NamedNode(b)} .\n{NamedNode(b)} {same_as} {NamedNode(a)} .\n"
                       for a, b in links)
        store.replace_graph(graph, data)
    return len(links)


def stored_links(store, graph: str) -> set[tuple[str, str]]:
    """The links the store's resolution graph holds now."""
    query = f"SELECT ?a ?b WHERE {{ GRAPH {NamedNode(graph)} {{ ?a <{SCHEMA}sameAs> ?b }} }}"
    return {(row["a"].value, row["b"].value) for row in store.query(query)}
