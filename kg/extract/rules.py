"""Relation rules: find every rule-book pattern in a review and hand each match to its handler."""

from __future__ import annotations

from functools import lru_cache

from spacy.matcher import Matcher

from kg.extract import cast, crew, events
from kg.extract.context import ReviewContext
from kg.extract.patterns import build_matcher, find
from kg.extract.rulebook import RULES
from kg.nlp import pipeline

# Rule family (the part of a rule's name before the dot) -> its handler.
HANDLERS = {
    "director": crew.director,
    "crew": crew.crew,
    "screenwriter": crew.crew,
    "composer": crew.crew,
    "producer": crew.crew,
    "cinematographer": crew.crew,
    "editor": crew.crew,
    "basedOn": crew.based_on,
    "cast": cast.cast,
    "role": cast.role,
    "character": cast.character,
    "premiere": events.premiere,
    "release": events.release,
    "runEnd": events.run_end,
}


@lru_cache(maxsize=1)
def _matcher() -> Matcher:
    return build_matcher(pipeline().vocab, RULES)


def apply_rules(ctx: ReviewContext) -> None:
    matches = [
        m for m in find(_matcher(), RULES, ctx.doc)
        if m.span.start_char >= ctx.prose_start and not ctx.in_structure(m.span.start_char)
    ]
    # Roles first: cast lists and the crew rules consult who plays whom.
    for match in sorted(matches, key=lambda m: not m.rule.startswith("role.")):
        HANDLERS[match.rule.split(".")[0]](ctx, match)
