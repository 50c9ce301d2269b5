"""The spaCy pipeline: blank English tokenizer, line-aware sentences, and mention spans.

No statistical model: mentions are found by closed-class lists (countries, festivals) and
patterns of English typography (capitalized name sequences, quoted title-case titles, dates).
They are written to `doc.ents` so that relation rules can match them with `ENT_TYPE`.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, filter_spans

from kg import gazetteers
from kg.dates import DATE_PATTERN

# Lower-case words that sit inside a personal name ("Guillermo del Toro").
NAME_PARTICLES = set("al bin da das de del della den der di dos du la le st. van von".split())
# Capitalized words that open a sentence or a title but are not names.
NOT_NAME = set(
    """
    a above academy actor actors actress after all also although american an and apr as at aug author award awards
    bad because before both british but by christmas cinematographer clearly composer cons critic dec director
    directors each editor english even every feb film for french friday from gallery german gmt god good he her
    here his hollywood how i if image images in it italian its jan jul jun just later like mar may monday movie my
    neither no not nov novelist now oct on once one only or oscar oscars our photo producer pros rating review
    reviews russian saturday screenwriter sep sept she similarly sir so star stars still sunday that the their
    then there these they this those though three thursday truth tuesday two unlike utc verdict watching we
    wednesday what when where which while who why with writer years yet you your
    """.split()
)
# Words a title may leave in lower case ("The Lamp and the Seven Keys").
TITLE_SMALL_WORDS = set(
    "' 's - a an and as at but by for from in into is n't nor of on or the to upon vs vs. with".split()
)
FESTIVAL_PATTERN = re.compile(
    r"\b(?:the\s+)?((?:\d{4}\s+)?(?:[A-Z][\w'.-]+\s+){1,4}(?:International\s+)?Film\s+Festival"
    r"|Festival\s+de\s+[A-Z]\w+)"
)
# An opening quote follows a space, a bracket or the line start; a closing one is not glued to a letter.
QUOTED = re.compile(r'(?:^|(?<=[\s(\[-]))"([^"\n]{1,120}?)"(?![A-Za-z])', re.M)
ITALICS = re.compile(r"(?:^|(?<=[\s(\[-]))\*([^*\n]{1,120}?)\*(?![A-Za-z])", re.M)  # *Title* in plain text


@lru_cache(maxsize=1)
def pipeline() -> Language:
    nlp = spacy.blank("en")
    # A quote glued between two words ('Abara"Harbor', a page's run-together captions) splits them.
    # Dashes between words ("Brask)—and") and a closing bracket glued to a word split too.
    infixes = [*nlp.Defaults.infixes, r'(?<=[A-Za-z.,!?])"(?=[A-Za-z(\[-])', r"[\u2013\u2014]",
               r"[)\]](?=[\u2013\u2014\w])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe("kg_sentences")
    nlp.add_pipe("kg_mentions")
    return nlp


def parse(text: str, film_title: str | None = None, emphasis: list[tuple[int, int]] | None = None) -> Doc:
    """Tokens, sentences and mentions; `film_title` (from the page) is also found without quotes;
    `emphasis` (Document.emphasis: spans the source set in italics) are title candidates too."""
    nlp = pipeline()
    doc = nlp.make_doc(text)
    doc.user_data["film_title"] = film_title
    doc.user_data["emphasis"] = emphasis or []
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


@Language.component("kg_sentences")
def line_sentences(doc: Doc) -> Doc:
    """Sentences end at line breaks and at . ! ? before a capital, a quote or a digit."""
    tokens = [(token.text, token.whitespace_, token.is_digit) for token in doc]
    starts = numpy.full((len(tokens), 1), -1, dtype="int32")  # SENT_START: 1 starts a sentence, -1 not
    for index, (text, _, is_digit) in enumerate(tokens):
        if index == 0:
            starts[index] = 1
            continue
        previous, previous_space, _ = tokens[index - 1]
        if "\n" in previous or "\n" in previous_space:
            starts[index] = 1
        else:
            after_stop = previous in {".", "!", "?", '."', '!"', '?"'} or (
                previous == '"' and index > 1 and tokens[index - 2][0] in {".", "!", "?"}
            )
            if after_stop and (text[:1].isupper() or text[:1] in {'"', "("} or is_digit):
                starts[index] = 1
    # One array write instead of a setter per token (each setter rescans the doc's annotations).
    return doc.from_array([SENT_START], starts.astype("uint64")) if tokens else doc


@lru_cache(maxsize=1)
def _phrase_matcher() -> PhraseMatcher:
    matcher = PhraseMatcher(pipeline().vocab)
    tokenizer = pipeline().tokenizer
    matcher.add("COUNTRY", [tokenizer(name) for name in gazetteers.countries()])
    matcher.add("FESTIVAL", [tokenizer(name) for name in gazetteers.festivals()])
    return matcher


@Language.component("kg_mentions")
def mark_mentions(doc: Doc) -> Doc:
    spans: list[Span] = []
    spans += _char_spans(doc, ((m.start(1), m.end(1)) for m in _titles(doc.text, doc.user_data.get("emphasis"))),
                         "TITLE")
    spans += _char_spans(doc, _unquoted_title(doc.text, doc.user_data.get("film_title")), "TITLE")
    spans += _char_spans(doc, ((m.start(), m.end()) for m in DATE_PATTERN.finditer(doc.text)), "DATE")
    spans += _char_spans(doc, ((m.start(1), m.end(1)) for m in FESTIVAL_PATTERN.finditer(doc.text)), "FESTIVAL")
    for label_id, start, end in _phrase_matcher()(doc):
        label = doc.vocab.strings[label_id]
        span = Span(doc, start, end, label=label)
        # A one-word festival alias ("Venice", "Toronto") counts only after "at"/"in" the festival.
        if label == "FESTIVAL" and end - start == 1 and not (start > 0 and doc[start - 1].lower_ in {"at", "in"}):
            continue
        # "Jordan Vale", "Ilse Chad": a country's name glued to a name is part of a person's name.
        if label == "COUNTRY" and (
            (end < len(doc) and is_name_token(doc[end])) or (start > 0 and is_name_token(doc[start - 1]))
        ):
            continue
        if span[0].is_title or span[0].is_upper:
            spans.append(span)
    # Titles first, then the longer span: a country inside a film title stays part of the title.
    spans = filter_spans(sorted(spans, key=lambda s: s.label_ != "TITLE"))
    taken = {i for span in spans for i in range(span.start, span.end)}
    spans += _confirmed(_names(doc, taken))
    spans += _crew_references(doc, taken)
    doc.ents = filter_spans(spans)
    return doc


def _titles(text: str, emphasis: list[tuple[int, int]] | None = None):
    """Title-case phrases in double quotes: "The Salt Road," (trailing punctuation left out), or in
    italics (the document's emphasis spans)."""
    emphasized = [_Emphasis(text, start, end) for start, end in emphasis or []]
    for match in [*QUOTED.finditer(text), *ITALICS.finditer(text), *emphasized]:
        inner = match.group(1).rstrip(" ,.;:!?")
        words = inner.split()
        if not words or not words[0][:1].isupper() or len(words) > 12:
            continue
        # '"Baron" Kurtz': a quoted nickname glued to a name is part of the name, not a title.
        if len(words) <= 2 and re.match(r" [A-Z][a-z]", text[match.end() : match.end() + 3]):
            continue
        if all(w[:1].isupper() or w[:1].isdigit() or w.lower() in TITLE_SMALL_WORDS for w in words):
            yield _Group(match.start(1), match.start(1) + len(inner))


def _unquoted_title(text: str, title: str | None):
    """The reviewed film's title written without quotes: anywhere when it has several words,
    after a possessive only when it is one word ("Varga's Lanterns"; a bare "Lanterns" may be
    a character or a place)."""
    if not title or not title.strip():
        return
    pattern = re.escape(title.strip())
    if len(title.split()) < 2:
        pattern = rf"(?<='s ){pattern}|(?<=' ){pattern}"
    for match in re.finditer(rf"(?<![\w\"])(?:{pattern})(?![\w\"])", text):
        yield match.start(), match.end()


class _Emphasis:
    """An emphasized span, read like a quoted title match (group 1 is the span itself)."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def group(self, _group: int = 0) -> str:
        return self._text[self._start : self._end]

    def start(self, _group: int = 0) -> int:
        return self._start

    def end(self, _group: int = 0) -> int:
        return self._end


class _Group:
    """A match-like (start, end) pair for computed spans."""

    def __init__(self, start: int, end: int) -> None:
        self._start, self._end = start, end

    def start(self, _group: int = 0) -> int:
        return self._start

    def end(self, _group: int = 0) -> int:
        return self._end


def _char_spans(doc: Doc, offsets, label: str) -> list[Span]:
    spans = []
    for start, end in offsets:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    return spans


def is_name_token(token) -> bool:
    text = token.text
    if token.lower_ in NOT_NAME or not text[:1].isupper():
        return False
    if re.fullmatch(r"[A-Z]\.", text):  # an initial: "H.", "J."
        return True
    # Also "McAvoy", "O'Hara", "Jean-Luc" and inner capitals ("DiSanto", "LaRue").
    return token.is_title or bool(re.fullmatch(r"(?:Mc|Mac|O'|D')[A-Z][a-z]+|[A-Z][a-z]+(?:-?[A-Z][a-z]+)+", text))


def _name_follows(doc: Doc, index: int) -> bool:
    """An initial opens a name when a name word follows it: "T. Rowan Pike", not "Rosa M."."""
    after_initial = index > 0 and re.fullmatch(r"[A-Z]\.", doc[index - 1].text)
    return index + 1 < len(doc) and is_name_token(doc[index + 1]) and not after_initial


CREW_REFERENCES = {"director", "filmmaker", "writer-director"}


def _crew_references(doc: Doc, taken: set[int]) -> list[Span]:
    """"the director" standing alone refers back to the film's director: a NAME mention, which
    the rules resolve like a surname. Not when a name, "of" or an apposition follows."""
    spans = []
    for token in doc[:-1]:
        following = doc[token.i + 2] if token.i + 2 < len(doc) else None
        if (token.lower_ == "the" and doc[token.i + 1].lower_ in CREW_REFERENCES and token.i not in taken
                and (following is None or (following.text not in {",", "(", "of", "'s"} and not following.is_title))):
            spans.append(Span(doc, token.i, token.i + 2, label="NAME"))
    return spans


def _confirmed(names: list[Span]) -> list[Span]:
    """A lone capitalized word opening a sentence ("Remember", "Illnesses") is a name only if the
    text also uses it where capitals mean names: mid-sentence, or inside a longer name."""
    if not names:
        return names
    doc = names[0].doc
    elsewhere = {t.text for n in names for t in n if not (len(n) == 1 and n[0].is_sent_start)}
    elsewhere |= {t.text for t in doc if t.is_title and not t.is_sent_start}
    # "Rosa (Ilse Brandt), the..." opens with a character: a parenthesis after the word confirms it.
    return [
        n for n in names
        if not (len(n) == 1 and n[0].is_sent_start) or n[0].text in elsewhere or _paren_follows(n)
    ]


def _paren_follows(span: Span) -> bool:
    return span.end < len(span.doc) and span.doc[span.end].text == "("


def _inside_compound(doc: Doc, index: int) -> bool:
    """'down-to-Earth': a capital after a hyphen glued to a lower-case word opens no name."""
    return (
        index >= 2
        and doc[index - 1].text == "-"
        and not doc[index - 2].whitespace_
        and doc[index - 2].text[:1].islower()
    )


def _names(doc: Doc, taken: set[int]) -> list[Span]:
    """Runs of capitalized words, with particles and hyphens inside: candidate personal names."""
    names = []
    index = 0
    while index < len(doc):
        if (
            index in taken
            or not is_name_token(doc[index])
            or (re.fullmatch(r"[A-Z]\.", doc[index].text) and not _name_follows(doc, index))
            or _inside_compound(doc, index)
        ):
            index += 1
            continue
        end = index + 1
        while end < len(doc) and end not in taken:
            token = doc[end]
            if is_name_token(token) and not doc[end - 1].whitespace_.count("\n"):
                end += 1
            elif (token.lower_ in NAME_PARTICLES and end + 1 < len(doc) and is_name_token(doc[end + 1])) or (
                token.text == "-"
                and not doc[end - 1].whitespace_
                and end + 1 < len(doc)
                and is_name_token(doc[end + 1])
            ):
                end += 2
            else:
                break
        # "Viewing Ilona Varga's film": a sentence-opening gerund is not a first name.
        if end - index > 2 and doc[index].is_sent_start and doc[index].lower_.endswith("ing"):
            index += 1
        names.append(Span(doc, index, end, label="NAME"))
        index = end
    return names
