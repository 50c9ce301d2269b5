"""Relation rules: Matcher patterns over mentions, each with the confidence of what it asserts.

Confidence is the rule's precision as measured on the gold reviews, rounded down; rules that
rest on one cue word ("director X") rank below those that rest on a construction ("a film by X").
"""

from __future__ import annotations

from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Span

from kg.extract.context import ReviewContext
from kg.extract.patterns import RuleMatch, build_matcher, find

FILM_NOUNS = "film|movie|documentary|feature|picture|thriller|drama|comedy|western|musical|melodrama|satire|adaptation"
WORK_NOUNS = "novel|book|novella|play|memoir|story|stories|bestseller|comic|manga|autobiography|biography"

RULES: dict[str, list[str]] = {
    # director
    "director.film_by": [f"{FILM_NOUNS} by {{NAME}}", "directed|helmed by {NAME}", "direction by|from {NAME}"],
    "director.cue": ["director|filmmaker|writer-director {NAME}"],
    "director.possessive_title": ["{NAME} 's|' {TITLE}"],
    "director.possessive_film": ["{NAME} 's|' new|latest|last|first|own ? film|movie|picture|direction"],
    "director.of_title": ["{NAME} , ~12 director|helmer|maker|filmmaker|auteur of ~6 {TITLE}",
                          "{NAME} , who directed|made|helmed ~3 {TITLE}",
                          "{TITLE} director|helmer|filmmaker {NAME}"],
    # writing, music, other crew
    "screenwriter.by": ["script|screenplay|scenario|teleplay by|from {NAME}", "scripted|penned by {NAME}",
                        "screenwriter|scenarist|writer-director|co-writer {NAME}", "{NAME} 's|' script|screenplay",
                        "written by {NAME}"],
    "composer.by": ["score|music|soundtrack by|from {NAME}", "scored|composed by {NAME}",
                    "composer {NAME}", "{NAME} 's|' score|music"],
    "producer.by": ["produced by {NAME}", "producer {NAME}"],
    "cinematographer.by": ["cinematography|photography|camerawork by|from {NAME}", "photographed|lensed by {NAME}",
                           "cinematographer {NAME}", "director of photography {NAME}"],
    "editor.by": ["edited by {NAME}", "editor {NAME}"],
    # the source work
    "basedOn.work_by": [f"based|adapted on|from the|a|an ? ~4 {WORK_NOUNS} of|by {{NAME}}",
                        f"based|adapted on|from {{NAME}} 's|' ~3 {WORK_NOUNS}",
                        f"based|adapted on|from the|a|an ? ~3 {WORK_NOUNS} {{TITLE}} , ? by {{NAME}}",
                        f"{{NAME}} 's|' ~2 {WORK_NOUNS} , ? {{TITLE}} ,"],
    # cast
    "cast.film_with": [f"{FILM_NOUNS} by {{NAME}} , ? with|starring {{NAME}}"],
    "cast.starring": ["starring|stars|co-starring|co-stars {NAME}", "cast includes|including {NAME}"],
    "role.paren": ["{NAME} ( {NAME} )"],
    "role.plays": ["{NAME} is|plays|portrays|as {NAME}", "{NAME} stars as {NAME}", "{NAME} , as {NAME} ,"],
    # events
    "premiere.at": ["premiered|premieres|debuted|debuts|bowed|screened at the ? {FESTIVAL}",
                    "premiere at|in the ? {FESTIVAL}"],
    "release.in": ["open|opens|opened|opening|release|released|releases|arrive|arrives|hits ~4 in {COUNTRY}"],
    "runEnd.in": ["end|ends|ended|close|closes|closing|conclude|concludes its|the ? theatrical ? run ~2 in {COUNTRY}"],
}
CREW_RELATIONS = {"screenwriter.by": "screenwriter", "composer.by": "composer", "producer.by": "producer"}
CONTRIBUTOR_ROLES = {"cinematographer.by": "cinematographer", "editor.by": "editor"}
WORK_TYPES = {"novel": "Book", "book": "Book", "novella": "Book", "memoir": "Book", "bestseller": "Book",
              "autobiography": "Book", "biography": "Book", "story": "ShortStory", "stories": "Book",
              "comic": "ComicStory", "manga": "ComicStory", "play": "CreativeWork"}
CONFIDENCE = {
    "director.film_by": 0.9, "director.cue": 0.75, "director.possessive_title": 0.8,
    "director.possessive_film": 0.7, "director.of_title": 0.8, "screenwriter.by": 0.85,
    "composer.by": 0.9, "producer.by": 0.8, "cinematographer.by": 0.85, "editor.by": 0.8,
    "basedOn.work_by": 0.9, "cast.film_with": 0.85, "cast.starring": 0.85, "role.paren": 0.85,
    "role.plays": 0.75, "premiere.at": 0.9, "release.in": 0.85, "runEnd.in": 0.85,
}


@lru_cache(maxsize=1)
def _matcher() -> Matcher:
    from kg.nlp import pipeline

    return build_matcher(pipeline().vocab, RULES)


def apply_rules(ctx: ReviewContext) -> None:
    matches = find(_matcher(), RULES, ctx.doc)
    # Roles first: a cast list and the "the director" rules consult who plays whom.
    for match in sorted(matches, key=lambda m: not m.rule.startswith("role.")):
        handler = HANDLERS.get(match.rule.split(".")[0])
        if handler:
            handler(ctx, match)


# --- which film a match speaks of -------------------------------------------------------------

