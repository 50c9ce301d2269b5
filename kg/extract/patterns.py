"""A small notation for spaCy Matcher patterns, so that rules read like the English they match.

    "a|the ? film|movie by {NAME}"

Words separated by "|" match any of them (lower-cased); a lone "?" makes the previous item
optional; {LABEL} matches one mention of that label (NAME, TITLE, DATE, COUNTRY, FESTIVAL);
"~N" skips up to N tokens; punctuation matches itself.
"""

from __future__ import annotations

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab


def compile_pattern(spec: str) -> list[dict]:
    pattern: list[dict] = []
    for part in spec.split():
        if part == "?":
            pattern[-1]["OP"] = "?"
        elif part == "{TITLE}":
            # Titles are mentioned inside quotes, which the TITLE span leaves out.
            pattern += [
                {"ORTH": '"', "OP": "?"},
                {"ENT_TYPE": "TITLE", "OP": "+"},
                {"ORTH": {"IN": [",", "."]}, "OP": "?"},
                {"ORTH": '"', "OP": "?"},
            ]
        elif part.startswith("{") and part.endswith("}"):
            pattern.append({"ENT_TYPE": part[1:-1], "OP": "+"})
        elif part.startswith("~"):
            # Skipped tokens never cross a sentence start or another mention.
            pattern.append(
                {"IS_SENT_START": False, "ENT_TYPE": {"NOT_IN": ["NAME", "TITLE"]}, "OP": f"{{0,{int(part[1:])}}}"}
            )
        elif part.isalpha() or "|" in part or "'" in part:
            words = part.split("|")
            pattern.append({"LOWER": {"IN": words}} if len(words) > 1 else {"LOWER": words[0]})
        else:
            pattern.append({"ORTH": part})
    return pattern


def slot_labels(spec: str) -> list[str]:
    return [part[1:-1] for part in spec.split() if part.startswith("{") and part.endswith("}")]


class RuleMatch:
    """One match of a rule: its span, sentence and the mentions filling its {slots}."""

    def __init__(self, rule: str, span: Span, slots: list[Span]) -> None:
        self.rule = rule
        self.span = span
        self.slots = slots
        self.sentence = span.sent


def build_matcher(vocab: Vocab, rules: dict[str, list[str]]) -> Matcher:
    matcher = Matcher(vocab)
    for name, specs in rules.items():
        for index, spec in enumerate(specs):
            matcher.add(f"{name}#{index}", [compile_pattern(spec)], greedy="LONGEST")
    return matcher


def find(matcher: Matcher, rules: dict[str, list[str]], doc: Doc) -> list[RuleMatch]:
    """Matches in text order, each with its slots filled by whole mentions, overlaps resolved."""
    found = []
    for key, start, end in matcher(doc):
        name, index = doc.vocab.strings[key].rsplit("#", 1)
        labels = slot_labels(rules[name][int(index)])
        span = doc[start:end]
        slots = _fill_slots(span, labels)
        if slots is not None:
            found.append(RuleMatch(name, span, slots))
    return sorted(found, key=lambda m: (m.span.start, -len(m.span)))


def _fill_slots(span: Span, labels: list[str]) -> list[Span] | None:
    doc = span.doc
    mentions = [e for e in doc.ents if e.end > span.start and e.start < span.end]
    # A pattern may begin inside a mention ("Varga 's" of "Ilona Varga 's"): take the whole one.
    slots: list[Span] = []
    remaining = iter(mentions)
    for label in labels:
        for mention in remaining:
            if mention.label_ == label:
                slots.append(mention)
                break
        else:
            return None
    return slots
