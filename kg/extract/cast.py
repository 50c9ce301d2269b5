"""Handlers for the cast: actors, the characters they play, characters named on their own."""

from __future__ import annotations

from kg.extract.context import ReviewContext
from kg.extract.facts import Character, Person, Role
from kg.extract.mentions import (
    describing_noun_before,
    name_list,
    person_of,
    possessive_follows,
    previous_subject,
    subject_film,
)
from kg.extract.patterns import RuleMatch
from kg.extract.rulebook import CONFIDENCE, CREW_NOUNS, CREW_ONLY, PERSON_FACTS


def cast(ctx: ReviewContext, match: RuleMatch) -> None:
    if match.rule == "cast.paren":
        _cast_in_parentheses(ctx, match)
        return
    if match.rule in {"cast.played_by", "cast.cue"}:
        # "a stubborn pensioner played by X", "actor X", "the actors (A, B and C)".
        film = subject_film(ctx, match)
        for mention in name_list(ctx, match.slots[0].start):
            person = person_of(ctx, mention)
            if person and not ctx.is_review_author(person) and not _is_crew(ctx, person):
                ctx.add("actor", Person(person), (match.span.start_char, mention.end_char), match.rule,
                        CONFIDENCE[match.rule], film)
        return
    if match.rule == "cast.actor_character":  # "the Varga character": the actor who plays it
        person = person_of(ctx, match.slots[0])
        if person and not ctx.named_as(person, *CREW_ONLY):
            ctx.add("actor", Person(person), match.span, match.rule, CONFIDENCE[match.rule], subject_film(ctx, match))
        return
    film = subject_film(ctx, match)
    cue = next(
        t
        for t in match.span
        if t.lower_ in {"with", "starring", "stars", "co-starring", "co-stars", "includes", "including", "featuring"}
    )
    for mention in name_list(ctx, cue.i + 1):
        person = person_of(ctx, mention)
        if person:
            ctx.add("actor", Person(person), (match.span.start_char, mention.end_char), match.rule,
                    CONFIDENCE[match.rule], film)


PAREN_SKIPPABLE_STOPS = {"a", "an", "the"}


def _cast_in_parentheses(ctx: ReviewContext, match: RuleMatch) -> None:
    """ "a night watchman (Oren Falk)": an actor named after the part, described in lower case."""
    doc = ctx.doc
    opening = match.span.start
    before = doc[opening - 1] if opening > 0 else None
    mention = match.slots[0]
    after = doc[mention.end + 1] if mention.end + 1 < len(doc) else None
    if before is None or not before.is_alpha or not before.text.islower() or before.is_stop:
        return
    if before.lower_ in CREW_NOUNS or before.ent_type_:
        return  # crew.paren and role.paren read these
    # Only articles and lower-case describing words between "(" and the name: "(the great X".
    between = doc[opening + 1 : mention.start]
    if any(
        (t.is_stop and t.text not in PAREN_SKIPPABLE_STOPS) or not t.is_alpha or not t.text.islower() for t in between
    ):
        return
    if doc[mention.end].text == "," and (after is None or after.ent_type_ == "NAME" or after.lower_ == "and"):
        return  # "(A, B and C were stars)": a list, not a part
    person = person_of(ctx, mention)
    if person:
        ctx.add(
            "actor",
            Person(person),
            (before.idx, match.span.end_char),
            match.rule,
            CONFIDENCE[match.rule],
            subject_film(ctx, match),
        )


def _is_crew(ctx: ReviewContext, person: str) -> bool:
    return ctx.named_as(person, *CREW_ONLY)


# Words before "as" that make it no casting: "such as", "as well as", "known as", "dressed as".
NOT_A_PART = {
    "such", "well", "same", "much", "long", "soon", "far", "just", "known", "refers", "referred", "introduces",
    "dressed", "disguised", "poses", "posing", "masquerading", "treats", "regards", "sees", "describes", "calls",
    "named", "identified", "presents", "reinvents", "remembered", "billed", "credited", "listed", "born",
}
# What follows an actor's name before "as <part>": a copula or a performer's verb, or an adverb.
PERFORMING = {
    "is", "was", "are", "were", "'s", "stars", "starred", "co-stars", "costars", "plays", "played", "shines", "shone",
    "excels", "delivers", "delivered", "gives", "gave", "turns", "returns", "returned", "appears", "appeared",
    "comes", "came", "makes", "made", "brings", "brought", "does", "did", "steals", "stole", "dazzles", "impresses",
    "sparkles", "triumphs", "soars", "scores", "nails", "convinces", "glows", "smolders", "simmers", "radiates",
    "adds", "lends", "commands", "anchors", "holds", "carries", "takes", "took", "stands", "cuts", "cast",
    "has", "had", "also", "again", "too", "then", "now", "here",
}
PERFORMANCES = {"performance", "turn", "work", "portrayal", "role", "acting", "star", "presence", "take"}
DETERMINERS = {"the", "a", "an", "his", "her", "their"}
CLAUSE_WORDS = {",", ";", ":", "and", "but", "who", "which", "that", "while", "when", "because", "(", ")", "."}


