"""A small notation for relation patterns, so that rules read like the English they match.

    "a|the ? film|movie by {NAME}"

Words separated by "|" match any of them (lower-cased); a lone "?" makes the previous item
optional; {LABEL} matches one mention of that label (NAME, TITLE, DATE, COUNTRY, FESTIVAL);
"~N" skips up to N tokens (never a name or title, never across a sentence end); punctuation
matches itself.

Patterns compile to regular expressions over a symbol text of the review: one item per token,
lower-cased and separated by spaces, with each mention folded into one symbol and each sentence
on a line of its own. A pattern runs only on the sentences holding its cue words (of the words
it cannot match without, those the review uses least), and Python's regex engine scans those
lines in C: this is what keeps rule matching a small part of extraction however many rules the
book holds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from spacy.tokens import Span

# Mentions that skips may not pass over (NAME, TITLE) and those they may (DATE, COUNTRY, ...).
BLOCKING = "\x01"
PASSABLE = "\x02"
LABEL_CODES = {"NAME": "N", "TITLE": "T", "DATE": "D", "COUNTRY": "C", "FESTIVAL": "F"}
BLOCKING_LABELS = {"NAME", "TITLE"}
_SLOT = re.compile(r"^\{([A-Z]+)\}$")


@dataclass(frozen=True)
class CompiledPattern:
    rule: str
    regex: re.Pattern
    labels: tuple[str, ...]  # the label of each slot, in order
    required: tuple[frozenset[str], ...]  # each required item's words: one of each must occur


def _mention_symbol(label: str) -> str:
    prefix = BLOCKING if label in BLOCKING_LABELS else PASSABLE
    return f"({prefix}{LABEL_CODES[label]}\\d+) "


def compile_pattern(rule: str, spec: str) -> CompiledPattern:
    items: list[str] = []
    items_are_words: list[bool] = []
    labels: list[str] = []
    required_words: list[frozenset[str]] = []
    for part in spec.split():
        if part == "?":
            items[-1] = f"(?:{items[-1]})?"
            if items_are_words[-1]:
                required_words.pop()
            items_are_words[-1] = False
            continue
        slot = _SLOT.match(part)
        if slot:
            label = slot.group(1)
            labels.append(label)
            if label == "TITLE":  # a title may stand in quotes, with a comma or stop before the closing one
                items.append(f'(?:" )?{_mention_symbol(label)}(?:[,.] )?(?:" )?')
            else:
                items.append(_mention_symbol(label))
            word = False
        elif part.startswith("~"):
            items.append(f"(?:[^{BLOCKING}\\s]\\S* ){{0,{int(part[1:])}}}")
            word = False
        else:
            words = part.lower().split("|")
            items.append("(?:" + "|".join(re.escape(w) for w in words) + ") ")
            word = True
            required_words.append(frozenset(words))
        items_are_words.append(word)
    regex = re.compile("(?<![^ ])" + "".join(items))
    return CompiledPattern(rule, regex, tuple(labels), tuple(required_words))


def compile_rules(rules: dict[str, list[str]]) -> list[CompiledPattern]:
    return [compile_pattern(rule, spec) for rule, specs in rules.items() for spec in specs]


def cue_words(patterns: list[CompiledPattern]) -> frozenset[str]:
    """Every word some pattern requires: the only words a symbol text needs to index."""
    return frozenset(word for pattern in patterns for words in pattern.required for word in words)


class RuleMatch:
    """One match of a rule: its span, sentence and the mentions filling its {slots}."""

    def __init__(self, rule: str, span: Span, slots: list[Span], sentence: Span) -> None:
        self.rule = rule
        self.span = span
        self.slots = slots
        self.sentence = sentence


class SymbolText:
    """The review as patterns read it: tokens lower-cased, mentions folded, one sentence a line."""

    def __init__(
        self, tokens: list[str], sentence_starts: list[int], mentions: list[Span], first_token: int = 0,
        cues: frozenset[str] = frozenset(),
    ) -> None:
        self.mentions = mentions
        # Each token's item in the symbol text (None: left out, inside a mention or whitespace) and
        # the token its item ends before.
        words: list[str | None] = [None if word.isspace() else word for word in tokens]
        self._end_of = list(range(1, len(tokens) + 1))
        for number, span in enumerate(mentions):
            code = LABEL_CODES.get(span.label_)
            prefix = BLOCKING if span.label_ in BLOCKING_LABELS else PASSABLE
            words[span.start] = f"{prefix}{code}{number}" if code else None
            words[span.start + 1 : span.end] = [None] * (span.end - span.start - 1)
            self._end_of[span.start] = span.end
        self.lines: list[str] = []
        self._line_tokens: list[list[int]] = []  # per line: the token each of its items starts at
        self.lines_with: dict[str, set[int]] = {}  # cue word -> the lines that hold it
        bounds = [s for s in sentence_starts if s > first_token]
        for start, end in zip([first_token, *bounds], [*bounds, len(tokens)], strict=True):
            kept = [i for i in range(start, end) if words[i] is not None]
            if not kept:
                continue
            line = " ".join([words[i] for i in kept]) + " "  # type: ignore[misc]
            number = len(self.lines)
            self.lines.append(line)
            self._line_tokens.append(kept)
            for word in cues.intersection(line.split()):
                self.lines_with.setdefault(word, set()).add(number)

    def candidate_lines(self, pattern: CompiledPattern) -> list[int]:
        """The lines holding one word of each required item's cheapest set: where the pattern may match."""
        best: set[int] | None = None
        for words in pattern.required:
            lines: set[int] = set()
            for word in words:
                lines |= self.lines_with.get(word, set())
            if best is None or len(lines) < len(best):
                best = lines
            if not best:
                return []
        return sorted(best) if best is not None else list(range(len(self.lines)))

    def token_range(self, line: int, start_char: int, end_char: int) -> tuple[int, int]:
        kept = self._line_tokens[line]
        offsets = [0, *accumulate(len(word) + 1 for word in self.lines[line].split(" ")[:-2])]
        first = bisect_right(offsets, start_char) - 1
        last = bisect_right(offsets, end_char - 1) - 1
        return kept[first], self._end_of[kept[last]]

    def mention(self, symbol: str) -> Span:
        return self.mentions[int(symbol[2:])]


def find(patterns: list[CompiledPattern], symbols: SymbolText, doc, sentence_of) -> list[RuleMatch]:
    """Matches in text order, each with its slots filled by whole mentions."""
    found = []
    for pattern in patterns:
        for line in symbols.candidate_lines(pattern):
            for hit in pattern.regex.finditer(symbols.lines[line]):
                start, end = symbols.token_range(line, hit.start(), hit.end())
                slots = [symbols.mention(hit.group(i + 1)) for i in range(len(pattern.labels))]
                found.append(RuleMatch(pattern.rule, doc[start:end], slots, sentence_of(start)))
    return sorted(found, key=lambda m: (m.span.start, -len(m.span)))
