"""The shortest chain of films and roles between two people or films, told as sentences."""

from __future__ import annotations

import networkx as nx

from kg.analysis.project import film_person_graph
from kg.errors import EXIT_INVALID, InputError, KgError

# How a person relates to a film: as the sentence's verb, and in a "which …" clause.
DOES = {"actor": "acted in", "director": "directed", "screenwriter": "wrote", "composer": "scored",
        "producer": "produced", "novelist": "wrote the book behind"}
WHICH = {"actor": "in which {} acted", "director": "which {} directed", "screenwriter": "which {} wrote",
         "composer": "which {} scored", "producer": "which {} produced", "novelist": "based on a book by {}"}


class NoPath(KgError):
    exit_code = EXIT_INVALID


def find_node(graph: nx.Graph, name: str) -> str:
    """The one node whose label is `name` (case and spacing ignored); a clear error otherwise."""
    wanted = " ".join(name.split()).casefold()
    found = [n for n, d in graph.nodes(data=True) if " ".join(d["label"].split()).casefold() == wanted]
    if not found:
        raise InputError(f'"{name}": no person or film of that name in the store')
    if len(found) > 1:
        described = "; ".join(f"{graph.nodes[n]['kind']} {n}" for n in sorted(found))
        raise InputError(f'"{name}" names {len(found)} nodes ({described}); the graph cannot tell which')
    return found[0]


def shortest_path(store, source: str, target: str, graph: nx.Graph | None = None) -> list[str]:
    """Sentences for the shortest chain from `source` to `target` (people or films, by name)."""
    graph = graph if graph is not None else film_person_graph(store)
    start, end = find_node(graph, source), find_node(graph, target)
    try:
        nodes = nx.shortest_path(graph, start, end)
    except nx.NetworkXNoPath:
        raise NoPath(f'no chain of films and roles connects "{source}" and "{target}"') from None
    return sentences(graph, nodes)


def sentences(graph: nx.Graph, nodes: list[str]) -> list[str]:
    label = lambda node: graph.nodes[node]["label"]  # noqa: E731
    role = lambda a, b: graph[a][b]["roles"].split(", ")[0]  # noqa: E731
    if len(nodes) == 1:
        return [f"{label(nodes[0])} is {label(nodes[0])}."]
    told = []
    index = 0
    if graph.nodes[nodes[0]]["kind"] == "film":  # start from a film: say who worked on it first
        told.append(f"{label(nodes[1])} {DOES[role(nodes[1], nodes[0])]} {label(nodes[0])}.")
        index = 1
    while index + 1 < len(nodes):
        person, film = nodes[index], nodes[index + 1]
        sentence = f"{label(person)} {DOES[role(person, film)]} {label(film)}"
        if index + 2 < len(nodes):
            other = nodes[index + 2]
            sentence += ", " + WHICH[role(other, film)].format(label(other))
        told.append(sentence + ".")
        index += 2
    return told
