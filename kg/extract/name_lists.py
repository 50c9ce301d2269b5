"""Lists of names after a label: "A, B and C", "A & B", "A,B", read only when every item is a name,
so a sentence that happens to open with "Music:" is never a credit. Shared by the readers of
structure (credit blocks, front matter, footers, page definition lists).
"""

from __future__ import annotations

import re

from kg.lexicon.names import NAME_PARTICLES, NOT_NAME, PLACEHOLDERS

_INITIAL = re.compile(r"^[A-Z]\.(?:[A-Z]\.)*$")
# A word of a name: capitalized, with hyphens and inner capitals ("Ji-Woo", "McAllister",
# "O'Hara", "Park Ji-woo"), an initial, or a nickname in quotes ("'Rusty'").
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.]*(?:-[\w'’.]+)*|[A-Z]\.(?:[A-Z]\.)*|(['\"])[A-Z][\w.-]*\1)$", re.U)
_COMPANY_WORD = re.compile(r"^[\w&'’.!+-]+$", re.U)
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")


def looks_like_name(text: str) -> bool:
    """A personal name as credits write it: capitalized words (initials, hyphens, particles inside)."""
    words = text.split()
    if not 1 <= len(words) <= 6 or not _NAME_WORD.match(words[0]) or not _NAME_WORD.match(words[-1]):
        return False
    if words[0].lower() in PLACEHOLDERS:
        return False
    if len(words) == 1 and (len(text) < 2 or _INITIAL.match(text) or text.lower() in NOT_NAME):
        return False
    return all(_NAME_WORD.match(w) or w in NAME_PARTICLES for w in words)


def looks_like_company(text: str) -> bool:
    """A company as credits write it: "Universal Pictures Company", "A24", "Plan B Entertainment"."""
    words = text.split()
    return (
        1 <= len(words) <= 8
        and (words[0][:1].isupper() or words[0][:1].isdigit())
        and all(_COMPANY_WORD.match(w) for w in words)
        and any(c.isalpha() for c in text)
    )


def split_list(value: str, *, companies: bool = False) -> list[tuple[int, int]]:
    """[start, end) of each item of a list of names: "A, B and C", "A & B", "A,B" (glued), "A; B",
    never inside parentheses ("A (Rosa, the ferry captain), B"). Companies are split on commas,
    semicolons and "and" only ("Simon & Schuster" is one)."""
    separator = r"\s*(?:,|;|\band\b)\s*" if companies else r"\s*(?:,|;|&|\band\b)\s*"
    items, start = [], 0
    for match in re.finditer(separator, value):
        opened = value.count("(", 0, match.start()) - value.count(")", 0, match.start())
        if opened > 0:
            continue
        items.append((start, match.start()))
        start = match.end()
    items.append((start, len(value)))
    out = []
    for a, b in items:
        while a < b and value[a] in " \t*":
            a += 1
        while b > a and value[b - 1] in " \t*.":
            if value[b - 1] == "." and _ends_with_initial(value[a:b]):
                break
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _ends_with_initial(text: str) -> bool:
    last = text.split()[-1] if text.split() else ""
    return bool(_INITIAL.match(last)) or last in {"Jr.", "Sr.", "Bros.", "Inc.", "Ltd.", "Co.", "Corp."}


def name_items(value: str, *, companies: bool = False) -> list[tuple[int, int]] | None:
    """The names a label's value lists, as spans of `value`; None unless every item is a name."""
    check = looks_like_company if companies else looks_like_name
    stripped = _PARENTHESIS.sub(lambda m: " " * len(m.group()), value)  # "Dana Whitlock (handle)"
    items = split_list(stripped, companies=companies)
    if not items or not all(check(stripped[a:b]) for a, b in items):
        return None
    return items
