"""The review's own rating, from wherever the page states it, and never from prose about other ratings.

Sources, most trusted first: the page's schema.org markup; the front matter (`rating: 7.5/10`,
`score: 91`); the page's meta tags (`twitter:label1` "Rating" / `twitter:data1` "4/5"); a labelled
line of the text ("Rating: 4 out of 5", "Verdict: ★★★★", "Grade: B+", "Conclusion: 10/10."); a line
that is only a rating ("★★★½", "Four stars", "3.5/5"). Ratings mentioned in sentences ("my
three-star review of the sequel", "the critics' 91 score") are not read; "rated R" is a content
rating; a "Rating:" with nothing after it is no rating. How values and scales are read: kg.lexicon.ratings.

A round-up rates several films: a rating line then counts only under a heading that names the
reviewed film, and none is taken when that cannot be told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.context import ReviewContext
from kg.extract.facts import Score
from kg.extract.header import lines_with_offsets
from kg.lexicon import ratings
from kg.lexicon.credit_labels import LABEL_LINE, labelled_value, relations


@dataclass
class Candidate:
    rating: ratings.Rating
    span: tuple[int, int]
    rule: str
    confidence: float


def read_rating(ctx: ReviewContext) -> None:
    chosen = _choose(ctx)
    if chosen:
        rating = chosen.rating
        score = Score(value=rating.value, best=rating.best, worst=rating.worst)
        ctx.add("review.rating", score, chosen.span, chosen.rule, chosen.confidence)


def _choose(ctx: ReviewContext) -> Candidate | None:
    meta = ctx.document.metadata
    if meta.rating:
        rule, start, end = meta.evidence.get("rating", ("page.markup", 0, 0))
        value, best, worst = meta.rating
        return Candidate(ratings.Rating(value, best, worst, 0), (start, end), rule, 0.95)
    candidates = _front_matter(ctx) + _text(ctx)
    if not candidates:
        return None
    scaled = [c for c in candidates if c.rating.best]
    if scaled:
        return scaled[0]
    return candidates[0]


def _front_matter(ctx: ReviewContext) -> list[Candidate]:
    matter = ctx.document.front_matter
    if not matter:
        return []
    found = []
    for key, values in matter.entries.items():
        if any(r == "review.rating" for r, _ in relations(key) or []):
            value, start, end = values[0]
            rating = ratings.parse_value(value)
            if rating:
                confidence = 0.9 if rating.best else 0.6
                found.append(Candidate(rating, (start, end), f"frontmatter.{key.replace(' ', '_')}", confidence))
    return found


def _text(ctx: ReviewContext) -> list[Candidate]:
    found: list[tuple[Candidate, int]] = []
    for offset, line in lines_with_offsets(ctx.text):
        stripped = line.strip()
        if offset < ctx.prose_start or not stripped or len(stripped) > 200:
            continue
        start = offset + line.index(stripped)
        candidate = _labelled(stripped, start) or _alone(stripped, start) or _closing_label(stripped, start)
        if candidate:
            found.append((candidate, offset))
    if len({c.rating for c, _ in found}) > 1:
        found = [(c, o) for c, o in found if _under_reviewed_film(ctx, o)]
        if len({c.rating for c, _ in found}) != 1:
            return []
    return [c for c, _ in found]


def _labelled(line: str, start: int) -> Candidate | None:
    """'Rating: 4/5', 'THE RATING: 4 out of 5', 'Verdict: ★★★★', 'Grade: B+', 'Conclusion: 10/10. …'."""
    labelled = labelled_value(LABEL_LINE.match(line), "review.rating")
    if not labelled:
        return None
    value, value_offset, label_confidence = labelled
    rating = ratings.parse_value(value)
    if rating is None:
        # A stated scale may open a sentence: "Conclusion: 10/10. James Cameron belongs with …".
        opening = ratings.parse(value)
        if opening and opening.best and not opening.grade and re.match(
            r"^\s*(?:[.;:!—–-]|$)", value[opening.length :]
        ):
            rating = opening
    if rating is None:
        return None
    # A bare number ("Rating: 4") states no scale: kept, less sure, and any stated scale wins.
    confidence = label_confidence if rating.best or _stars(value) else 0.6
    return Candidate(rating, (start, start + value_offset + rating.length), "rating.label", confidence)


CLOSING_LABEL = re.compile(r"(?<=[.!?])\s+(?=[A-Z][\w ]{0,20}:\s*\S{1,12}\s*$)")


def _closing_label(line: str, start: int) -> Candidate | None:
    """A rating label closing a paragraph's last line: "… see it. Grade: B+", "… Rating: 4/5"."""
    found = list(CLOSING_LABEL.finditer(line))
    if not found:
        return None
    tail = found[-1].end()
    return _labelled(line[tail:], start + tail)


def _alone(line: str, start: int) -> Candidate | None:
    """A line that is a rating and nothing else: '★★★½', 'Four stars', '3.5/5'."""
    rating = ratings.parse_value(line)
    if rating is None or rating.length < len(line.strip().rstrip(".")):
        return None
    if _stars(line):
        return Candidate(rating, (start, start + rating.length), "rating.stars", 0.8)
    if rating.best in {"4", "5", "10", "100"} and ("/" in line or " out of " in line):
        return Candidate(rating, (start, start + rating.length), "rating.line", 0.7)
    return None


def _stars(text: str) -> bool:
    return bool(re.search(r"[★⭐☆✩✭✮✯½]|\bstars?\b", text, re.I))


def _under_reviewed_film(ctx: ReviewContext, offset: int) -> bool:
    """Whether the nearest heading above a line (a short line that is not a label) names the film."""
    if not ctx.film_title:
        return False
    for _, line in reversed(lines_with_offsets(ctx.text[:offset])):
        stripped = line.strip()
        if not stripped or LABEL_LINE.match(stripped):
            continue
        return len(stripped) <= 120 and ctx.film_title.lower() in stripped.lower()
    return False
