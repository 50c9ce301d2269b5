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
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, filter_spans

from kg.lexicon import gazetteers
from kg.lexicon.dates import DATE_PATTERN
from kg.lexicon.names import NAME_PARTICLES, NOT_NAME

# Closed-class words: capitalized at a sentence start they open the sentence, not a name ("Is
# Murnau's film..."); elsewhere a capital makes them names ("Will Ferrell").
SENTENCE_OPENERS = set(
    """
    am are be been being is was were do does did done has have had having can could will would shall should
    may might must ought to of into onto upon about over under between through during without within against
    among toward towards despite since until unless whether whose whom me him us them mine yours hers ours
    theirs myself himself herself itself ourselves themselves everyone everybody someone somebody nobody
    nothing something anything everything none some any many much more most few several such other another
    say said says oh yes well ok okay perhaps maybe indeed meanwhile however therefore thus instead besides
    otherwise nevertheless nonetheless anyway anyhow sure sadly happily luckily unfortunately fortunately
    finally eventually first second third last next part chapter act scene
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
# 'Title' in single quotes, as trade papers and British outlets write titles: opened after a space
# or bracket, closed before no letter, with no apostrophe inside ("the actors' 'best'" stays out).
SINGLE_QUOTED = re.compile(r"(?:^|(?<=[\s(\[\u2013\u2014-]))'([A-Z0-9][^'\n]{0,118}?)'(?![A-Za-z])", re.M)
ITALICS = re.compile(r"(?:^|(?<=[\s(\[-]))\*([^*\n]{1,120}?)\*(?![A-Za-z])", re.M)  # *Title* in plain text


@lru_cache(maxsize=1)
def pipeline() -> Language:
    nlp = spacy.blank("en")
    # A quote glued between two words ('Abara"Harbor', a page's run-together captions) splits them,
    # and so does one glued to a dash ('"Mad Men"—but'). Dashes between words ("Brask)—and") and a
    # closing bracket glued to a word split too.
    infixes = [*nlp.Defaults.infixes, r'(?<=[A-Za-z.,!?])"(?=[A-Za-z(\[\u2013\u2014-])', r"[\u2013\u2014]",
               r"[)\]](?=[\u2013\u2014\w])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe("kg_sentences")
    nlp.add_pipe("kg_mentions")
    return nlp


# spaCy refuses texts over nlp.max_length (a million characters) in one piece; longer reviews (up
# to kg's --max-bytes) are tokenized in pieces cut at line breaks and joined into one Doc.
PIECE = 500_000


def tokenize(text: str) -> Doc:
    nlp = pipeline()
    if len(text) <= PIECE:
        return nlp.make_doc(text)
    pieces, start = [], 0
    while start < len(text):
        end = min(start + PIECE, len(text))
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
            end = cut + 1 if cut > start else end
        pieces.append(nlp.make_doc(text[start:end]))
        start = end
    return Doc.from_docs(pieces, ensure_whitespace=False)


def parse(text: str, film_title: str | None = None, emphasis: list[tuple[int, int]] | None = None) -> Doc:
    """Tokens, sentences and mentions; `film_title` (from the page) is also found without quotes;
    `emphasis` (Document.emphasis: spans the source set in italics) are title candidates too."""
    nlp = pipeline()
    doc = tokenize(text)
    doc.user_data["text"] = text
    doc.user_data["film_title"] = film_title
    doc.user_data["emphasis"] = emphasis or []
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


class TokenTable:
    """Each token's text, lower case, offset and following whitespace, read from the doc once.

    spaCy makes a new Token object on every access, and doc.text joins them all again: the
    components below walk these plain lists instead.
    """

    def __init__(self, doc: Doc) -> None:
        text = doc.user_data.get("text")
        if text is None:  # not read through parse(): join the tokens once
            text = doc.text
        # One column at a time: numpy's tolist() is quick on a 1-D int64 array, slow on 2-D uint64.
        self.text_of_doc = text
        self.idx = doc.to_array(IDX).astype(numpy.int64).tolist() if len(doc) else []
        lengths = doc.to_array(LENGTH).astype(numpy.int64).tolist() if len(doc) else []
        self.text = [text[start : start + length] for start, length in zip(self.idx, lengths, strict=True)]
        self.lower = [word.lower() for word in self.text]
        ends = [start + length for start, length in zip(self.idx, lengths, strict=True)]
        starts_after = [*self.idx[1:], len(text)] if self.idx else []
        self.space = [text[end:next_start] for end, next_start in zip(ends, starts_after, strict=True)]

    def __len__(self) -> int:
        return len(self.text)


def token_table(doc: Doc) -> TokenTable:
    table = doc.user_data.get("tokens")
    if table is None:
        table = doc.user_data["tokens"] = TokenTable(doc)
        doc.user_data["text"] = table.text_of_doc
    return table


def doc_text(doc: Doc) -> str:
    """The doc's text, joined once (spaCy's doc.text joins every token again on each read)."""
    return token_table(doc).text_of_doc


@Language.component("kg_sentences")
def line_sentences(doc: Doc) -> Doc:
    """Sentences end at line breaks and at . ! ? before a capital, a quote or a digit."""
    table = token_table(doc)
    texts, spaces = table.text, table.space
    starts = numpy.full((len(texts), 1), -1, dtype="int32")  # SENT_START: 1 starts a sentence, -1 not
    for index, text in enumerate(texts):
        if index == 0:
            starts[index] = 1
            continue
        previous = texts[index - 1]
        if "\n" in previous or "\n" in spaces[index - 1]:
            starts[index] = 1
        else:
            after_stop = previous in {".", "!", "?", '."', '!"', '?"'} or (
                previous == '"' and index > 1 and texts[index - 2] in {".", "!", "?"}
            )
            if after_stop and (text[:1].isupper() or text[:1] in {'"', "("} or text.isdigit()):
                starts[index] = 1
    # One array write instead of a setter per token (each setter rescans the doc's annotations).
    if not texts:
        return doc
    doc = doc.from_array([SENT_START], starts.astype("uint64"))
    doc.user_data["sentence_starts"] = numpy.flatnonzero(starts[:, 0] == 1).tolist()
    return doc


@lru_cache(maxsize=1)
def _phrase_matcher() -> PhraseMatcher:
    matcher = PhraseMatcher(pipeline().vocab)
    tokenizer = pipeline().tokenizer
    matcher.add("COUNTRY", [tokenizer(name) for name in gazetteers.countries()])
    matcher.add("FESTIVAL", [tokenizer(name) for name in gazetteers.festivals()])
    return matcher


@Language.component("kg_mentions")
def mark_mentions(doc: Doc) -> Doc:
    table = token_table(doc)
    text = table.text_of_doc
    spans: list[Span] = []
    spans += _char_spans(doc, ((m.start(1), m.end(1)) for m in _titles(text, doc.user_data.get("emphasis"))), "TITLE")
    spans += _char_spans(doc, _unquoted_title(text, doc.user_data.get("film_title")), "TITLE")
    spans += _char_spans(doc, _listed_titles(text), "TITLE")
    spans += _char_spans(doc, ((m.start(), m.end()) for m in DATE_PATTERN.finditer(text)), "DATE")
    spans += _char_spans(doc, ((m.start(1), m.end(1)) for m in FESTIVAL_PATTERN.finditer(text)), "FESTIVAL")
    for label_id, start, end in _phrase_matcher()(doc):
        label = doc.vocab.strings[label_id]
        # A one-word festival alias ("Venice", "Toronto") counts only after "at"/"in" the festival.
        if label == "FESTIVAL" and end - start == 1 and not (start > 0 and table.lower[start - 1] in {"at", "in"}):
            continue
        # "Jordan Vale", "Ilse Chad": a country's name glued to a name is part of a person's name.
        if label == "COUNTRY" and (
            (end < len(table) and is_name_word(table, end)) or (start > 0 and is_name_word(table, start - 1))
        ):
            continue
        first = table.text[start]
        if first.istitle() or first.isupper():
            spans.append(Span(doc, start, end, label=label))
    # Titles first, then the longer span: a country inside a film title stays part of the title.
    spans = filter_spans(sorted(spans, key=lambda s: s.label_ != "TITLE"))
    taken = {i for span in spans for i in range(span.start, span.end)}
    sentence_starts = set(doc.user_data.get("sentence_starts", [0]))
    names = _names(table, taken, sentence_starts)
    spans += [Span(doc, start, end, label="NAME") for start, end in _confirmed(table, names, sentence_starts)]
    spans += [Span(doc, start, end, label="NAME") for start, end in _crew_references(table, taken)]
    doc.ents = filter_spans(spans)
    return doc


def _titles(text: str, emphasis: list[tuple[int, int]] | None = None):
    """Title-case phrases in double quotes: "The Salt Road," (trailing punctuation left out), or in
    italics (the document's emphasis spans)."""
    emphasized = [_Emphasis(text, start, end) for start, end in emphasis or []]
    for match in [*QUOTED.finditer(text), *SINGLE_QUOTED.finditer(text), *ITALICS.finditer(text), *emphasized]:
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


# "films like Glass River and Paper Lantern", "the likes of Salt Wind and Harbor": after these words
# critics list titles without quotes; each capitalized run in the list is one.
_LIST_CUE = re.compile(
    r"\b(?:(?:films|movies|pictures|features|classics|hits|works|efforts)\s*[(,]?\s*(?:like|such as|including)"
    r"|the likes of|such films as|such movies as)\s+"
)
_TITLE_WORD = r"[A-Z0-9](?:[\w'-]|[.:](?=\w))*"  # inner dots only: "L.A", not "Venus. Films"
_UNQUOTED_TITLE = re.compile(
    rf"{_TITLE_WORD}(?:[ ](?:(?:of|the|a|an|in|on|to|for|with|from|at|by|is|my)[ ])*{_TITLE_WORD})*"
)
_LIST_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*&\s*)")


