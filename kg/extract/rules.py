"""Relation rules: Matcher patterns over mentions, each with the confidence of what it asserts.

Confidence is the rule's precision as measured on the gold reviews, rounded down; rules that
rest on one cue word ("director X") rank below those that rest on a construction ("a film by X").
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Span

from kg.extract.context import AMBIGUOUS, ReviewContext
from kg.extract.patterns import RuleMatch, build_matcher, find

FILM_NOUNS = "film|movie|documentary|feature|picture|thriller|drama|comedy|western|musical|melodrama|satire|adaptation"
FILM_PLURALS = "films|movies|pictures|thrillers|dramas|comedies|westerns|musicals|classics|features|works"
WORK_NOUNS = (
    "novel|book|novella|play|memoir|story|stories|bestseller|seller|comic|manga|autobiography|biography|best-seller"
)
# Crew nouns that may stand before a name in apposition or parentheses: "the director (X)".
CREW_NOUNS = {
    "director": "director",
    "directors": "director",
    "writer": "screenwriter",
    "writers": "screenwriter",
    "screenwriter": "screenwriter",
    "screenwriters": "screenwriter",
    "producer": "producer",
    "producers": "producer",
    "composer": "composer",
    "cinematographer": "cinematographer",
    "cameraman": "cinematographer",
    "editor": "editor",
}

RULES: dict[str, list[str]] = {
    # director
    "director.film_by": [
        f"{FILM_NOUNS} by {{NAME}}",
        "directed|helmed by {NAME}",
        "direction by|from {NAME}",
        f"{FILM_NOUNS} made|shot ~3 by {{NAME}}",
    ],
    "director.cue": ["director|filmmaker {NAME}", "director , {NAME} ,"],
    "director.writer_director": ["writer -|/|and director {NAME}", "writer -|/|and director , {NAME} ,"],
    "director.possessive_title": ["{NAME} 's|' {TITLE}"],
    "director.possessive_film": ["{NAME} 's|' new|latest|last|first|own ? film|movie|picture|direction"],
    "director.of_title": [
        "{NAME} , ~12 director|helmer|maker|filmmaker|auteur of ~6 {TITLE}",
        "{NAME} , who directed|made|helmed ~3 {TITLE}",
        "{TITLE} director|helmer|filmmaker {NAME}",
    ],
    "director.films_like": [f"{{NAME}} 's|' ? ~2 {FILM_PLURALS} like|such|including as ? {{TITLE}}"],
    # writing, music, other crew; a list may follow the first name ("by A, B and C")
    "screenwriter.by": [
        "script|screenplay|scenario|teleplay|story , ? was|is ? by|from the ? {NAME}",
        "written|scripted|penned by the|a ? ~2 {NAME}",
        "co - written|wrote with|by {NAME}",
        "screenwriter|scenarist|writer-director|co-writer|screenwriters {NAME}",
        "{NAME} 's|' script|screenplay",
        "{NAME} , ? who ? also|himself|herself ? wrote the script|screenplay",
    ],
    "composer.by": [
        "score|music|soundtrack|theme , ? was|is ? by|from {NAME}",
        "scored|composed by {NAME}",
        "score|music|theme was|is ? composed|performed|played|written ~4 by {NAME}",
        "composer {NAME}",
        "{NAME} 's|' score|music|soundtrack",
    ],
    "producer.by": ["produced by {NAME}", "producer|producers {NAME}", "producer was|is {NAME}"],
    "cinematographer.by": [
        "cinematography|photography|camerawork , ? by|from {NAME}",
        "photographed|lensed by {NAME}",
        "cinematographer|cameraman , ? {NAME}",
        "director of photography , ? was|is ? {NAME}",
        "{NAME} 's|' cinematography|camerawork",
    ],
    "editor.by": ["edited by {NAME}", "film editor , ? {NAME}"],
    "crew.paren": [
        "director|directors|writers|screenwriters|producer|producers|composer|cinematographer|editor ( {NAME}"
    ],
    # the source work
    "basedOn.work_by": [
        f"based|adapted on|from the|a|an ? ~4 {WORK_NOUNS} of|by {{NAME}}",
        f"based|adapted on|from {{NAME}} 's|' ~3 {WORK_NOUNS}",
        f"based|adapted on|from the|a|an ? ~3 {WORK_NOUNS} {{TITLE}} , ? by {{NAME}}",
        f"film|movie|adaptation|version of {{NAME}} 's|' ~3 {WORK_NOUNS}",
    ],
    "basedOn.possessive": [f"{{NAME}} 's|' ~3 {WORK_NOUNS} , ? {{TITLE}}"],
    # cast
    "cast.film_with": [f"{FILM_NOUNS} by {{NAME}} , ? with|starring {{NAME}}"],
    "cast.starring": ["starring|stars|co-starring|co-stars|featuring {NAME}", "cast includes|including {NAME}"],
    "cast.actor_character": ["the {NAME} character|role"],
    "cast.paren": ["( ~3 {NAME} )", "( ~3 {NAME} ,"],
    "role.paren": ["{NAME} ( {NAME} )", "{NAME} ( {NAME} , ", "{NAME} ( {NAME} of"],
    "role.played_by": ["{NAME} , played by {NAME}", "{NAME} ( played by {NAME}", "{NAME} is|was played by {NAME}"],
    "role.pronoun": ["he|she plays|portrays {NAME}"],
    "role.in_role": ["in|as the role of {NAME} , {NAME}"],
    "role.plays": ["{NAME} is|plays|portrays|as {NAME}", "{NAME} stars as {NAME}", "{NAME} , as {NAME} ,"],
    # characters named without their actor
    "character.named": [
        "character|protagonist|heroine|hero|villain|narrator named|called {NAME}",
        "named {NAME}",
        "the character of {NAME}",
    ],
    # events
    "premiere.at": [
        "premiered|premieres|debuted|debuts|bowed|screened ~5 at the ? {FESTIVAL}",
        "premiere at|in the ? {FESTIVAL}",
    ],
    "release.in": ["open|opens|opened|opening|release|released|releases|arrive|arrives|hits ~4 in {COUNTRY}"],
    "runEnd.in": ["end|ends|ended|close|closes|closing|conclude|concludes its|the ? theatrical ? run ~2 in {COUNTRY}"],
}
CREW_ONLY = {"director", "screenwriter", "composer", "producer"}
CUE_RULES = {"director.cue", "director.writer_director"}
PERSON_FACTS = {"director", "actor", "screenwriter", "composer", "producer", "crew"}
CREW_RELATIONS = {"screenwriter.by": "screenwriter", "composer.by": "composer", "producer.by": "producer"}
CONTRIBUTOR_ROLES = {"cinematographer.by": "cinematographer", "editor.by": "editor"}
WORK_TYPES = {
    "novel": "Book",
    "book": "Book",
    "novella": "Book",
    "memoir": "Book",
    "bestseller": "Book",
    "seller": "Book",
    "best-seller": "Book",
    "autobiography": "Book",
    "biography": "Book",
    "story": "ShortStory",
    "stories": "Book",
    "comic": "ComicStory",
    "manga": "ComicStory",
    "play": "CreativeWork",
}
CONFIDENCE = {
    "director.film_by": 0.9,
    "director.cue": 0.75,
    "director.writer_director": 0.8,
    "director.possessive_title": 0.8,
    "director.possessive_film": 0.7,
    "director.of_title": 0.8,
    "director.films_like": 0.75,
    "screenwriter.by": 0.85,
    "composer.by": 0.9,
    "producer.by": 0.8,
    "cinematographer.by": 0.85,
    "editor.by": 0.8,
    "crew.paren": 0.8,
    "basedOn.work_by": 0.9,
    "basedOn.possessive": 0.85,
    "cast.film_with": 0.85,
    "cast.starring": 0.85,
    "cast.paren": 0.7,
    "cast.actor_character": 0.7,
    "role.paren": 0.85,
    "role.played_by": 0.85,
    "role.in_role": 0.85,
    "role.plays": 0.75,
    "role.pronoun": 0.65,
    "character.named": 0.75,
    "premiere.at": 0.9,
    "release.in": 0.85,
    "runEnd.in": 0.85,
}


@lru_cache(maxsize=1)
def _matcher() -> Matcher:
    from kg.nlp import pipeline

    return build_matcher(pipeline().vocab, RULES)


def apply_rules(ctx: ReviewContext) -> None:
    matches = [m for m in find(_matcher(), RULES, ctx.doc) if m.span.start_char >= ctx.prose_start]
    # Roles first: a cast list and the "the director" rules consult who plays whom.
    for match in sorted(matches, key=lambda m: not m.rule.startswith("role.")):
        handler = HANDLERS.get(match.rule.split(".")[0])
        if handler:
            handler(ctx, match)


# --- which film a match speaks of -------------------------------------------------------------


NEAR_TITLE_TOKENS = 6  # "Lanterns," a film by X / In "Lanterns," X plays Y: the title sits close


def subject_film(ctx: ReviewContext, match: RuleMatch) -> str | None:
    """None for the reviewed film, the title of another film named just before the match, or
    AMBIGUOUS when another film is named earlier in the sentence but not next to the match.
    Titles in parentheses are asides ("shot by Y ("Lanterns")") and never the subject."""
    before = [
        e for e in match.sentence.ents
        if e.label_ == "TITLE" and e.end <= match.span.start and not _in_parentheses(e)
    ]
    if not before or ctx.is_reviewed_film(before[-1].text):
        return None
    if match.span.start - before[-1].end <= NEAR_TITLE_TOKENS:
        return before[-1].text
    return AMBIGUOUS


def _in_parentheses(mention: Span) -> bool:
    doc = mention.doc
    start = mention.start - 1
    while start >= 0 and doc[start].text in {'"', "'"}:
        start -= 1
    return start >= 0 and doc[start].text == "("


def person_of(ctx: ReviewContext, mention: Span) -> str | None:
    """The real person a mention names: resolved to a full name, and not a character of the film."""
    name = ctx.person(mention)
    if name is None or ctx.is_reviewed_film(name) or name in ctx.characters.full:
        return None
    return name


def _director(ctx: ReviewContext, match: RuleMatch) -> None:
    confidence = CONFIDENCE[match.rule]
    names = [s for s in match.slots if s.label_ == "NAME"]
    titles = [s for s in match.slots if s.label_ == "TITLE"]
    person = person_of(ctx, names[0])
    if not person:
        return
    if match.rule == "director.films_like":
        for title in title_list(ctx, titles[0].start):
            ctx.add(
                "director", (person,), (match.span.start_char, title.end_char), match.rule, confidence, film=title.text
            )
    elif titles:
        ctx.add("director", (person,), match.span, match.rule, confidence, film=titles[0].text)
    elif match.rule == "director.possessive_film" and any(
        e.label_ == "TITLE" and not ctx.is_reviewed_film(e.text) for e in match.sentence.ents
    ):
        return  # "Varga's film" beside another title may mean that one
    elif match.rule not in CUE_RULES or _cue_names_this_films_director(ctx, match, person):
        film = subject_film(ctx, match)
        ctx.add("director", (person,), match.span, match.rule, confidence, film=film)
        if match.rule == "director.writer_director":  # "writer-director X" wrote it too
            ctx.add("screenwriter", (person,), match.span, match.rule, confidence, film=film)


def _cue_names_this_films_director(ctx: ReviewContext, match: RuleMatch, person: str) -> bool:
    """ "Director X" and "the director, X," introduce the film's director; "the Russian director X"
    and "the director X once said" describe someone else by trade."""
    if _plays_someone(ctx, person) or match.span[1].text == ",":
        return not _plays_someone(ctx, person)
    before = match.span[0].nbor(-1) if match.span.start > match.sentence.start else None
    return before is None or not (before.lower_ in {"the", "a", "an"} or before.text[:1].isupper())


def _plays_someone(ctx: ReviewContext, person: str) -> bool:
    return any(f.relation == "role" and f.values[0] == person for f in ctx.facts)


def _crew_fact(ctx: ReviewContext, relation: str, person: str, evidence, rule: str, film) -> None:
    if relation in {"cinematographer", "editor"}:
        ctx.add("crew", (relation, person), evidence, rule, CONFIDENCE[rule], film)
    else:
        ctx.add(relation, (person,), evidence, rule, CONFIDENCE[rule], film)


def _crew(ctx: ReviewContext, match: RuleMatch) -> None:
    preceding = {t.lower_ for t in ctx.doc[max(match.span.start - 4, 0) : match.span.start]}
    # "based on the story by X", "the novel written by X": the author of the source, not a screenwriter.
    if match.rule == "screenwriter.by" and preceding & {*WORK_NOUNS.split("|"), "based", "adapted"}:
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
    for mention in name_list(ctx, match.slots[0].start):
        person = person_of(ctx, mention)
        if person:
            _crew_fact(ctx, relation, person, (match.span.start_char, mention.end_char), match.rule, film)


def _based_on(ctx: ReviewContext, match: RuleMatch) -> None:
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
    ctx.add("basedOn", (WORK_TYPES[noun], title, author), match.span, match.rule, CONFIDENCE[match.rule])


def _cast(ctx: ReviewContext, match: RuleMatch) -> None:
    if match.rule == "cast.paren":
        _cast_in_parentheses(ctx, match)
        return
    if match.rule == "cast.actor_character":  # "the Varga character": the actor who plays it
        person = person_of(ctx, match.slots[0])
        if person and person not in {f.values[0] for f in ctx.facts if f.relation in CREW_ONLY}:
            ctx.add("actor", (person,), match.span, match.rule, CONFIDENCE[match.rule], subject_film(ctx, match))
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
            ctx.add(
                "actor", (person,), (match.span.start_char, mention.end_char), match.rule, CONFIDENCE[match.rule], film
            )


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
            (person,),
            (before.idx, match.span.end_char),
            match.rule,
            CONFIDENCE[match.rule],
            subject_film(ctx, match),
        )


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


def name_list(ctx: ReviewContext, start: int) -> list[Span]:
    """NAME mentions joined by commas and "and" from token `start` on: "A, B and C"."""
    return _mention_list(ctx, start, "NAME")


def title_list(ctx: ReviewContext, start: int) -> list[Span]:
    """TITLE mentions in a list ("A" (1971) and "B"), quotes and years between them skipped."""
    return _mention_list(ctx, start, "TITLE", skip={'"', "(", ")", ",", "and", "or"}, allow_years=True)


def _mention_list(
    ctx: ReviewContext, start: int, label: str, skip: set[str] | None = None, allow_years: bool = False
) -> list[Span]:
    """Mentions in a list. Only a list closed by "and"/"or" counts as one: in "by A, B, a cult
    director" B is in apposition to the subject, not a second author."""
    doc, found, index = ctx.doc, [], start
    separators = skip or {",", "and", "&"}
    by_start = {e.start: e for e in doc.ents}
    closed = False
    while index < len(doc):
        mention = by_start.get(index)
        if mention is None or mention.label_ != label:
            break
        found.append(mention)
        index = mention.end
        skipped = []
        while (
            index < len(doc)
            and len(skipped) < 6
            and (doc[index].lower_ in separators or (allow_years and doc[index].is_digit and len(doc[index]) == 4))
        ):
            skipped.append(doc[index].lower_)
            index += 1
        if not skipped:
            break
        if {"and", "&", "or"} & set(skipped):
            closed = True
            next_mention = by_start.get(index)
            if next_mention is not None and next_mention.label_ == label:
                found.append(next_mention)
            break
    return found if closed else found[:1]


