"""Who is who in one review: full names, and the short forms that point back to them.

"Varga" and "Ilona Varga" are one person; "Rosa" is the character "Rosa M."; a surname two
people share ("the Coen brothers' Joel and Ethan Coen") stays unresolved rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

_HONORIFIC = re.compile(r"^(?:Mr\.|Mrs\.|Ms\.|Miss|Dr\.|Sir|Dame|Lord|Lady)\s+")


def name_parts(name: str) -> list[str]:
    return [p for p in re.split(r"\s+", _HONORIFIC.sub("", name).strip()) if p]


def spelling_key(name: str) -> str:
    """One key for the spellings of one name: "Joseph Gordon-Levitt", "Joseph Gordon Levitt" and
    "JOSEPH GORDON LEVITT" share it; accents, hyphens, dots and case are left out."""
    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c)).casefold()


def spelling_preference(name: str) -> tuple[bool, int]:
    """Of two spellings of one name, the one in mixed case with more hyphens, accents and
    apostrophes is the fuller."""
    return (not name.isupper(), sum(not c.isascii() or c in "-'" for c in name))


class NameIndex:
    """Full names met in the text, and the first names and surnames that refer to each."""

    def __init__(self) -> None:
        self.full: set[str] = set()
        self._by_part: dict[str, set[str]] = defaultdict(set)
        self._spellings: dict[str, str] = {}  # spelling key -> the first spelling met

    def add(self, name: str) -> None:
        parts = name_parts(name)
        if len(parts) < 2:
            return
        full = " ".join(parts)
        key = spelling_key(full)
        known = self._spellings.get(key)
        if known is not None:
            # Another spelling of a name met already: keep the fuller one ("Gordon-Levitt", "Léa").
            if spelling_preference(full) > spelling_preference(known):
                self._respell(known, full)
            return
        self._spellings[key] = full
        self.full.add(full)
        # The first name and the surname (with its particles: "del Toro") may stand alone.
        self._by_part[parts[0]].add(full)
        self._by_part[parts[-1]].add(full)
        particle_start = next((i for i, p in enumerate(parts[1:], 1) if p[:1].islower()), None)
        if particle_start is not None:
            self._by_part[" ".join(parts[particle_start:])].add(full)

    def _respell(self, old: str, new: str) -> None:
        self._spellings[spelling_key(new)] = new
        self.full = {new if full == old else full for full in self.full}
        for names in self._by_part.values():
            if old in names:
                names.discard(old)
                names.add(new)

    def resolve(self, name: str) -> str | None:
        """The one full name a mention refers to, or None when unknown or ambiguous."""
        parts = name_parts(name)
        text = " ".join(parts)
        if text in self.full:
            return text
        if spelling_key(text) in self._spellings:
            return self._spellings[spelling_key(text)]
        # "Rosa M" for "Rosa M."; a possessive "'s" is already split off by the tokenizer.
        for full in self.full:
            if full.rstrip(".") == text.rstrip("."):
                return full
        candidates = self._by_part.get(text, set())
        if len(candidates) == 1:
            return next(iter(candidates))
        return None