def _listed_titles(text: str):
    for cue in _LIST_CUE.finditer(text):
        position = cue.end()
        while True:
            title = _UNQUOTED_TITLE.match(text, position)
            if not title or text.startswith(("'s", "'"), title.end()):
                break
            yield title.start(), title.end()
            separator = _LIST_SEPARATOR.match(text, title.end())
            if not separator:
                break
            position = separator.end()


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


_INITIAL = re.compile(r"[A-Z]\.")
_INNER_CAPITALS = re.compile(r"(?:Mc|Mac|O'|D')[A-Z][a-z]+|[A-Z][a-z]+(?:-?[A-Z][a-z]+)+")


def is_name_word(table: TokenTable, index: int) -> bool:
    text = table.text[index]
    if not text[:1].isupper() or table.lower[index] in NOT_NAME:
        return False
    if _INITIAL.fullmatch(text):  # an initial: "H.", "J."
        return True
    # Also "McAvoy", "O'Hara", "Jean-Luc" and inner capitals ("DiSanto", "LaRue").
    return text.istitle() or bool(_INNER_CAPITALS.fullmatch(text))


def _name_follows(table: TokenTable, index: int) -> bool:
    """An initial opens a name when a name word follows it: "T. Rowan Pike", not "Rosa M."."""
    after_initial = index > 0 and _INITIAL.fullmatch(table.text[index - 1])
    return index + 1 < len(table) and is_name_word(table, index + 1) and not after_initial


