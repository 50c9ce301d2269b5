"""Whether a sentence states a credit of the reviewed film, or only supposes, compares or denies one.

Critics name people in hypotheticals ("a young X, say, would have been fatal", "imagine X in the
part"), comparisons ("like X in Y", "unlike X", "recalls X"), negations ("not X but Y") and in
asides about other films ("X, who starred in "Y""). Such a mention states no credit of the film
under review. Every prose rule goes through this one check, so that no rule repeats it.
"""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.nlp import token_table

# Words that suppose rather than state, anywhere in the clause around a mention.
SUPPOSING = {"say", "imagine", "imagining", "suppose", "supposing", "hypothetically", "envision", "picture"}
# Modal verbs that, before "have", make what follows a counterfactual ("would have been fatal").
MODALS = {"would", "could", "might", "should", "must", "'d"}
# Words that, just before a name, compare the film's people with someone else.
COMPARING = {
    "like", "unlike", "recalls", "recalling", "recall", "evokes", "evoking", "evoke", "echoes", "echoing",
    "channels", "channeling", "channelling", "resembles", "resembling", "la", "next", "imitating",
    "imitates", "impersonating", "impersonates", "idolizes", "worships", "admires", "homage",
}
COMPARING_PHRASES = [
    ("reminiscent", "of"), ("reminds", "of"), ("reminded", "of"), ("compared", "to"), ("compared", "with"),
    ("comparison", "to"), ("comparison", "with"), ("similar", "to"), ("vein", "of"), ("tradition", "of"),
    ("shades", "of"), ("echoes", "of"), ("style", "of"), ("spirit", "of"), ("heir", "to"), ("successor", "to"),
]
ARCHETYPES = {"a", "an", "the", "young", "old", "early", "late"}  # "like a young X", "the next X"
NEGATING = {"not", "n't", "never", "nor", "neither", "no"}
CREDIT_WORDS = {"by", "as", "a", "an", "the", "directed", "written", "played", "starring", "cast", "scored", "even",
                "actor", "actress", "star", "director", "composer", "writer", "producer"}
CAST_NOUNS = {"actors", "actresses", "players", "performers", "stars", "cast", "members", "ensemble", "co-stars"}
# Castings that did not happen: "instead of X", "wanted X for the part". ("Replaced by X" names
# the one who did play it, so "replaced" is not here.)
INSTEAD = [("instead", "of"), ("rather", "than"), ("in", "place", "of"), ("replacing",), ("wanted",),
           ("considered",), ("proposed",), ("turned", "down"), ("passed", "on")]
# "Not only X", "not just X", "not to mention X": negation words that add rather than deny.
NOT_DENYING = {"only", "just", "merely", "simply", "mention", "least"}
CLAUSE_BREAKS = {";", ":", "(", ")", "but", "—", "–"}


def clause_bounds(lower: list[str], sentence: Span, mention: Span) -> tuple[int, int]:
    """The stretch of the sentence around a mention up to the nearest clause break on each side
    (a semicolon, a colon, a parenthesis, a dash, "but"), as token indexes."""
    start = mention.start
    while start > sentence.start and lower[start - 1] not in CLAUSE_BREAKS:
        start -= 1
    end = mention.end
    while end < sentence.end and lower[end] not in CLAUSE_BREAKS:
        end += 1
    return start, end


def stance(sentence: Span, mention: Span) -> str | None:
    """Why a person mention states no credit of the film ("hypothetical", "comparison",
    "negated", "not cast"), or None when the sentence states it plainly."""
    doc = mention.doc
    lower = token_table(doc).lower  # plain strings: spaCy makes a Token object per access
    start, end = clause_bounds(lower, sentence, mention)
    before = lower[max(start, mention.start - 4) : mention.start]
    # "(a young X, say)", "imagine X as the lead".
    if SUPPOSING.intersection(lower[start:end]) and _supposes(doc[start:end]):
        return "hypothetical"
    # "X would have been fatal": the mention is the subject of a counterfactual.
    after = lower[mention.end : end]
    for index, word in enumerate(after[:-1]):
        if word in MODALS and after[index + 1] in {"have", "'ve"} and "than" not in after[:index]:
            return "hypothetical"
    if _compared(before):
        return "comparison"
    if any(tuple(before[i : i + len(p)]) == p for p in COMPARING_PHRASES for i in range(len(before))):
        return "comparison"
    if _denied(lower, mention):
        return "negated"
    near = lower[max(sentence.start, mention.start - 6) : mention.start]
    if any(tuple(near[i : i + len(p)]) == p for p in INSTEAD for i in range(len(near))):
        return "not cast"
    return None


def _compared(before: list[str]) -> bool:
    """ "like X", "unlike X", "the next X", "a young X": someone the film's people are compared
    with. "Supporting players like X and Y" gives examples of the cast instead."""
    if not before:
        return False
    compared = before[-1] in COMPARING or (len(before) > 1 and before[-2] in COMPARING and before[-1] in ARCHETYPES)
    examples = before[-1] == "like" and len(before) > 1 and before[-2] in CAST_NOUNS
    return compared and not examples


def _denied(lower: list[str], mention: Span) -> bool:
    """ "not X", "not by X", "wasn't directed by X": a negation right before the name, with only
    a credit's own words between ("no-nonsense Beth" and "doesn't trust Hagen" deny nothing)."""
    index = mention.start - 1
    while index >= max(mention.start - 4, 0) and lower[index] in CREDIT_WORDS:
        index -= 1
    if index < 0 or lower[index] not in NEGATING:
        return False
    glued = index + 1 < len(lower) and lower[index + 1] == "-"  # "no-nonsense"
    return not glued and not (index + 1 < len(lower) and lower[index + 1] in NOT_DENYING)


def _supposes(clause: Span) -> bool:
    """A supposing word used as one: "say" set off on both sides ("a young X, say,"), or
    "imagine", "suppose", "picture" opening the clause as a command ("Imagine X as the lead")
    ("hard to imagine anyone but X" states that X is the one)."""
    doc = clause.doc
    for token in clause:
        word = token.lower_
        if word not in SUPPOSING:
            continue
        previous = doc[token.i - 1].lower_ if token.i > 0 else ""
        following = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
        if word == "say":
            if previous in {",", "("} and following in {",", ")"}:
                return True
        elif token.i == clause.start or token.is_sent_start or previous in {"just", "now"}:
            return True
    return False
