"""Which Wikidata item, if any, is the entity the graph names: candidates by label, checked by
type and by the facts the graph already holds.

Score of a candidate (0 when its type is wrong):
  0.6  its English label is the name, letter for letter (case and spacing aside), else 0.3 when a
       search hit on an alias
+ 0.25 a film's year equals the year of its publication date (P577); − 0.3 when it differs
+ 0.25 a film's director in the graph is among its directors (P57), by label
+ 0.2  a person directs, in the graph, a film already linked whose P57 names the candidate
A candidate is accepted at `min_score` (0.6) and only when it leads the runner-up by 0.15; two
equally good candidates are an ambiguity, reported and not linked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HUMAN = {"Q5"}
FILM = {"Q11424", "Q24862", "Q506240", "Q202866", "Q93204", "Q226730", "Q24869", "Q18011172"}
WORK = {"Q7725634", "Q8261", "Q571", "Q47461344", "Q1667921", "Q49084"}
FESTIVAL = {"Q220505", "Q868557", "Q27968055"}
TYPES = {"person": HUMAN, "film": FILM, "work": WORK, "festival": FESTIVAL}
LEAD = 0.15


@dataclass
class Entity:
    iri: str
    kind: str  # person, film, work, festival
    name: str
    year: str | None = None
    directors: set[str] = field(default_factory=set)  # names
    directed: set[str] = field(default_factory=set)  # film IRIs this person directs in the graph


@dataclass
class Decision:
    entity: Entity
    item: str | None = None  # Q-id
    score: float = 0.0
    outcome: str = "no match"  # linked, ambiguous, no match, offline
    note: str = ""


def claim_ids(item: dict, prop: str) -> list[str]:
    values = []
    for claim in item.get("claims", {}).get(prop, []):
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value")
        if isinstance(value, dict) and "id" in value:
            values.append(value["id"])
    return values


def claim_years(item: dict, prop: str) -> set[str]:
    years = set()
    for claim in item.get("claims", {}).get(prop, []):
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value")
        if isinstance(value, dict) and isinstance(value.get("time"), str):
            years.add(value["time"].lstrip("+")[:4])
    return years


def label(item: dict) -> str:
    return item.get("labels", {}).get("en", {}).get("value", "")


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def score(entity: Entity, item: dict, labels: dict[str, str], linked_items: dict[str, dict]) -> float:
    """How well a Wikidata item fits the entity (see the module's docstring)."""
    if not set(claim_ids(item, "P31")) & TYPES[entity.kind]:
        return 0.0
    total = 0.6 if _same(label(item), entity.name) else 0.3
    if entity.kind == "film":
        years = claim_years(item, "P577")
        if entity.year and years:
            total += 0.25 if entity.year in years else -0.3
        director_labels = {labels.get(q, "") for q in claim_ids(item, "P57")}
        if any(_same(d, known) for d in entity.directors for known in director_labels):
            total += 0.25
    if entity.kind == "person":
        for film in entity.directed:
            if film in linked_items and item.get("id") in claim_ids(linked_items[film], "P57"):
                total += 0.2
                break
    return round(total, 3)


def decide(entity: Entity, scored: list[tuple[float, str]], min_score: float) -> Decision:
    ranked = sorted((s for s in scored if s[0] > 0), reverse=True)
    if not ranked or ranked[0][0] < min_score:
        return Decision(entity, note=f"best {ranked[0][1]} at {ranked[0][0]:.2f}" if ranked else "no candidate")
    best, item = ranked[0]
    if len(ranked) > 1 and best - ranked[1][0] < LEAD:
        return Decision(entity, None, best, "ambiguous", f"{item} and {ranked[1][1]} both fit")
    return Decision(entity, item, best, "linked")
