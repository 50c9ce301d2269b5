"""The shortest chain of films and roles between two people or films, told as sentences.

Names are matched in Python against the projection's labels, never written into SPARQL.
"""

from __future__ import annotations

import difflib

import networkx as nx

from kg.analysis.project import as_store, film_person_graph
from kg.errors import EXIT_INVALID, InputError, KgError

# How a person relates to a film, most telling first: "X directed F", "F, which X directed".
VERBS = {"director": "directed", "screenwriter": "wrote", "producer": "produced", "composer": "scored",
         "cinematographer": "shot", "editor": "edited", "actor": "acted in", "novelist": "wrote the book behind"}


class NoPath(KgError):
    exit_code = EXIT_INVALID


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def find_node(graph: nx.Graph, name: str) -> str:
    """The one node whose label is `name` (case and spacing ignored), or whose IRI it is."""
    if name in graph:
        return name
    wanted = _key(name)
    found = sorted(n for n, d in graph.nodes(data=True) if _key(d["label"]) == wanted)
    if len(found) == 1:
        return found[0]
    if found:
        described = "; ".join(f"{graph.nodes[n]['kind']} {n}" for n in found)
        raise InputError(f'"{name}" names {len(found)} nodes ({described}): give the IRI of the one you mean')
    labels = {_key(d["label"]): d["label"] for _, d in graph.nodes(data=True)}
    close = [labels[k] for k in difflib.get_close_matches(wanted, list(labels), n=3, cutoff=0.8)]
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    raise InputError(f'"{name}": no person or film of that name in the store{hint}')


def shortest_path(store, source: str, target: str, graph: nx.Graph | None = None) -> list[str]:
    """Sentences for the shortest chain from `source` to `target` (people or films, by name)."""
    graph = graph if graph is not None else film_person_graph(as_store(store))
    start, end = find_node(graph, source), find_node(graph, target)
    try:
        nodes = nx.shortest_path(graph, start, end)
    except nx.NetworkXNoPath:
        raise NoPath(f'no chain of films and roles connects "{source}" and "{target}"') from None
    return sentences(graph, nodes)


def _verbs(graph: nx.Graph, person: str, film: str) -> list[str]:
    roles = graph[person][film]["roles"].split(", ")
    order = list(VERBS)
    known = sorted((r for r in roles if r in VERBS), key=order.index)
    return [VERBS[r] for r in known] + [f"was the {r} of" for r in roles if r not in VERBS]


def _does(graph: nx.Graph, person: str, film: str) -> str:
    """'directed and acted in', as in 'X directed and acted in F'."""
    return " and ".join(_verbs(graph, person, film))


def _which(graph: nx.Graph, person: str, film: str) -> str:
    """The clause after a film: 'which X directed', 'in which X acted', 'based on a book by X'."""
    name, verbs = graph.nodes[person]["label"], _verbs(graph, person, film)
    if verbs == ["acted in"]:
        return f"in which {name} acted"
    if verbs == ["wrote the book behind"]:
        return f"based on a book by {name}"
    if len(verbs) == 1 and verbs[0].startswith("was the "):
        return f"whose {verbs[0][len('was the '):-len(' of')]} was {name}"
    return f"which {name} {' and '.join(verbs)}"


def sentences(graph: nx.Graph, nodes: list[str]) -> list[str]:
    label = lambda node: graph.nodes[node]["label"]  # noqa: E731
    if len(nodes) == 1:
        return [f"{label(nodes[0])} is {label(nodes[0])}."]
    told = []
    index = 0
    if graph.nodes[nodes[0]]["kind"] == "film":  # start from a film: say who worked on it first
        told.append(f"{label(nodes[1])} {_does(graph, nodes[1], nodes[0])} {label(nodes[0])}.")
        index = 1
    while index + 1 < len(nodes):
        person, film = nodes[index], nodes[index + 1]
        sentence = f"{label(person)} {_does(graph, person, film)} {label(film)}"
        if index + 2 < len(nodes):
            sentence += ", " + _which(graph, nodes[index + 2], film)
        told.append(sentence + ".")
        index += 2
    return told
