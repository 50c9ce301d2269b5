"""What the archive's graph looks like: sizes, components, central people, most reviewed films."""

from __future__ import annotations

import networkx as nx

from kg.analysis.project import collaboration_graph, film_person_graph, review_film_graph

TOP = 10
# Exact betweenness is cubic-ish; above this many nodes it is estimated from a seeded sample.
BETWEENNESS_SAMPLE = 400


def stats(store, top: int = TOP) -> dict:
    film_person = film_person_graph(store)
    collaboration = collaboration_graph(store, film_person)
    review_film = review_film_graph(store)
    components = sorted((len(c) for c in nx.connected_components(film_person)), reverse=True)
    people = [n for n, d in film_person.nodes(data=True) if d["kind"] == "person"]
    degree = sorted(((film_person.degree(p), p) for p in people), key=lambda x: (-x[0], _label(film_person, x[1])))
    sample = None if collaboration.number_of_nodes() <= BETWEENNESS_SAMPLE else BETWEENNESS_SAMPLE
    betweenness = nx.betweenness_centrality(collaboration, k=sample, seed=0)
    central = sorted(betweenness.items(), key=lambda x: (-x[1], _label(collaboration, x[0])))
    reviewed = [(sum(1 for _, _, r in review_film.in_edges(f, data="relation") if r == "reviews"), f)
                for f, d in review_film.nodes(data=True) if d["kind"] == "film"]
    reviewed.sort(key=lambda x: (-x[0], _label(review_film, x[1])))
    return {
        "projections": {
            graph.name: {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
            for graph in (film_person, collaboration, review_film)
        },
        "films": sum(1 for _, d in film_person.nodes(data=True) if d["kind"] == "film"),
        "people": len(people),
        "components": {"count": len(components), "largest": components[0] if components else 0},
        "most_connected_people": [{"name": _label(film_person, p), "films": n} for n, p in degree[:top]],
        "most_between_people": [{"name": _label(collaboration, p), "betweenness": round(b, 4)}
                                for p, b in central[:top] if b > 0],
        "betweenness_sampled": sample is not None,
        "most_reviewed_films": [{"title": _label(review_film, f), "reviews": n} for n, f in reviewed[:top] if n],
    }


def format_stats(figures: dict) -> str:
    lines = []
    for name, size in figures["projections"].items():
        lines.append(f"{name:14} {size['nodes']:7,} nodes {size['edges']:8,} edges")
    lines.append(f"{figures['films']:,} films, {figures['people']:,} people; {figures['components']['count']:,} "
                 f"connected components, the largest with {figures['components']['largest']:,} nodes")
    lines.append("\nmost connected people (films):")
    lines += [f"  {row['films']:4}  {row['name']}" for row in figures["most_connected_people"]]
    estimated = " (estimated from a sample)" if figures["betweenness_sampled"] else ""
    lines.append(f"\nmost between people (betweenness in the collaboration graph{estimated}):")
    lines += [f"  {row['betweenness']:.4f}  {row['name']}" for row in figures["most_between_people"]]
    lines.append("\nmost reviewed films (reviews):")
    lines += [f"  {row['reviews']:4}  {row['title']}" for row in figures["most_reviewed_films"]]
    return "\n".join(lines) + "\n"


def _label(graph: nx.Graph, node: str) -> str:
    return graph.nodes[node].get("label", node)