def _previous_subject(ctx: ReviewContext, match: RuleMatch) -> Span | None:
    """Whom "he" or "she" refers to: a full name opening one of the two previous sentences, with
    no other name between it and the pronoun."""
    sentence = match.sentence
    for _ in range(2):
        if sentence.start == 0:
            return None
        sentence = ctx.doc[sentence.start - 1].sent
        names = [e for e in sentence.ents if e.label_ == "NAME"]
        if not names:
            continue
        first = names[0]
        opens = first.start <= sentence.start + 1 and len(first) >= 2
        return first if opens and all(ctx.person(n) == ctx.person(first) for n in names) else None
    return None


def _role(ctx: ReviewContext, match: RuleMatch) -> None:
    if match.rule == "role.pronoun":
        subject = _previous_subject(ctx, match)
        if subject is None:
            return
        first, second = subject, match.slots[0]
    else:
        first, second = match.slots[0], match.slots[1]
    character_first = match.rule in {"role.paren", "role.played_by", "role.in_role"}
    character, actor_mention = (first, second) if character_first else (second, first)
    actor = person_of(ctx, actor_mention)
    if not actor or ctx.person(character.text) == actor:
        return
    # A character is a name the review does not use for a crew member or other real person.
    if any(f.values[0] == ctx.person(character.text) for f in ctx.facts if f.relation in {"director", "screenwriter"}):
        return
    if match.rule == "role.plays" and (len(actor.split()) < 2 or _possessive_follows(character)):
        return  # "Varga is Rosa's mentor": a relation between characters, not a casting
    # "wanted to cast X as Y", "considered X for": a casting that did not happen.
    preceding = {t.lower_ for t in ctx.doc[max(match.span.start - 3, match.sentence.start) : match.span.start]}
    if preceding & {"cast", "casting", "wanted", "proposed", "considered", "instead", "originally"}:
        return
    name = ctx.characters.resolve(character.text) or character.text
    ctx.characters.add(name)
    ctx.add("role", (actor, name), match.span, match.rule, CONFIDENCE[match.rule], subject_film(ctx, match))