CREW_REFERENCES = {"director", "filmmaker", "writer-director"}


def _crew_references(table: TokenTable, taken: set[int]) -> list[tuple[int, int]]:
    """"the director" standing alone refers back to the film's director: a NAME mention, which
    the rules resolve like a surname. Not when a name, "of" or an apposition follows."""
    spans = []
    lower, texts = table.lower, table.text
    for index in range(len(table) - 1):
        if lower[index] != "the" or lower[index + 1] not in CREW_REFERENCES or index in taken:
            continue
        following = texts[index + 2] if index + 2 < len(table) else None
        if following is None or (following not in {",", "(", "of", "'s"} and not following.istitle()):
            spans.append((index, index + 2))
    return spans


def _confirmed(table: TokenTable, names: list[tuple[int, int]], sentence_starts: set[int]) -> list[tuple[int, int]]:
    """A lone capitalized word opening a sentence ("Remember", "Illnesses") is a name only if the
    text also uses it where capitals mean names: mid-sentence, or inside a longer name."""
    if not names:
        return names
    texts = table.text

    def lone_opener(start: int, end: int) -> bool:
        return end - start == 1 and start in sentence_starts

    elsewhere = {texts[i] for start, end in names if not lone_opener(start, end) for i in range(start, end)}
    elsewhere |= {text for i, text in enumerate(texts) if i not in sentence_starts and text.istitle()}
    # "Rosa (Ilse Brandt), the..." opens with a character: a parenthesis after the word confirms it.
    return [
        (start, end) for start, end in names
        if not lone_opener(start, end) or texts[start] in elsewhere or (end < len(texts) and texts[end] == "(")
    ]


