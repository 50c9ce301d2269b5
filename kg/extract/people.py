"""Who is who in one review: full names, and the short forms that point back to them.

"Varga" and "Ilona Varga" are one person; "Rosa" is the character "Rosa M."; a surname two
people share ("the Coen brothers' Joel and Ethan Coen") stays unresolved rather than guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict

_HONORIFIC = re.compile(r"^(?:Mr\.|Mrs\.|Ms\.|Miss|Dr\.|Sir|Dame|Lord|Lady)\s+")


def name_parts(name: str) -> list[str]:
    return [p for p in re.split(r"\s+", _HONORIFIC.sub("", name).strip()) if p]


class NameIndex:
    """Full names met in the text, and the first names and surnames that refer to each."""

    def __init__(self) -> None:
        self.full: set[str] = set()
        self._by_part: dict[str, set[str]] = defaultdict(set)

    def add(self, name: str) -> None:
        parts = name_parts(name)
        if len(parts) < 2:
            return
        full = " ".join(parts)
        self.full.add(full)
        # The first name and the surname (with its particles: "del Toro") may stand alone.
        self._by_part[parts[0]].add(full)
        self._by_part[parts[-1]].add(full)
        particle_start = next((i for i, p in enumerate(parts[1:], 1) if p[:1].islower()), None)
        if particle_start is not None:
            self._by_part[" ".join(parts[particle_start:])].add(full)

    def resolve(self, name: str) -> str | None:
        """The one full name a mention refers to, or None when unknown or ambiguous."""
        parts = name_parts(name)
        text = " ".join(parts)
        if text in self.full:
            return text
        # "Rosa M" for "Rosa M."; a possessive "'s" is already split off by the tokenizer.
        for full in self.full:
            if full.rstrip(".") == text.rstrip("."):
                return full
        candidates = self._by_part.get(text, set())
        if len(candidates) == 1:
            return next(iter(candidates))
        return None
