"""Ratings as critics write them, read into (value, best, worst) numbers.

    "3/5", "7.5/10", "4 out of 5", "3½/4"         value and the scale it states
    "★★★½", "★★★★☆"                                stars; the empty stars give the scale
    "3.5 stars", "four stars", "three and a half stars"   stars, scale unstated
    "91%"                                          out of 100
    "B+", "A-", "F"                                a letter grade (see LETTER_GRADES)
    "91" (a score)                                 a bare number above 10 is out of 100

The scale is what the text states. A bare number of ten or less states no scale: its value is kept
and the scale left empty, never guessed. `worstRating` follows the scale: 0 for every numeric
scale (a critic's scale starts at nothing: no stars, 0/10; schema.org's default of 1 would put a
half-star rating outside its own scale), and F (0) for letter grades.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Letter grades on the 13-step scale F, D-, D, D+, … A, A+, read as 0 … 12 (best 12, worst 0):
# schema:ratingValue is a number in the graph contract, and the steps keep the grades' order.
LETTER_GRADES = {g: i for i, g in enumerate("F D- D D+ C- C C+ B- B B+ A- A A+".split())}
NUMBER_WORDS = {
    "zero": 0, "no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "half a": 0.5, "a half": 0.5,
}
_NUMBER = r"\d{1,3}(?:[.,]\d{1,2})?"
_FRACTION = re.compile(
    rf"^(?P<value>{_NUMBER})\s*(?P<half>½|1/2)?\s*(?:/|out\s+of|of)\s*(?P<best>{_NUMBER})(?![\d/])"
    r"(?:\s*(?:stars?|points?))?",
    re.I,
)
_GLYPHS = re.compile(r"^(?P<full>[★⭐✭✮✯]*)\s*(?P<half>½|⯪|⯨)?\s*(?P<empty>[☆✩]*)")
_WORD = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_STARS = re.compile(
    rf"^(?:(?P<number>{_NUMBER})|(?P<word>{_WORD}))(?:\s*(?P<half>½|1/2)|(?P<andhalf>[\s-]+and[\s-]+a[\s-]+half))?"
    r"[\s-]*stars?\b",
    re.I,
)
_PERCENT = re.compile(rf"^(?P<value>{_NUMBER})\s*%")
_BARE = re.compile(rf"^(?P<value>{_NUMBER})$")


@dataclass(frozen=True)
class Rating:
    value: str
    best: str
    worst: str
    length: int  # characters of the text the rating was read from
    grade: bool = False  # a letter grade (its value and best are the grade's rank on LETTER_GRADES)

    def as_tuple(self) -> tuple[str, str, str]:
        return self.value, self.best, self.worst


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _fmt(number: float) -> str:
    return f"{number:g}"


def parse(text: str) -> Rating | None:
    """The rating `text` opens with, or None. Trailing words are allowed ("4/5 - a must see")."""
    text = text.strip()
    if not text:
        return None
    match = _FRACTION.match(text)
    if match:
        value = _number(match["value"]) + (0.5 if match["half"] else 0)
        best = _number(match["best"])
        if 0 < best <= 100 and 0 <= value <= best:
            return Rating(_fmt(value), _fmt(best), "0", match.end())
        return None
    match = _GLYPHS.match(text)
    if match and (match["full"] or match["half"]) and match.end() > 0:
        value = len(match["full"]) + (0.5 if match["half"] else 0)
        best = len(match["full"]) + len(match["empty"]) + (1 if match["half"] else 0) if match["empty"] else None
        return Rating(_fmt(value), _fmt(best) if best else "", "0", match.end())
    match = _STARS.match(text)
    if match:
        value = _number(match["number"]) if match["number"] else NUMBER_WORDS[match["word"].lower()]
        if match["half"] or match["andhalf"]:
            value += 0.5
        return Rating(_fmt(value), "", "0", match.end()) if value <= 10 else None
    match = _PERCENT.match(text)
    if match and _number(match["value"]) <= 100:
        return Rating(_fmt(_number(match["value"])), "100", "0", match.end())
    grade = re.match(r"^([A-DF])\s*([+-]|\u2212|\u2013)?(?![\w+-])", text)
    if grade:
        letter = grade[1] + ("-" if grade[2] in {"\u2212", "\u2013"} else grade[2] or "")
        if letter in LETTER_GRADES:
            return Rating(str(LETTER_GRADES[letter]), str(len(LETTER_GRADES) - 1), "0", grade.end(), grade=True)
    return None


def parse_value(text: str) -> Rating | None:
    """A rating that is the whole of `text` (a field's value): also a bare score above ten, out of 100,
    and a bare number of ten or less with its scale left empty."""
    text = text.strip().rstrip(".")
    bare = _BARE.match(text)
    if bare:
        value = _number(bare["value"])
        if 10 < value <= 100:
            return Rating(_fmt(value), "100", "0", len(text))
        return Rating(_fmt(value), "", "0", len(text)) if value <= 10 else None
    rating = parse(text)
    if rating is None:
        return None
    rest = text[rating.length :].strip(" .!")
    # "4/5" or "★★★★" alone, or followed by a short aside ("4/5 (a must see)"); not a letter in a sentence.
    if rest and (rating.grade or len(rest) > 40):
        return None
    return rating
