"""Handlers for release events: festival premieres, releases per country, the end of a run."""

from __future__ import annotations

import re

from spacy.tokens import Span

from kg.extract.context import ReviewContext
from kg.extract.facts import Premiere, Run
from kg.extract.mentions import subject_film
from kg.extract.patterns import RuleMatch
from kg.extract.rulebook import CONFIDENCE
from kg.lexicon import gazetteers
from kg.lexicon.dates import DATE_PATTERN, dates_of_match, infer_year


def premiere(ctx: ReviewContext, match: RuleMatch) -> None:

    film = subject_film(ctx, match)
    festival = re.sub(r"^(?:18|19|20)\d\d\s+", "", match.slots[0].text)  # "the 2017 X Film Festival"
    festival = gazetteers.festivals().get(festival, festival)
    dates = _dates_after(ctx, match.slots[0].end, match.sentence, limit=4)
    day = dates[0][0][0].isoformat() if dates and len(dates[0][0]) == 1 else ""
    end = dates[0][1].end_char if dates else match.span.end_char
    ctx.add("premiere", Premiere(festival=festival, date=day), (match.span.start_char, end), match.rule,
            CONFIDENCE[match.rule], film)


def release(ctx: ReviewContext, match: RuleMatch, relation: str = "release") -> None:

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
        run = Run(country=country, date=day.isoformat())
        ctx.add(relation, run, evidence, match.rule, CONFIDENCE[match.rule], film)


def run_end(ctx: ReviewContext, match: RuleMatch) -> None:
    release(ctx, match, "runEnd")


def _dates_after(ctx: ReviewContext, index: int, sentence: Span, limit: int):
    """The first DATE mention within `limit` tokens of `index`, with the days it names."""

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
