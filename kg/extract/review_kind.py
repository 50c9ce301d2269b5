"""Is this text a film review? kg refuses a recipe, a news story or a game review rather than
publish it as the review of a film.

The words of each kind of text come from `data/review-domains.tsv`. A text is read as a film
review when its page or first line already says it reviews a film (markup, a "Title (Year)"
line), or when film words are found and no other domain's words clearly outnumber them.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from kg.errors import InputError
from kg.lexicon import gazetteers

# Another domain outnumbers film when it has at least this many words and twice film's count.
DOMINANT_MINIMUM = 5
DOMINANCE = 2


@lru_cache(maxsize=1)
def _domains_of_words() -> dict[str, tuple[str, ...]]:
    """Each domain word -> the domains that list it."""
    domains: dict[str, list[str]] = {}
    for domain, (_, vocabulary) in gazetteers.review_domains().items():
        for word in vocabulary:
            domains.setdefault(word, []).append(domain)
    return {word: tuple(found) for word, found in domains.items()}


def domain_counts(words: list[str]) -> dict[str, Counter]:
    """Per domain, how often each of its words occurs among lower-cased tokens (one pass)."""
    counts: dict[str, Counter] = {domain: Counter() for domain in gazetteers.review_domains()}
    domains_of = _domains_of_words()
    for word, count in Counter(words).items():
        for domain in domains_of.get(word, ()):
            counts[domain][word] = count
    return counts


def check_film_review(words: list[str], source: str, says_film: bool) -> None:
    """Raise InputError when the text reads as something other than a film review."""
    counts = domain_counts(words)
    film = sum(counts.pop("film").values())
    label, found = max(((d, c) for d, c in counts.items()), key=lambda item: sum(item[1].values()))
    other = sum(found.values())
    if other >= DOMINANT_MINIMUM and other > DOMINANCE * film:
        kind = gazetteers.review_domains()[label][0]
        examples = ", ".join(word for word, _ in found.most_common(3))
        raise InputError(f"{source}: not a film review: it reads as {kind} ({examples})")
    if film == 0 and not says_film:
        raise InputError(f"{source}: not a film review: no word of film in it and no title line or page markup "
                         "naming a film")