def _inside_compound(table: TokenTable, index: int) -> bool:
    """'down-to-Earth': a capital after a hyphen glued to a lower-case word opens no name."""
    return (
        index >= 2
        and table.text[index - 1] == "-"
        and not table.space[index - 2]
        and table.text[index - 2][:1].islower()
    )


def _particles_before_name(table: TokenTable, index: int) -> int:
    """How many name particles start at `index` and lead to a capitalized name word (0 if none)."""
    count = 0
    while index + count < len(table) and table.lower[index + count] in NAME_PARTICLES and count < 3:
        count += 1
    return count if count and index + count < len(table) and is_name_word(table, index + count) else 0


# One romanized syllable (Korean, Chinese, Vietnamese given names are written "Joon-ho", "Mei-ling").
_SYLLABLE = re.compile(r"[bcdfghjklmnpqrstvwxyz]{0,3}[aeiouy]{1,3}(?:ng|n|m|k|l|p|t|r|h)?")


def _given_name_syllable(table: TokenTable, hyphen: int) -> bool:
    """A lower-case syllable glued by a hyphen to a short capitalized one: "Joon-ho", not
    "Hitchcock-like" or "Oscar-winning"."""
    before, after = table.text[hyphen - 1], table.text[hyphen + 1] if hyphen + 1 < len(table) else ""
    return (
        len(before) <= 5 and before.istitle() and 1 < len(after) <= 4 and after.islower()
        and bool(_SYLLABLE.fullmatch(after)) and after not in {"like", "ish", "era", "led", "esque", "type"}
    )


def _names(table: TokenTable, taken: set[int], sentence_starts: set[int]) -> list[tuple[int, int]]:
    """Runs of capitalized words, with particles and hyphens inside: candidate personal names."""
    names = []
    index = 0
    size = len(table)
    texts, lower, space = table.text, table.lower, table.space
    while index < size:
        if (
            index in taken
            or not is_name_word(table, index)
            or (index in sentence_starts and lower[index] in SENTENCE_OPENERS)
            or (_INITIAL.fullmatch(texts[index]) and not _name_follows(table, index))
            or _inside_compound(table, index)
        ):
            index += 1
            continue
        end = index + 1
        while end < size and end not in taken:
            if is_name_word(table, end) and "\n" not in space[end - 1]:
                end += 1
            elif (particles := _particles_before_name(table, end)):
                end += particles + 1  # "del Toro", "de la Cruz", "van der Berg"
            elif texts[end] == "-" and not space[end - 1] and end + 1 < size and is_name_word(table, end + 1):
                end += 2
            elif texts[end] == "-" and not space[end - 1] and not space[end] and _given_name_syllable(table, end):
                end += 2  # "Park Min-seo", "Kim Jae-won": a romanized given name's second syllable
            else:
                break
        # "Viewing Ilona Varga's film": a sentence-opening gerund is not a first name.
        if end - index > 2 and index in sentence_starts and lower[index].endswith("ing"):
            index += 1
        names.append((index, end))
        index = end
    return names
