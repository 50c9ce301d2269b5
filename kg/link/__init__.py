"""Optional linking to Wikidata (`kg link`): accepted matches become `schema:sameAs` links.

Entities are read from the store; candidates come from Wikidata's search and are checked by type
and by the graph's own facts (kg.link.match). The links and their scores are written to one
graph, `<base>graph:links`, replaced whole on every run, so rebuilding reviews neither loses nor
repeats them. Nothing touches the network unless the user runs this command.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from kg.link.client import DEFAULT_CACHE, WIKIDATA_API, Offline, WikidataClient
from kg.link.match import Decision, Entity, claim_ids, decide, label, score
from kg.rdf import DEFAULT_BASE

SCHEMA = "http://schema.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
KGV = "urn:kg:vocab:"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
ENTITIES = f"""
PREFIX schema: <{SCHEMA}>
SELECT ?node ?kind ?name ?year ?director ?directed WHERE {{
  {{ ?node a schema:Person . BIND ("person" AS ?kind)
     OPTIONAL {{ ?directed schema:director ?node ; a schema:Movie }}
     FILTER (!CONTAINS(STR(?node), "/character/")) }}
  UNION {{ ?node a schema:Movie . BIND ("film" AS ?kind)
     OPTIONAL {{ ?node schema:datePublished ?year }}
     OPTIONAL {{ ?node schema:director/schema:name ?director }} }}
  UNION {{ ?node a schema:Book . BIND ("work" AS ?kind) }}
  UNION {{ ?node a schema:Festival . BIND ("festival" AS ?kind) }}
  ?node schema:name ?name .
}}"""

__all__ = ["DEFAULT_CACHE", "WIKIDATA_API", "Decision", "link", "links_graph"]


def links_graph(base: str = DEFAULT_BASE) -> str:
    return f"{base}graph:links"


def read_entities(store) -> list[Entity]:
    entities: dict[str, Entity] = {}
    for row in store.query(ENTITIES):
        iri = row["node"].value
        entity = entities.setdefault(iri, Entity(iri, row["kind"].value, row["name"].value))
        if row["year"] is not None:
            entity.year = row["year"].value[:4]
        if row["director"] is not None:
            entity.directors.add(row["director"].value)
        if row["directed"] is not None:
            entity.directed.add(row["directed"].value)
    # Films first: a person's check uses the films already linked.
    order = {"film": 0, "work": 1, "festival": 2, "person": 3}
    return sorted(entities.values(), key=lambda e: (order[e.kind], e.name, e.iri))


def link(
    store,
    *,
    endpoint: str = WIKIDATA_API,
    cache_dir: Path = DEFAULT_CACHE,
    offline: bool = False,
    min_score: float = 0.6,
    dry_run: bool = False,
    base: str = DEFAULT_BASE,
    client: WikidataClient | None = None,
    entities: list[Entity] | None = None,
    on_decision: Callable[[Decision], None] | None = None,
) -> list[Decision]:
    """Link the store's people, films, works and festivals (or the `entities` read from it) to
    Wikidata; returns every decision."""
    client = client or WikidataClient(endpoint, cache_dir=cache_dir, offline=offline)
    decisions: list[Decision] = []
    linked_items: dict[str, dict] = {}  # entity IRI -> its accepted Wikidata item
    for entity in entities if entities is not None else read_entities(store):
        try:
            decision = _decide(client, entity, linked_items, min_score)
        except Offline:
            decision = Decision(entity, outcome="offline", note="not in the cache")
        decisions.append(decision)
        if on_decision:
            on_decision(decision)
    if not dry_run:
        store.replace_graph(links_graph(base), _statements(decisions))
        store.flush()
    return decisions


def _decide(client: WikidataClient, entity: Entity, linked_items: dict[str, dict], min_score: float) -> Decision:
    hits = client.search(entity.name)
    if not hits:
        return Decision(entity, note="no candidate")
    items = client.entities([hit["id"] for hit in hits])
    director_ids = [q for item in items.values() for q in _p57(item)] if entity.kind == "film" else []
    labels = {q: _label(item) for q, item in client.entities(director_ids).items()} if director_ids else {}
    scored = [(score(entity, item, labels, linked_items), q) for q, item in items.items()]
    decision = decide(entity, scored, min_score)
    if decision.item:
        linked_items[entity.iri] = items[decision.item]
    return decision


def _p57(item: dict) -> list[str]:
    return claim_ids(item, "P57")


def _label(item: dict) -> str:
    return label(item)


def _statements(decisions: list[Decision]) -> str:
    """sameAs links, each with a reified statement carrying its score."""
    lines = []
    same_as, rule, confidence = NamedNode(f"{SCHEMA}sameAs"), NamedNode(f"{KGV}rule"), NamedNode(f"{KGV}confidence")
    for number, decision in enumerate(d for d in decisions if d.outcome == "linked"):
        subject, target = NamedNode(decision.entity.iri), NamedNode(WIKIDATA_ENTITY + decision.item)
        statement = NamedNode(f"urn:kg:link:{number}")
        lines += [
            f"{subject} {same_as} {target} .",
            f"{statement} <{RDF}type> <{RDF}Statement> .",
            f"{statement} <{RDF}subject> {subject} .",
            f"{statement} <{RDF}predicate> {same_as} .",
            f"{statement} <{RDF}object> {target} .",
            f"{statement} {rule} {Literal('wikidata.search')} .",
            f"{statement} {confidence} \"{decision.score:.3f}\"^^<http://www.w3.org/2001/XMLSchema#decimal> .",
        ]
    return "".join(f"{line}\n" for line in lines)
