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

from kg.graph.rdf import DEFAULT_BASE
from kg.link.cache import DEFAULT_CACHE
from kg.link.client import WIKIDATA_API, ApiError, Offline, WikidataClient
from kg.link.match import MAKER, TYPES, Decision, Entity, claim_ids, decide, label, score

SCHEMA = "http://schema.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
KGV = "urn:kg:vocab:"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
# One pass over the store: every person (with the films and works they are credited on), film
# (year, directors), source work (authors) and festival. Characters are people of one review only.
ENTITIES = f"""
PREFIX schema: <{SCHEMA}>
SELECT ?node ?kind ?name ?year ?maker ?credit ?prop WHERE {{
  {{ ?node a schema:Person . BIND ("person" AS ?kind)
     FILTER (!CONTAINS(STR(?node), "/character/"))
     OPTIONAL {{
       {{ VALUES (?p ?prop) {{ (schema:director "P57") (schema:actor "P161") (schema:author "P58")
                              (schema:musicBy "P86") }}
          ?credit ?p ?node ; a schema:Movie }}
       UNION {{ ?credit schema:actor/schema:actor ?node ; a schema:Movie . BIND ("P161" AS ?prop) }}
       UNION {{ ?film schema:isBasedOn ?credit . ?credit schema:author ?node . BIND ("P50" AS ?prop) }} }} }}
  UNION {{ ?node a schema:Movie . BIND ("film" AS ?kind)
     OPTIONAL {{ ?node schema:datePublished ?year }}
     OPTIONAL {{ ?node schema:director/schema:name ?maker }} }}
  UNION {{ ?based schema:isBasedOn ?node . BIND ("work" AS ?kind)
     OPTIONAL {{ ?node schema:author/schema:name ?maker }} }}
  UNION {{ ?node a schema:Festival . BIND ("festival" AS ?kind) }}
  ?node schema:name ?name .
}}"""
ORDER = {"film": 0, "work": 1, "festival": 2, "person": 3}  # a person's check uses linked films and works

__all__ = ["DEFAULT_CACHE", "WIKIDATA_API", "Decision", "Entity", "link", "links_graph", "read_entities"]


def links_graph(base: str = DEFAULT_BASE) -> str:
    return f"{base}graph:links"


def read_entities(store) -> list[Entity]:
    entities: dict[str, Entity] = {}
    for row in store.query(ENTITIES):
        iri = row["node"].value
        entity = entities.setdefault(iri, Entity(iri, row["kind"].value, row["name"].value))
        if row["year"] is not None:
            entity.year = row["year"].value[:4]
        if row["maker"] is not None:
            entity.makers.add(row["maker"].value)
        if row["credit"] is not None:
            entity.credits.add((row["credit"].value, row["prop"].value))
    return sorted(entities.values(), key=lambda e: (ORDER[e.kind], e.name, e.iri))


def link(
    store,
    *,
    offline: bool = False,
    cache_dir: str | Path = DEFAULT_CACHE,
    endpoint: str = WIKIDATA_API,
    min_score: float = 0.6,
    timeout: float = 20.0,
    dry_run: bool = False,
    base: str = DEFAULT_BASE,
    client: WikidataClient | None = None,
    entities: list[Entity] | None = None,
    on_decision: Callable[[Decision], None] | None = None,
) -> list[Decision]:
    """Link the store's people, films, works and festivals (or the `entities` read from it) to
    Wikidata, replace the links graph with the accepted matches (unless `dry_run`) and return
    every decision. A network failure (timeout, HTTP error, rate limiting past its retries)
    raises kg.errors.FetchError before anything is written; the answers received stay cached."""
    client = client or WikidataClient(endpoint, cache_dir=cache_dir, offline=offline, timeout=timeout)
    decisions: list[Decision] = []
    linked: dict[str, dict] = {}  # entity IRI -> its accepted Wikidata item
    for entity in entities if entities is not None else read_entities(store):
        try:
            decision = _decide(client, entity, linked, min_score)
        except Offline:
            decision = Decision(entity, outcome="offline", note="not in the cache: skipped")
        except ApiError as exc:
            decision = Decision(entity, outcome="error", note=f"Wikidata refused the request ({exc})")
        decisions.append(decision)
        if on_decision:
            on_decision(decision)
    if not dry_run:
        store.replace_graph(links_graph(base), statements(decisions, base))
        store.flush()
    return decisions


def _decide(client: WikidataClient, entity: Entity, linked: dict[str, dict], min_score: float) -> Decision:
    hits = {hit["id"]: hit for hit in client.search(entity.name)}
    if not hits:
        return Decision(entity, note="no candidate")
    items = client.entities(list(hits))
    labels: dict[str, str] = {}
    if entity.kind in MAKER and entity.makers:  # the labels of the right-typed candidates' directors or authors
        maker_ids = [q for item in items.values() if set(claim_ids(item, "P31")) & TYPES[entity.kind]
                     for q in claim_ids(item, MAKER[entity.kind])]
        labels = {q: label(item) for q, item in client.entities(maker_ids, props="labels").items()}
    scored = []
    for q, hit in hits.items():
        if q in items:
            value, why = score(entity, items[q], hit, labels, linked)
            scored.append((value, q, why))
    decision = decide(entity, scored, min_score)
    if decision.item:
        linked[entity.iri] = items[decision.item]
    return decision


def statements(decisions: list[Decision], base: str = DEFAULT_BASE) -> str:
    """N-Triples of the links: `sameAs`, and a reified statement carrying the score and what matched.
    Every term is serialized by pyoxigraph, so no name from the store or Wikidata is pasted raw."""
    rdf_type, statement_type = NamedNode(f"{RDF}type"), NamedNode(f"{RDF}Statement")
    subject_p, predicate_p, object_p = (NamedNode(f"{RDF}{name}") for name in ("subject", "predicate", "object"))
    same_as, rule, confidence, matched = (NamedNode(f"{SCHEMA}sameAs"), NamedNode(f"{KGV}rule"),
                                          NamedNode(f"{KGV}confidence"), NamedNode(f"{KGV}matchedOn"))
    decimal = NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    lines = []
    for number, decision in enumerate(d for d in decisions if d.outcome == "linked" and d.item):
        subject, target = NamedNode(decision.entity.iri), NamedNode(WIKIDATA_ENTITY + decision.item)
        statement = NamedNode(f"{base}link:{number}")
        lines += [
            (subject, same_as, target),
            (statement, rdf_type, statement_type),
            (statement, subject_p, subject),
            (statement, predicate_p, same_as),
            (statement, object_p, target),
            (statement, rule, Literal("wikidata.link")),
            (statement, confidence, Literal(f"{decision.score:.3f}", datatype=decimal)),
            (statement, matched, Literal(decision.note)),
        ]
    return "".join(f"{s} {p} {o} .\n" for s, p, o in lines)
