"""Unicode normalization with offsets: NFC, and typography folded to one spelling, each character
of the result mapped back to the characters of the source it stands for."""

from __future__ import annotations

import unicodedata

# Characters folded to their ASCII look-alikes so that patterns need one spelling only. Dashes
# (en, em) stay: the tokenizer splits on them, while "-" would glue "Hunter)-and" together.
# Each replacement is a single character, so offsets stay aligned.
FOLD = {
    "\u00a0": " ",  # no-break space
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u2018": "'",
    "\u2019": "'",
    "\u201b": "'",
    "\u02bc": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2212": "-",
    "\r": "\n",
}
_FOLD_TABLE = str.maketrans(FOLD)


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """NFC-normalize and fold typography; return the text and, per output char, its source index.

    The last entry of the offset list maps the end of the text, so spans [a, b) map to
    [offsets[a], offsets[b]).
    """
    normalized, starts, _ = normalize_with_spans(text)
    return normalized, starts


def normalize_with_spans(text: str) -> tuple[str, list[int], list[int]]:
    """As normalize_with_offsets, with the end of each output char's source too: a composed "é"
    stands for "e" and its combining accent, [starts[i], ends[i])."""
    if unicodedata.is_normalized("NFC", text):  # the common case: one char for one char
        return text.translate(_FOLD_TABLE), [*range(len(text) + 1)], [*range(1, len(text) + 1)]
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    index = 0
    # NFC works on grapheme-ish clusters: normalize each base char with its combining marks.
    while index < len(text):
        end = index + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        cluster = unicodedata.normalize("NFC", text[index:end])
        for char in cluster:
            out.append(FOLD.get(char, char))
            starts.append(index)
            ends.append(end)
        index = end
    starts.append(len(text))
    return "".join(out), starts, ends
