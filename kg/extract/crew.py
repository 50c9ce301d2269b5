"""Handlers for the crew: director, writers, composer, producers, other contributors, source work."""

from __future__ import annotations

from kg.extract.context import ReviewContext
from kg.extract.facts import CrewRole, Person, SourceWork
from kg.extract.mentions import name_list, name_list_before, person_of, subject_film, title_list
from kg.extract.patterns import RuleMatch
from kg.extract.rulebook import (
    CONFIDENCE,
    CONTRIBUTOR_ROLES,
    CREW_NOUNS,
    CREW_RELATIONS,
    CUE_RULES,
    WORK_NOUNS,
    WORK_TYPES,
)

# Rules that read a possessive or an attribute ("X's latest film", "a X film", "X shapes his
# film"): actors are spoken of in the same words, so a person the review casts is not taken.
WEAK_DIRECTOR_RULES = {"director.possessive_film", "director.attributive", "director.his_film"}
ORGANIZATION_WORDS = {"bros", "bros.", "brothers", "pictures", "studios", "studio", "films", "entertainment",
                      "productions", "company", "corporation", "inc", "inc.", "media", "releasing", "disney", "pixar"}


def director(ctx: ReviewContext, match: RuleMatch) -> None:
    confidence = CONFIDENCE[match.rule]
    names = [s for s in match.slots if s.label_ == "NAME"]
    titles = [s for s in match.slots if s.label_ == "TITLE"]
    person = person_of(ctx, names[0])
    if not person or ORGANIZATION_WORDS & {word.lower() for word in person.split()}:
        return
    if match.rule in WEAK_DIRECTOR_RULES and (ctx.is_cast(person) or ctx.is_review_author(person)):
        return
    if match.rule == "director.directed_titles":  # "directed by X ("A" and "B")": X's other films
        ctx.add("director", Person(person), names[0], match.rule, confidence, film=subject_film(ctx, match))
        for title in title_list(ctx, titles[0].start):
            ctx.add("director", Person(person), (names[0].start_char, title.end_char), match.rule, confidence,
                    title.text)
        return
    if match.rule == "director.films_like":
        for title in title_list(ctx, titles[0].start):
            ctx.add("director", Person(person), (match.span.start_char, title.end_char), match.rule, confidence,
                    film=title.text)
    elif titles:
        if _bare_word_after_possessive(ctx, titles[0]):
            return  # "Lugosi's Dracula": a one-word title unmarked may be the actor's character
        ctx.add("director", Person(person), match.span, match.rule, confidence, film=titles[0].text)
    elif match.rule == "director.his_film" and not all(t.is_alpha for t in ctx.doc[names[0].end : match.span.end]):
        return  # "X and Y, both marking their film debut": no clause between the name and "his film"
    elif match.rule in WEAK_DIRECTOR_RULES and _may_mean_another_film(ctx, match):
        return
    elif match.rule not in CUE_RULES or _cue_names_this_films_director(ctx, match, person):
        film = subject_film(ctx, match)
        ctx.add("director", Person(person), match.span, match.rule, confidence, film=film)
        if match.rule == "director.writer_director":  # "writer-director X" wrote it too
            ctx.add("screenwriter", Person(person), match.span, match.rule, confidence, film=film)


def _bare_word_after_possessive(ctx: ReviewContext, title) -> bool:
    """A one-word title of the reviewed film written without quotes or italics."""
    marked = title.start > 0 and ctx.doc[title.start - 1].text == '"'
    emphasized = any(start <= title.start_char < end for start, end in ctx.document.emphasis)
    return len(title) == 1 and ctx.is_reviewed_film(title.text) and not marked and not emphasized


def _may_mean_another_film(ctx: ReviewContext, match: RuleMatch) -> bool:
    """ "Varga's film" beside another film's title (in its sentence or the one before) may mean
    that one; "Varga's 1956 film" in a review of a 1976 film does."""
    years = [t.text for t in match.span if t.like_num and len(t.text) == 4 and t.text[:2] in {"18", "19", "20"}]
    if years and years[0] != ctx.film_year:
        return True
    previous = ctx.sentence(match.sentence.start - 1) if match.sentence.start > 0 else match.sentence
    return any(
        ctx.title_kinds.get(e.text) in {"film", "unknown"}
        for e in [*ctx.mentions_in(previous, "TITLE"), *ctx.mentions_in(match.sentence, "TITLE")]
    )


def _cue_names_this_films_director(ctx: ReviewContext, match: RuleMatch, person: str) -> bool:
    """ "Director X" and "the director, X," introduce the film's director; "the Russian director X"
    and "the director X once said" describe someone else by trade."""
    if _plays_someone(ctx, person) or match.span[1].text == ",":
        return not _plays_someone(ctx, person)
    before = match.span[0].nbor(-1) if match.span.start > match.sentence.start else None
    return before is None or not (before.lower_ in {"the", "a", "an"} or before.text[:1].isupper())