def _character(ctx: ReviewContext, match: RuleMatch) -> None:
    mention = match.slots[0]
    if match.span[0].lower_ == "named" and not _describing_noun_before(match.span[0]):
        return  # "a ferry captain named X" names a part; "he named X his heir" does not
    person = ctx.person(mention.text)
    real_people = {f.values[-1] for f in ctx.facts if f.relation in PERSON_FACTS}
    if person in real_people:
        return  # the cast or crew member, not a part ("the character of Varga's script")
    name = ctx.characters.resolve(mention.text) or person or mention.text
    ctx.characters.add(name)
    ctx.add("character", (name,), match.span, match.rule, CONFIDENCE[match.rule], subject_film(ctx, match))


def _describing_noun_before(token) -> bool:
    before = token.nbor(-1) if token.i > 0 else None
    return before is not None and before.is_alpha and before.text.islower() and not before.is_stop


def _possessive_follows(mention: Span) -> bool:
    return mention.end < len(mention.doc) and mention.doc[mention.end].lower_ in {"'s", "'"}


def _premiere(ctx: ReviewContext, match: RuleMatch) -> None:
    from kg import gazetteers

    film = subject_film(ctx, match)
    festival = re.sub(r"^(?:18|19|20)\d\d\s+", "", match.slots[0].text)  # "the 2017 X Film Festival"
    festival = gazetteers.festivals().get(festival, festival)
    dates = _dates_after(ctx, match.slots[0].end, match.sentence, limit=4)
    day = dates[0][0][0].isoformat() if dates and len(dates[0][0]) == 1 else ""
    end = dates[0][1].end_char if dates else match.span.end_char
    ctx.add("premiere", (festival, day), (match.span.start_char, end), match.rule, CONFIDENCE[match.rule], film)


