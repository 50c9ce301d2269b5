"""What a quoted or emphasized title names: the reviewed film (perhaps by a short name), another
film, or something else a review quotes (a song, a series, a book, a chapter, a nickname, a line).

A title counts as another film only when the text treats it as one: a film word near it ("his
1997 film", "the remake"), a year after it ("(1958)"), a filmmaker's possessive ("Varga's "Salt""),
a film role or credit in it, or a list it shares with such a title. Words of other media near it
("the song", "the series", "chapter") make it something else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Span

FILM_WORDS = set(
    """
    film films movie movies picture pictures feature features documentary documentaries remake remakes sequel
    sequels prequel prequels thriller thrillers drama dramas comedy comedies western westerns melodrama
    melodramas epic epics cartoon cartoons blockbuster blockbusters noir horror sci-fi rom-com biopic
    biopics franchise trilogy adaptation debut filmography directed director directors directing
    directorial filmmaker filmmakers starred starring co-starred co-starring stars star cast role roles
    played plays playing screenplay scripted shot released release box-office box cinema cinematic
    screen screens screened premiere premiered oscar oscars academy nominated classic classics
    masterpiece masterpieces animated animation spinoff spin-off reboot helmed
    """.split()
)
OTHER_WORDS = set(
    """
    song songs sing sings sang singing sung tune tunes track tracks album albums single singles lyric lyrics
    anthem hymn ballad aria band
    series sitcom season seasons episode episodes tv television network miniseries serial
    book books novel novels novella chapter chapters poem poems play plays stage opera
    magazine newspaper column article essay headline slogan sign painting paintings game games podcast
    ride brand company product motto catchphrase phrase word words line lines says said asks asked
    tells told shouts replies replied nicknamed dubbed
    """.split()
)
# Words that belong to both lists read as film words only next to a film title ("plays" a role / a play).
AMBIGUOUS = FILM_WORDS & OTHER_WORDS
NAMING = {"call", "calls", "called", "calling", "named", "nicknamed", "dubbed", "known", "nicknames", "dubs"}
WINDOW = 6  # tokens either side of the title, within its sentence
YEAR_AFTER = re.compile(r"""^["'\s,]*\(?\s*(?:in\s+)?(?:18|19|20)\d\d\b""")
TV_TITLE = re.compile(r"\b(?:Show|Hour|Tonight|Live)$")  # "The Ed Sullivan Show"
SEQUEL_REST = re.compile(r"^(?:\d+|[ivx]+|part\b.*|chapter\b.*|:.*|returns?|reloaded|2\b.*)$", re.I)


def title_key(title: str) -> str:
    return " ".join(title.lower().replace("the ", " ").split()).strip(" ,.:;!?\"'")


def names_reviewed_film(title: str, reviewed: str | None) -> bool:
    """The reviewed film, by its full title or a short one: "Lanterns" for "The Lanterns of
    Varga", "Harbor" for "Silent Harbor". A franchise's first film ("Salt Road" in a review of
    "Salt Road 3") is another film."""
    if not title or not reviewed:
        return False
    short, full = title_key(title), title_key(reviewed)
    if short == full:
        return True
    if len(short) < 4 or not re.search(r"[a-z]", short):
        return False
    if full.startswith(short + " "):
        return not SEQUEL_REST.match(full[len(short) + 1 :].strip())
    if ":" in reviewed and short == title_key(reviewed.split(":", 1)[1]):
        return True  # "The Long Tide" for "Harbor Lights: The Long Tide"
    return full.endswith(" " + short) and ":" not in reviewed


def context_evidence(doc, start: int, end: int, sentence: Span) -> int:
    """Film words minus other media's words around tokens [start, end) of one sentence. Film words
    count across the sentence, more when close; other media's words only close by."""
    before = [t.lower_ for t in doc[sentence.start : start]]
    after = [t.lower_ for t in doc[end : sentence.end]]
    score = 0
    for distance, word in [*enumerate(reversed(before), 1), *enumerate(after, 1)]:
        if word in AMBIGUOUS:
            continue
        if word in FILM_WORDS:
            score += 2 if distance <= 3 else 1
        elif word in OTHER_WORDS and distance <= WINDOW:
            score -= 2 if distance <= 3 else 1
    return score


def own_evidence(mention: Span, text: str) -> int:
    """What one title mention carries itself: a year after it, a filmmaker's possessive before it,
    a question or exclamation mark (a line of dialogue)."""
    doc = mention.doc
    score = 0
    if YEAR_AFTER.match(text[mention.end_char : mention.end_char + 12]):
        score += 2
    # "Kubrick's "The Shining"".
    start = mention.start - (1 if mention.start > 0 and doc[mention.start - 1].text in {'"', "'"} else 0)
    if start >= 2 and doc[start - 1].lower_ in {"'s", "'"} and doc[start - 2].ent_type_ == "NAME":
        score += 1
    # A name given: "the town calls him "Lucky"", not "a film called "Lucky"".
    before = [token.lower_ for token in doc[max(start - 2, 0) : start]]
    if before and before[-1] in NAMING and not (len(before) > 1 and before[-2] in FILM_WORDS):
        score -= 3
    # Dialogue and exclamations: "Sable?" asks the producer.
    if mention.text.rstrip().endswith(("?", "!")) or text[mention.end_char : mention.end_char + 1] in {"?", "!"}:
        score -= 2
    if TV_TITLE.search(mention.text):
        score -= 3
    return score


def film_titles(mentions: Iterable[Span], sentence_of, text: str, reviewed: str | None) -> dict[str, str]:
    """Each title mentioned -> "reviewed", "film", "other" or "unknown". A title is a film when any
    of its mentions is treated as one and none says otherwise; it is something else when the words
    around it say so; with no word either way it is unknown (a fact the review states of it, such
    as its director, then makes it a film). Titles listed together ("A," "B" and "C") are of one
    kind: the words around the list and what each title carries count for all of them."""
    titles = [m for m in mentions if m.label_ == "TITLE"]
    evidence: dict[str, list[int]] = {}
    for group in _lists(titles):
        sentence = sentence_of(group[0].start)
        score = context_evidence(group[0].doc, group[0].start, group[-1].end, sentence)
        score += sum(own_evidence(m, text) for m in group)
        for mention in group:
            evidence.setdefault(mention.text, []).append(score)
    kinds = {}
    for title, scores in evidence.items():
        if names_reviewed_film(title, reviewed):
            kinds[title] = "reviewed"
        elif max(scores) > 0 and min(scores) > -2:
            kinds[title] = "film"
        elif min(scores) < 0:
            kinds[title] = "other"
        else:
            kinds[title] = "unknown"
    return kinds


def _lists(titles: list[Span]) -> list[list[Span]]:
    """Titles that follow each other with only commas, quotes, years and "and"/"or" between them."""
    groups: list[list[Span]] = []
    for mention in titles:
        if groups:
            previous = groups[-1][-1]
            between = mention.doc[previous.end : mention.start]
            if len(between) <= 8 and all(
                t.text in {",", '"', "(", ")", "and", "or", "&", ";"} or t.like_num or t.is_space for t in between
            ):
                groups[-1].append(mention)
                continue
        groups.append([mention])
    return groups
