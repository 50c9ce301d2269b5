"""Who and what a rule match speaks of: its film, the real person behind a name, lists of names."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.context import AMBIGUOUS, ReviewContext
from kg.extract.patterns import RuleMatch

NEAR_TITLE_TOKENS = 6  # "Lanterns," a film by X / In "Lanterns," X plays Y: the title sits close


def subject_film(ctx: ReviewContext, match: RuleMatch) -> str | None:
    """None for the reviewed film, the title of another film named just before the match, or
    AMBIGUOUS when another film is named earlier in the sentence but not next to the match.
    Titles in parentheses are asides ("shot by Y ("Lanterns")") and never the subject."""
    if _apposition_to_unnamed_film(ctx, match):
        return AMBIGUOUS
    following = _title_just_after(ctx, match)
    if following is not None:
        return following
    # Titles before the match in its clause: a semicolon or a dash starts another statement.
    clause_start = max((t.i + 1 for t in ctx.doc[match.sentence.start : match.span.start] if t.text in {";", "—"}),
                       default=match.sentence.start)
    before = [
        e for e in ctx.mentions_in((clause_start, match.span.start), "TITLE")
        if not in_parentheses(e) and ctx.title_kinds.get(e.text) != "other"
    ]
    if not before or ctx.is_reviewed_film(before[-1].text):
        return None
    if match.span.start - before[-1].end <= NEAR_TITLE_TOKENS:
        return before[-1].text
    return AMBIGUOUS


def _title_just_after(ctx: ReviewContext, match: RuleMatch) -> str | None:
    """ "X's turn as Kurtz in "Y"", "X's score for "Y"": a credit in another film, named right after."""
    doc, index = ctx.doc, match.span.end
    if index < match.sentence.end and doc[index].lower_ in {"in", "from", "for", "on"}:
        index += 1
        while index < match.sentence.end and doc[index].text == '"':
            index += 1
        mention = ctx.mention_starting.get(index)
        if mention is not None and mention.label_ == "TITLE" and not ctx.is_reviewed_film(mention.text) \
                and ctx.title_kinds.get(mention.text) != "other":
            return mention.text
    return None


def _apposition_to_unnamed_film(ctx: ReviewContext, match: RuleMatch) -> bool:
    """ "Saw Harbor Of Glass, a tender drama starring X": an indefinite film noun set after a
    capitalized name that is not the reviewed film's describes another film."""
    doc, index = ctx.doc, match.span.start - 1
    while index > match.sentence.start and doc[index].is_alpha and doc[index].text.islower() and \
            doc[index].lower_ not in {"a", "an"} and match.span.start - index <= 4:
        index -= 1
    if index <= match.sentence.start + 1 or doc[index].lower_ not in {"a", "an"} or doc[index - 1].text != ",":
        return False
    named = doc[index - 2]
    if not named.text[:1].isupper():
        return False
    mention = next((m for m in ctx.mentions if m.start <= named.i < m.end), None)
    return not (mention is not None and mention.label_ == "TITLE" and ctx.is_reviewed_film(mention.text))


def in_parentheses(mention: Span) -> bool:
    doc = mention.doc
    start = mention.start - 1
    while start >= 0 and doc[start].text in {'"', "'"}:
        start -= 1
    return start >= 0 and doc[start].text == "("


def person_of(ctx: ReviewContext, mention: Span) -> str | None:
    """The real person a mention names in a credit: resolved to a full name, not a character of
    the film, and not the critic who signed the review (a byline names no cast or crew)."""
    name = ctx.person(mention)
    if name is None or ctx.is_reviewed_film(name) or ctx.is_reviewed_film(mention.text) or name in ctx.characters.full:
        return None
    return None if ctx.is_review_author(name) else name


def name_list(ctx: ReviewContext, start: int) -> list[Span]:
    """NAME mentions joined by commas and "and" from token `start` on: "A, B and C"."""
    return _mention_list(ctx, start, "NAME")


def name_list_before(ctx: ReviewContext, last: Span) -> list[Span]:
    """NAME mentions joined by commas and "and" that end with `last`: "A, B and C wrote"."""
    found = [last]
    index = last.start
    doc = ctx.doc
    by_end = {m.end: m for m in ctx.mentions if m.label_ == "NAME"}
    while True:
        cursor = index - 1
        skipped = []
        while cursor >= 0 and doc[cursor].lower_ in {",", "and", "&"} and len(skipped) < 3:
            skipped.append(doc[cursor].lower_)
            cursor -= 1
        mention = by_end.get(cursor + 1)
        if not skipped or mention is None or (len(found) == 1 and not {"and", "&"} & set(skipped)):
            break
        found.insert(0, mention)
        index = mention.start
    return found


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
    by_start = ctx.mention_starting
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


def previous_subject(ctx: ReviewContext, match: RuleMatch) -> Span | None:
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


def possessive_follows(mention: Span) -> bool:
    return mention.end < len(mention.doc) and mention.doc[mention.end].lower_ in {"'s", "'"}


def describing_noun_before(token) -> bool:
    before = token.nbor(-1) if token.i > 0 else None
    return before is not None and before.is_alpha and before.text.islower() and not before.is_stop