def subject_film(ctx: ReviewContext, match: RuleMatch):
    """None for the reviewed film, or the title of another film named before the match in its sentence.

    A title after the match is usually the object of another phrase, so only earlier ones count.
    """
    before = [e for e in match.sentence.ents if e.label_ == "TITLE" and e.end <= match.span.start]
    if before and not ctx.is_reviewed_film(before[-1].text):
        return before[-1].text
    return None


def person_of(ctx: ReviewContext, mention: Span) -> str | None:
    name = ctx.person(mention)
    if name is None or ctx.is_reviewed_film(name):
        return None
    return name


def _director(ctx: ReviewContext, match: RuleMatch) -> None:
    confidence = CONFIDENCE[match.rule]
    if match.rule in {"director.possessive_title", "director.of_title"}:
        names = [s for s in match.slots if s.label_ == "NAME"]
        titles = [s for s in match.slots if s.label_ == "TITLE"]
        person = person_of(ctx, names[0])
        if person:
            ctx.add("director", (person,), match.span, match.rule, confidence, film=titles[0].text)
        return
    film = subject_film(ctx, match)
    person = person_of(ctx, match.slots[0])
    if person and not (match.rule == "director.cue" and _plays_someone(ctx, person)):
        ctx.add("director", (person,), match.span, match.rule, confidence, film=film)


def _plays_someone(ctx: ReviewContext, person: str) -> bool:
    return any(f.relation == "role" and f.values[0] == person for f in ctx.facts)


def _crew(ctx: ReviewContext, match: RuleMatch) -> None:
    film = subject_film(ctx, match)
    person = person_of(ctx, match.slots[0])
    if not person:
        return
    # "the novel written by X" names the novelist, not the screenwriter.
    preceding = {t.lower_ for t in ctx.doc[max(match.span.start - 4, 0):match.span.start]}
    if match.rule == "screenwriter.by" and preceding & set(WORK_NOUNS.split("|")):
        return
    if match.rule in CONTRIBUTOR_ROLES:
        ctx.add("crew", (CONTRIBUTOR_ROLES[match.rule], person), match.span, match.rule, CONFIDENCE[match.rule], film)
    else:
        ctx.add(CREW_RELATIONS[match.rule], (person,), match.span, match.rule, CONFIDENCE[match.rule], film)


def _based_on(ctx: ReviewContext, match: RuleMatch) -> None:
    names = [s for s in match.slots if s.label_ == "NAME"]
    titles = [s for s in match.slots if s.label_ == "TITLE"]
    author = person_of(ctx, names[0])
    if not author:
        return
    noun = next((t.lower_ for t in match.span if t.lower_ in WORK_TYPES), "book")
    title = titles[0].text if titles else ""
    says_based_on = match.span[0].lower_ in {"based", "adapted"}
    if not says_based_on and not ctx.is_reviewed_film(title):
        # "Ishiguro's novel, "Never Let Me Go,"": the work shares the film's title, else it is no source.
        return
    ctx.add("basedOn", (WORK_TYPES[noun], title, author), match.span, match.rule, CONFIDENCE[match.rule])


def _cast(ctx: ReviewContext, match: RuleMatch) -> None:
    film = subject_film(ctx, match)
    cue = next(t for t in match.span if t.lower_ in {"with", "starring", "stars", "co-starring", "co-stars",
                                                      "includes", "including"})
    for mention in name_list(ctx, cue.i + 1):
        person = person_of(ctx, mention)
        if person:
            ctx.add("actor", (person,), (match.span.start_char, mention.end_char), match.rule,
                    CONFIDENCE[match.rule], film)


def name_list(ctx: ReviewContext, start: int) -> list[Span]:
    """NAME mentions joined by commas and "and" from token `start` on: "A, B and C"."""
    doc, names, index = ctx.doc, [], start
    while index < len(doc):
        mention = next((e for e in doc.ents if e.start == index), None)
        if mention is None or mention.label_ != "NAME":
            break
        names.append(mention)
        index = mention.end
        separators = 0
        while index < len(doc) and doc[index].lower_ in {",", "and", "&"} and separators < 2:
            index += 1
            separators += 1
        if not separators:
            break
    return names


def _role(ctx: ReviewContext, match: RuleMatch) -> None:
    first, second = match.slots[0], match.slots[1]
    actor_mention, character = (second, first) if match.rule == "role.paren" else (first, second)
    actor = person_of(ctx, actor_mention)
    film = subject_film(ctx, match)
    if not actor or ctx.person(character.text) == actor:
        return
    # A character is a name the review does not use for a crew member or other real person.
    if any(f.values[0] == ctx.person(character.text) for f in ctx.facts if f.relation in {"director", "screenwriter"}):
        return
    if match.rule == "role.plays" and len(actor.split()) < 2:
        return
    name = ctx.characters.resolve(character.text) or character.text
    ctx.characters.add(name)
    ctx.add("role", (actor, name), match.span, match.rule, CONFIDENCE[match.rule], film)


def _premiere(ctx: ReviewContext, match: RuleMatch) -> None:
    from kg import gazetteers

    film = subject_film(ctx, match)
    festival = match.slots[0].text
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
    following = doc[date_mention.end:min(date_mention.end + 4, match.sentence.end)]
    respectively = any(t.lower_ == "respectively" for t in following)
    if len(days) == len(countries) and (respectively or len(days) == 1):
        pairs = list(zip(countries, days))
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
    "director": _director, "screenwriter": _crew, "composer": _crew, "producer": _crew,
    "cinematographer": _crew, "editor": _crew, "basedOn": _based_on, "cast": _cast, "role": _role,
    "premiere": _premiere, "release": _release, "runEnd": _run_end,
}
