"""Relation rules: find every rule-book pattern in a review and hand each match to its handler."""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

from kg.extract import cast, crew, events
from kg.extract.context import ReviewContext
from kg.extract.modality import stance
from kg.extract.patterns import CompiledPattern, RuleMatch, SymbolText, compile_rules, cue_words, find
from kg.extract.rulebook import RULES

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


LAST_RULES = {"director.possessive_film", "director.attributive", "director.his_film", "role.possessive"}


@lru_cache(maxsize=1)
def _patterns() -> list[CompiledPattern]:
    return compile_rules(RULES)


@lru_cache(maxsize=1)
def _cues() -> frozenset[str]:
    return cue_words(_patterns())


def symbol_text(ctx: ReviewContext) -> SymbolText:
    """The symbol text of the review's prose (from ctx.prose_start on)."""
    tokens = ctx.tokens
    first = bisect_left(tokens.idx, ctx.prose_start)
    return SymbolText(tokens.lower, ctx.sentence_starts, ctx.mentions, first_token=first, cues=_cues())


def apply_rules(ctx: ReviewContext) -> None:
    matches = [
        m for m in find(_patterns(), symbol_text(ctx), ctx.doc, ctx.sentence)
        if not ctx.in_structure(m.span.start_char) and _asserted(ctx, m)
    ]
    # Roles first: cast lists and the crew rules consult who plays whom. Rules that read a
    # possessive ("X's film", "X's Vargas") last: they consult who is cast and who is crew.
    for match in sorted(matches, key=lambda m: (m.rule in LAST_RULES, not m.rule.startswith("role."))):
        HANDLERS[match.rule.split(".")[0]](ctx, match)


def _asserted(ctx: ReviewContext, match: RuleMatch) -> bool:
    """A match states a credit only when none of its people is supposed, compared or denied. A
    comparison may still state a credit of the film it compares with ("like X's "Y"")."""
    of_other_film = any(s.label_ == "TITLE" and not ctx.is_reviewed_film(s.text) for s in match.slots)
    for slot in match.slots:
        if slot.label_ == "NAME":
            reason = stance(match.sentence, slot)
            if reason is not None and not (reason == "comparison" and of_other_film):
                return False
    return True
