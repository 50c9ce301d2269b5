"""What the archive's graph looks like: sizes, components, central people, most reviewed films."""

from __future__ import annotations

import networkx as nx

from kg.analysis.project import as_store, collaboration_graph, film_person_graph, review_film_graph

TOP = 10
# Exact betweenness costs about nodes × (nodes + edges) steps; past this it is estimated from a
# seeded sample of sources sized to the same cost.
BETWEENNESS_BUDGET = 20_000_000


def stats(store, top: int = TOP) -> dict:
    store = as_store(store)
    film_person = film_person_graph(store)
    collaboration = collaboration_graph(store, film_person)
    review_film = review_film_graph(store)
    components = sorted((len(c) for c in nx.connected_components(film_person)), reverse=True)
    people = [n for n, d in film_person.nodes(data=True) if d["kind"] == "person"]
    label = lambda graph, node: graph.nodes[node].get("label", node)  # noqa: E731
    connected = sorted(people, key=lambda p: (-film_person.degree(p), -collaboration.degree(p),
                                              label(film_person, p)))
    size = collaboration.number_of_nodes() + collaboration.number_of_edges()
    sample = None
    if collaboration.number_of_nodes() * size > BETWEENNESS_BUDGET:
        sample = max(50, BETWEENNESS_BUDGET // size)
    betweenness = nx.betweenness_centrality(collaboration, k=sample, seed=0)
    central = sorted(betweenness.items(), key=lambda x: (-x[1], label(collaboration, x[0])))
    films = []
    for film, data in review_film.nodes(data=True):
        if data["kind"] == "film":
            relations = [r for _, _, r in review_film.in_edges(film, data="relation")]
            films.append((relations.count("reviews"), relations.count("mentions"), data["label"]))
    return {
        "projections": {
            graph.name: {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
            for graph in (film_person, collaboration, review_film)
        },
        "films": sum(1 for _, d in film_person.nodes(data=True) if d["kind"] == "film"),
        "people": len(people),
        "reviews": sum(1 for _, d in review_film.nodes(data=True) if d["kind"] == "review"),
        "components": {"count": len(components), "largest": components[0] if components else 0,
                       "sizes": components[:top]},
        "most_connected_people": [{"name": label(film_person, p), "films": film_person.degree(p),
                                   "collaborators": collaboration.degree(p)} for p in connected[:top]],
        "most_between_people": [{"name": label(collaboration, p), "betweenness": round(b, 4)}
                                for p, b in central[:top] if b > 0],
        "betweenness_sampled": sample,
        "most_reviewed_films": [{"title": t, "reviews": r, "mentions": m}
                                for r, m, t in sorted(films, key=lambda f: (-f[0], -f[1], f[2])) if r][:top],
        "most_mentioned_films": [{"title": t, "reviews": r, "mentions": m}
                                 for r, m, t in sorted(films, key=lambda f: (-f[1], -f[0], f[2])) if m][:top],
    }


def format_stats(figures: dict) -> str:
    lines = [f"{name:14} {size['nodes']:7,} nodes {size['edges']:8,} edges"
             for name, size in figures["projections"].items()]
    components = figures["components"]
    lines.append(f"{figures['reviews']:,} reviews, {figures['films']:,} films, {figures['people']:,} people; "
                 f"{components['count']:,} connected components in film-person (largest: "
                 f"{', '.join(f'{n:,}' for n in components['sizes'][:5])} nodes)")
    lines.append("\nmost connected people (films, collaborators):")
    lines += [f"  {row['films']:4} {row['collaborators']:5}  {row['name']}" for row in figures["most_connected_people"]]
    sampled = figures["betweenness_sampled"]
    estimated = f", estimated from {sampled} sources" if sampled else ""
    lines.append(f"\nmost between people (betweenness in the collaboration graph{estimated}):")
    lines += [f"  {row['betweenness']:.4f}  {row['name']}" for row in figures["most_between_people"]]
    for key, heading in (("most_reviewed_films", "most reviewed films"), ("most_mentioned_films",
                                                                          "most mentioned films")):
        lines.append(f"\n{heading} (reviews, mentions):")
        lines += [f"  {row['reviews']:4} {row['mentions']:5}  {row['title']}" for row in figures[key]]
    return "\n".join(lines) + "\n"