def _release(ctx: ReviewContext, match: RuleMatch, relation: str = "release") -> None:
    from kg import gazetteers

    film = subject_film(ctx, match)
    countries = []
    index = match.slots[0].start
    doc = ctx.doc
    while index < match.sentence.end:
        mention = next((e for e in doc.ents if e.start == index), None)
        if mention is None or mention.label_ != "COUNTRY":
            break
        countries.append(gazetteers.countries().get(mention.text, mention.text))
        index = mention.end
        while index < len(doc) and doc[index].lower_ in {",", "and"}:
            index += 1
    dates = _dates_after(ctx, index, match.sentence, limit=3)
    if not dates:
        return
    days, date_mention = dates[0]
    following = doc[date_mention.end : min(date_mention.end + 4, match.sentence.end)]
    respectively = any(t.lower_ == "respectively" for t in following)
    if len(days) == len(countries) and (respectively or len(days) == 1):
        pairs = list(zip(countries, days, strict=False))
    elif len(days) == 1:
        pairs = [(country, days[0]) for country in countries]
    else:
        return
    evidence = (match.span.start_char, date_mention.end_char)
    for country, day in pairs:
        ctx.add(relation, (country, day.isoformat()), evidence, match.rule, CONFIDENCE[match.rule], film)


def _run_end(ctx: ReviewContext, match: RuleMatch) -> None:
    _release(ctx, match, "runEnd")


def _dates_after(ctx: ReviewContext, index: int, sentence: Span, limit: int):
    """The first DATE mention within `limit` tokens of `index`, with the days it names."""
    from kg.dates import DATE_PATTERN, dates_of_match, infer_year

    for mention in sentence.ents:
        if mention.label_ != "DATE" or mention.start < index or mention.start - index > limit:
            continue
        found = DATE_PATTERN.search(mention.text)
        days = dates_of_match(found) if found else []
        if found and not days:
            month_day = dates_of_match(found, default_year=2000)
            year = infer_year(month_day[0].month, month_day[0].day, ctx.review_date) if month_day else None
            days = dates_of_match(found, default_year=year) if year else []
        if days:
            return [(days, mention)]
    return []


HANDLERS = {
    "character": _character,
    "director": _director,
    "crew": _crew,
    "screenwriter": _crew,
    "composer": _crew,
    "producer": _crew,
    "cinematographer": _crew,
    "editor": _crew,
    "basedOn": _based_on,
    "cast": _cast,
    "role": _role,
    "premiere": _premiere,
    "release": _release,
    "runEnd": _run_end,
}