def role(ctx: ReviewContext, match: RuleMatch) -> None:
    if match.rule == "role.pronoun":
        subject = previous_subject(ctx, match)
        if subject is None:
            return
        first, second = subject, match.slots[0]
    else:
        first, second = match.slots[0], match.slots[1]
    if match.rule == "role.as" and not _plays_as(ctx, match):
        return
    if match.rule == "role.possessive" and not ctx.is_cast(ctx.person(first) or ""):
        return  # "Heston's idealistic Vargas" once Heston is known as cast; "Varga's Rosa" may be her author's
    if match.rule == "role.paren" and match.span[-1].lower_ == "as":
        _roles_by_age(ctx, match)
        return
    character_first = match.rule in {"role.paren", "role.played_by", "role.in_role"}
    character, actor_mention = (first, second) if character_first else (second, first)
    actor = person_of(ctx, actor_mention)
    if not actor or ctx.person(character.text) == actor:
        return
    # A character is a name the review does not use for a crew member or other real person.
    if ctx.named_as(ctx.person(character.text), "director", "screenwriter"):
        return
    if match.rule == "role.plays" and (len(actor.split()) < 2 or possessive_follows(character)):
        return  # "Varga is Rosa's mentor": a relation between characters, not a casting
    # "wanted to cast X as Y", "considered X for": a casting that did not happen.
    preceding = {t.lower_ for t in ctx.doc[max(match.span.start - 3, match.sentence.start) : match.span.start]}
    if preceding & {"cast", "casting", "wanted", "proposed", "considered", "instead", "originally"}:
        return
    name = ctx.characters.resolve(character.text) or character.text
    ctx.characters.add(name)
    ctx.add("role", Role(person=actor, character=name), match.span, match.rule, CONFIDENCE[match.rule],
            subject_film(ctx, match))


def character(ctx: ReviewContext, match: RuleMatch) -> None:
    mention = match.slots[0]
    if match.span[0].lower_ == "named" and not describing_noun_before(match.span[0]):
        return  # "a ferry captain named X" names a part; "he named X his heir" does not
    person = ctx.person(mention.text)
    if ctx.named_as(person, *PERSON_FACTS):
        return  # the cast or crew member, not a part ("the character of Varga's script")
    name = ctx.characters.resolve(mention.text) or person or mention.text
    ctx.characters.add(name)
    ctx.add("character", Character(name), match.span, match.rule, CONFIDENCE[match.rule], subject_film(ctx, match))


def _plays_as(ctx: ReviewContext, match: RuleMatch) -> bool:
    """ "X is terrific as Y", "X delivers a career-best performance as the weary Y": between the
    actor and "as" only words of a performance, no clause break or naming verb."""
    actor, character = match.slots
    as_index = next(t.i for t in ctx.doc[actor.end : match.span.end] if t.lower_ == "as")
    between = ctx.doc[actor.end : as_index]
    apposition = [t.text for t in between] == [","]  # "X, as her skeptical roommate Theo, is a delight"
    if not apposition and any(t.lower_ in CLAUSE_WORDS or t.lower_ in NOT_A_PART for t in between):
        return False
    # The actor does something a performer does: "X is terrific as", "X delivers ... as", "X's turn as".
    if len(between) and not apposition and not (between[0].lower_ in PERFORMING or between[0].lower_.endswith("ly") or (
            between[0].lower_ in {"'s", "'"} and any(t.lower_ in PERFORMANCES for t in between))):
        return False
    # After "as", only the part's describing words: "as the weary Y", not "as the cheat, Y" or
    # "as a writer at Y".
    described = ctx.doc[as_index + 1 : character.start]
    if len(described) and described[-1].text == ",":  # "as her estranged husband, Arlo"
        following = ctx.doc[character.end] if character.end < len(ctx.doc) else None
        if following is not None and following.lower_ == "as":
            return False  # "X as the innkeeper, Y as the thief": a list of parts, Y is the next actor
        described = described[:-1]
    return all(t.is_alpha and t.text.islower() and (not t.is_stop or t.lower_ in DETERMINERS) for t in described)


def _roles_by_age(ctx: ReviewContext, match: RuleMatch) -> None:
    """ "Rosa Marr (A as adult, B as child)": one character, an actor for each age."""
    character = match.slots[0]
    doc = ctx.doc
    close = next((t.i for t in doc[character.end : match.sentence.end] if t.text == ")"), match.sentence.end)
    name = ctx.characters.resolve(character.text) or character.text
    for mention in ctx.mentions_in((character.end, close), "NAME"):
        if mention.end < len(doc) and doc[mention.end].lower_ == "as":
            actor = person_of(ctx, mention)
            if actor and actor != ctx.person(character.text):
                ctx.characters.add(name)
                ctx.add("role", Role(person=actor, character=name),
                        (character.start_char, doc[close - 1].idx + len(doc[close - 1])),
                        match.rule, CONFIDENCE[match.rule], subject_film(ctx, match))
