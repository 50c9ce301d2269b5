"""Which Wikidata item, if any, is the entity the graph names: candidates by label, checked by
type and by the facts the graph already holds.

A candidate whose P31 (instance of) is none of its kind's types scores 0 (wrong type). Otherwise:
  0.6   one of its labels (English or `mul`) is the name, letter for letter (case and spacing
        aside); 0.5 when the search matched one of its aliases exactly; 0.2 otherwise (a prefix)
+ 0.25  a film's year equals the year of one of its publication dates (P577); -0.3 when none does
+ 0.25  a film's director in the graph is among its directors (P57), by label; for a source work,
        its author in the graph among its authors (P50)
+ 0.2   a person is credited, in the graph, on a film or work already linked (films and works are
        linked first) whose item credits the candidate: director P57, cast member P161,
        screenwriter P58, composer P86, author P50
A candidate is accepted from `min_score` (0.6) and only when it leads the runner-up by LEAD
(0.15); otherwise the entity is reported as ambiguous and left unlinked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Accepted P31 values per kind, listed explicitly (no subclass walk: each would cost requests).
HUMAN = {"Q5"}
FILM = {
    "Q11424",  # film
    "Q24862",  # short film
    "Q506240",  # television film
    "Q202866",  # animated film
    "Q93204",  # documentary film
    "Q226730",  # silent film
    "Q24869",  # feature film
}
WORK = {
    "Q7725634",  # literary work
    "Q8261",  # novel
    "Q571",  # book
    "Q47461344",  # written work
    "Q49084",  # short story
    "Q1004",  # comics
    "Q725377",  # graphic novel
    "Q8274",  # manga
    "Q25379",  # play
}
FESTIVAL = {"Q220505"}  # film festival
TYPES = {"person": HUMAN, "film": FILM, "work": WORK, "festival": FESTIVAL}
MAKER = {"film": "P57", "work": "P50"}  # the property checked against Entity.makers
LEAD = 0.15


@dataclass
class Entity:
    iri: str
    kind: str  # person, film, work, festival
    name: str
    year: str | None = None  # a film's year in the graph
    makers: set[str] = field(default_factory=set)  # names of a film's directors or a work's authors
    credits: set[tuple[str, str]] = field(default_factory=set)  # (film or work IRI, Wikidata property)


@dataclass
class Decision:
    entity: Entity
    item: str | None = None  # Q-id when linked
    score: float = 0.0
    outcome: str = "no match"  # linked, ambiguous, no match, offline, error
    note: str = ""


def claim_values(item: dict, prop: str) -> list[dict]:
    """The values of a property's statements, deprecated ones and no-value/unknown snaks aside."""
    claims = item.get("claims", {})
    return [value for claim in (claims.get(prop, []) if isinstance(claims, dict) else [])
            if isinstance(claim, dict) and claim.get("rank") != "deprecated"
            and isinstance(value := claim.get("mainsnak", {}).get("datavalue", {}).get("value"), dict)]


def claim_ids(item: dict, prop: str) -> list[str]:
    """Item ids of a property's statements (`wikibase-entityid` values)."""
    return [value["id"] for value in claim_values(item, prop) if isinstance(value.get("id"), str)]


def claim_years(item: dict, prop: str) -> set[str]:
    """Years of a property's `time` values ("+1998-00-00T00:00:00Z", precision 9 = a year)."""
    return {value["time"].lstrip("+")[:4] for value in claim_values(item, prop) if isinstance(value.get("time"), str)}


def labels_of(item: dict) -> list[str]:
    labels = item.get("labels", {})  # an item without labels may carry `[]` here
    if not isinstance(labels, dict):
        return []
    return [str(labels[lang].get("value", "")) for lang in ("en", "mul") if isinstance(labels.get(lang), dict)]


def label(item: dict) -> str:
    return next(iter(labels_of(item)), "")


def same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def score(entity: Entity, item: dict, hit: dict, labels: dict[str, str],
          linked: dict[str, dict]) -> tuple[float, list[str]]:
    """How well a Wikidata item fits the entity, and why (see the module's docstring). `hit` is its
    search hit, `labels` the labels of the items its claims name, `linked` the items accepted so far
    by entity IRI."""
    if not set(claim_ids(item, "P31")) & TYPES[entity.kind]:
        return 0.0, ["wrong type"]
    match = hit.get("match", {}) if isinstance(hit.get("match"), dict) else {}
    if any(same(text, entity.name) for text in labels_of(item)):
        total, why = 0.6, ["label"]
    elif match.get("type") == "alias" and same(str(match.get("text", "")), entity.name):
        total, why = 0.5, ["alias"]
    else:
        total, why = 0.2, ["partial name"]
    if entity.kind == "film" and entity.year:
        years = claim_years(item, "P577")
        if years:
            total, why = (total + 0.25, [*why, "year"]) if entity.year in years else (total - 0.3, [*why, "other year"])
    if entity.kind in MAKER:
        makers = {labels.get(q, "") for q in claim_ids(item, MAKER[entity.kind])}
        if any(same(name, known) for name in entity.makers for known in makers if known):
            total, why = total + 0.25, [*why, "director" if entity.kind == "film" else "author"]
    if entity.kind == "person" and any(
        work in linked and item.get("id") in claim_ids(linked[work], prop) for work, prop in entity.credits
    ):
        total, why = total + 0.2, [*why, "credited"]
    return round(total, 3), why


def decide(entity: Entity, scored: list[tuple[float, str, list[str]]], min_score: float) -> Decision:
    """The best candidate when it reaches `min_score` and leads the runner-up by LEAD."""
    ranked = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))
    if not ranked:
        wrong = sorted(q for _, q, _ in scored)
        return Decision(entity, note=f"wrong type: {', '.join(wrong)}" if wrong else "no candidate")
    best, item, why = ranked[0]
    if best < min_score:
        return Decision(entity, score=best, note=f"best {item} at {best:.2f} ({', '.join(why)})")
    if len(ranked) > 1 and best - ranked[1][0] < LEAD:
        return Decision(entity, None, best, "ambiguous", f"{item} and {ranked[1][1]} both fit at {best:.2f}")
    return Decision(entity, item, best, "linked", ", ".join(why))