def _plays_someone(ctx: ReviewContext, person: str) -> bool:
    return ctx.named_as(person, "role")


def _crew_fact(ctx: ReviewContext, relation: str, person: str, evidence, rule: str, film) -> None:
    if relation in {"cinematographer", "editor"}:
        ctx.add("crew", CrewRole(role_name=relation, person=person), evidence, rule, CONFIDENCE[rule], film)
    else:
        ctx.add(relation, Person(person), evidence, rule, CONFIDENCE[rule], film)


def crew(ctx: ReviewContext, match: RuleMatch) -> None:
    # "based on the story by X", "the novel written by X", "songs written by X": the author of
    # something other than the film, not its screenwriter.
    if match.rule == "screenwriter.by" and _written_thing(ctx, match) not in {None, "film"}:
        return
    following = [t.lower_ for t in ctx.doc[match.span.end : match.span.end + 2]]
    # "Varga's screenplay was by Okafor": the possessor is not the writer.
    if match.span[0].ent_type_ == "NAME" and (following[:1] == ["by"] or following[1:2] == ["by"]):
        return
    if match.rule == "crew.paren":
        if not _crew_in_parentheses(ctx, match):
            return
        relation = CREW_NOUNS[match.span[0].lower_]
    else:
        relation = CREW_RELATIONS.get(match.rule) or CONTRIBUTOR_ROLES[match.rule]
    film = subject_film(ctx, match)
    # "A and B wrote the screenplay": the list ends at the name; otherwise it starts there.
    subject_first = match.span.start == match.slots[0].start
    names = name_list_before(ctx, match.slots[0]) if subject_first else name_list(ctx, match.slots[0].start)
    for mention in names:
        person = person_of(ctx, mention)
        if person:
            start, end = min(match.span.start_char, mention.start_char), max(match.span.end_char, mention.end_char)
            _crew_fact(ctx, relation, person, (start, end), match.rule, film)


# What "written by" may follow: the film (or its script), or another kind of writing.
FILM_WRITING = {"script", "screenplay", "scenario", "teleplay", "film", "movie", "picture", "feature", "it", "comedy",
                "drama", "thriller", "documentary", "directed"}
OTHER_WRITING = {*WORK_NOUNS.split("|"), "based", "adapted", "song", "songs", "lyrics", "music", "number", "numbers",
                 "article", "essay", "poem", "letter", "letters", "speech", "column", "score", "tune", "tunes"}


def _written_thing(ctx: ReviewContext, match: RuleMatch) -> str | None:
    """What the "written by" of a match is said of: "film" for the film or its script, "other"
    for a book, a song or another writing, None when the sentence does not say (the nearest
    such noun before it, within the sentence, decides)."""
    doc = ctx.doc
    start = max(match.sentence.start, match.span.start - 14)
    for token in reversed(doc[start : match.span.start]):
        if token.lower_ in OTHER_WRITING:
            return "other"
        if token.lower_ in FILM_WRITING or (token.ent_type_ == "TITLE" and ctx.is_reviewed_film(token.text)):
            return "film"
    return None


def _crew_in_parentheses(ctx: ReviewContext, match: RuleMatch) -> bool:
    """ "steered by a seasoned director (X)" names the film's crew; "a stage director (X) rents a
    ship" names the actor who plays one. A singular crew noun counts only after "by" or "film's"."""
    noun = match.span[0]
    if noun.lower_.endswith("s"):
        return True
    window = {t.lower_ for t in ctx.doc[max(noun.i - 5, match.sentence.start) : noun.i]}
    return bool(window & {"by", "film's", "movie's", "its"}) or any(
        t.lower_ == "'s" and t.i > 0 and t.nbor(-1).lower_ in {"film", "movie"}
        for t in ctx.doc[max(noun.i - 5, 0) : noun.i]
    )


def based_on(ctx: ReviewContext, match: RuleMatch) -> None:
    names = [s for s in match.slots if s.label_ == "NAME"]
    titles = [s for s in match.slots if s.label_ == "TITLE"]
    author = person_of(ctx, names[0])
    if not author:
        return
    title = titles[0].text if titles else ""
    # "Okafor's novel "The Salt Road"": a work is the source only when it shares the film's title.
    if match.rule == "basedOn.possessive" and not ctx.is_reviewed_film(title):
        return
    noun = next((t.lower_ for t in match.span if t.lower_ in WORK_TYPES), "book")
    source = SourceWork(work_type=WORK_TYPES[noun], title=title, author=author)
    ctx.add("basedOn", source, match.span, match.rule, CONFIDENCE[match.rule])
