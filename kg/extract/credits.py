"""Credit blocks: the film's facts stated as structure, not prose, read before the prose rules.

    Director: Ilona Varga                      a label line (labels: data/credit-labels.tsv)
    _Screenplay by_: Ilona Varga, Tom Okafor   several names: "," "and" "&", also glued "A,B"
    Directed by Ilona Varga                    a "... by" label without a colon
    Based on the novel The Salt Road by: Ada Lind
    Cast:                                      a cast heading, then one line per part:
    Ines Abara (Rosa Marr)                         "Actor (Character)", "Actor (Character, description)",
    Tomas Verlaine, Lio Marsh (sailors)            several actors sharing a part, "Actor as Character",
    uncredited                                     "uncredited" sub-sections
    France 2004©                               country and year; "France, 2004, 104 mins"
    104 mins                                   running time

The same labels are read from YAML front matter (`director:`, `written-by:`, `staring:` lists,
`studio:`, a `metadata:` value of credit lines) and from a page's definition lists and tables
(kg.sources.html). The lines read here are structure: the prose rules do not read them again.
"""

from __future__ import annotations

import re

from kg.extract.byline import closing_written_by
from kg.extract.context import ReviewContext
from kg.extract.facts import ContentRating, Country, CrewRole, Organization, Person, Role, Runtime, SourceWork, Year
from kg.extract.header import TITLE_LINE, lines_with_offsets
from kg.extract.name_lists import looks_like_name, name_items, split_list
from kg.lexicon import gazetteers
from kg.lexicon.credit_labels import LABEL_LINE, relations

PERSON_RELATIONS = {"director", "screenwriter", "composer", "producer", "cinematographer", "editor"}
CREW_ROLES = {"cinematographer", "editor"}  # written as schema:contributor roles
WORK_TYPES = {
    "novel": "Book", "book": "Book", "novella": "Book", "memoir": "Book", "biography": "Book",
    "autobiography": "Book", "story": "ShortStory", "short story": "ShortStory", "play": "Play",
    "stage play": "Play", "comic": "ComicStory", "comic book": "ComicStory", "graphic novel": "ComicStory",
    "article": "Article", "poem": "CreativeWork", "musical": "CreativeWork", "series": "CreativeWork",
}
BY_LINE = re.compile(r"^(?P<label>(?:[A-Z][a-z]+\s+){0,2}(?:[Bb]y))\s+(?P<value>[A-Z].*)$")
LIST_LINE = re.compile(r"^(?P<label>Starring|With|Featuring)\s+(?P<value>[A-Z].*)$")
_WORK_NOUNS = "|".join(sorted(WORK_TYPES, key=len, reverse=True))
BASED_ON = re.compile(
    rf"^based\s+(?:up)?on\s+(?:the\s+|an?\s+)?(?:original\s+)?(?P<type>{_WORK_NOUNS})"
    r"\s*(?P<title>.*?)\s*,?\s*(?:written\s+)?by$",
    re.I,
)
UNCREDITED = re.compile(r"^\*?\s*\(?uncredited\)?\s*:?\s*$", re.I)
CAST_LINE = re.compile(r"^(?P<names>[^()]+?)\s*\((?P<character>[^()]+)\)\s*\**\s*$")
AS_LINE = re.compile(r"^(?P<names>[^()]+?)\s+as\s+(?P<character>[A-Z'\"][^()]*?)\s*\**\s*$")
RUNTIME = re.compile(
    r"^(?:(?P<hours>\d)\s*(?:h|hrs?|hours?)\.?\s*)?(?P<minutes>\d{1,3})\s*(?:m|mins?|minutes)\.?$"
    r"|^(?P<hours2>\d)\s*(?:h|hrs?|hours?)\.?$",
    re.I,
)
FIELD_LENGTH = 100  # a labelled value longer than this is a sentence, not a field
YEAR = re.compile(r"^(?:18|19|20)\d\d$")
PRODUCTION_OF = re.compile(r"(?:^|\bof\s+)(?:[Aa]n?\s+)?(?P<company>[A-Z0-9][^,;]*?)\s+(?:co-)?productions?\b")


def read_credits(ctx: ReviewContext) -> None:
    _front_matter(ctx)
    _page_credits(ctx)
    _text(ctx)


# --- one labelled value, wherever it stands -------------------------------------------------------
#
# `at` says where a value stands: its offset in the text (each name's evidence is then its own span,
# or runs from `cue`, the start of the line, when given), or a fixed span for a value that is not in
# the text as written (a folded front-matter value, a page's definition list: (0, 0)).

At = int | tuple[int, int]


def _span(at: At, a: int, b: int, cue: int | None = None) -> tuple[int, int]:
    if isinstance(at, tuple):
        return at
    return (at + a if cue is None else cue), at + b


def read_value(ctx: ReviewContext, label: str, value: str, at: At, rule: str, film: str | None = None,
               cue: int | None = None) -> bool:
    """Read `value` under `label`. True when the label is known (the line is structure), whether or
    not its value named anything."""
    found = relations(label)
    if found is None:
        return _based_on(ctx, label, value, at, rule, film)
    for relation, confidence in found:
        read_relation(ctx, relation, value, at, rule, confidence, film, cue)
    return True


def read_relation(ctx: ReviewContext, relation: str, value: str, at: At, rule: str, confidence: float,
                  film: str | None = None, cue: int | None = None) -> None:
    if relation in PERSON_RELATIONS:
        for a, b in name_items(value) or []:
            person = value[a:b]
            ctx.people.add(person)
            if relation in CREW_ROLES:
                member = CrewRole(role_name=relation, person=person)
                ctx.add("crew", member, _span(at, a, b, cue), rule, confidence, film)
            else:
                ctx.add(relation, Person(person), _span(at, a, b, cue), rule, confidence, film)
    elif relation in {"actor", "cast"}:
        for a, b in split_list(value):
            item_at = at if isinstance(at, tuple) else at + a
            _cast_entry(ctx, value[a:b], item_at, rule, confidence, film, cue)
    elif relation == "productionCompany":
        # Trade papers: "Production: A Foo Films production", "… a Bar release of a Foo Films production".
        produced = PRODUCTION_OF.search(value)
        offset, value = (produced.start("company"), produced["company"]) if produced else (0, value)
        for a, b in name_items(value, companies=True) or []:
            ctx.add("productionCompany", Organization(value[a:b]), _span(at, offset + a, offset + b, cue), rule,
                    confidence, film)
    elif relation == "runtime":
        minutes = runtime_minutes(value)
        if minutes:
            ctx.add("runtime", Runtime(str(minutes)), _span(at, 0, len(value), cue), rule, confidence, film)
    elif relation == "contentRating":
        code = value.strip().rstrip(".")
        if code in gazetteers.content_ratings():
            ctx.add("contentRating", ContentRating(code), _span(at, 0, len(value), cue), rule, confidence, film)
    elif relation == "countryOfOrigin":
        countries = gazetteers.countries()
        for a, b in split_list(value.replace("/", ","), companies=True):
            if value[a:b] in countries:
                ctx.add("countryOfOrigin", Country(countries[value[a:b]]), _span(at, a, b, cue), rule, confidence, film)
    elif relation == "film.year" and YEAR.match(value.strip()):
        ctx.add("film.year", Year(value.strip()), _span(at, 0, len(value), cue), rule, confidence, film)


def runtime_minutes(value: str) -> int | None:
    """'113 mins', '1h 53m', '2 hours', 'PT1H53M' -> minutes, between 40 and 400."""
    text = value.strip()
    iso = re.fullmatch(r"PT?(?:(\d+)H)?(?:(\d+)M)?", text.upper())
    if iso and any(iso.groups()):
        total = int(iso[1] or 0) * 60 + int(iso[2] or 0)
    else:
        match = RUNTIME.match(text)
        if not match:
            return None
        total = int(match["hours"] or match["hours2"] or 0) * 60 + int(match["minutes"] or 0)
    return total if 40 <= total <= 400 else None


def _cast_entry(ctx: ReviewContext, item: str, at: At, rule: str, confidence: float, film: str | None,
                cue: int | None = None) -> bool:
    """One cast entry: "Actor", "Actor (Character)", "A, B (Character)", "Actor as Character"."""
    match = CAST_LINE.match(item) or AS_LINE.match(item)
    names_text = match["names"] if match else item.rstrip(" *")
    items = name_items(names_text)
    if not items:
        return False
    character = _character(match["character"]) if match else None
    for a, b in items:
        person = names_text[a:b]
        ctx.people.add(person)
        if character:
            ctx.add("role", Role(person=person, character=character), _span(at, a, len(item), cue), rule, confidence,
                    film)
        else:
            ctx.add("actor", Person(person), _span(at, a, b, cue), rule, confidence, film)
    return True


def _character(text: str) -> str | None:
    """'Rosa, the ferry captain' -> 'Rosa'; "'Gull'" -> 'Gull'. The part before a comma names the
    character, what follows describes it."""
    name = text.split(",")[0].strip()
    if len(name) >= 2 and name[0] == name[-1] and name[0] in "'\"":
        name = name[1:-1].strip()
    return name or None


def _based_on(ctx: ReviewContext, label: str, value: str, at: At, rule: str, film: str | None) -> bool:
    """'Based on the novel The Salt Road by: Ada Lind'. True when the label is such a line."""
    match = BASED_ON.match(" ".join(label.split()))
    if not match:
        return False
    title = match["title"].strip(" '\"")
    work = WORK_TYPES[match["type"].lower()]
    for a, b in name_items(value) or []:
        author = value[a:b]
        ctx.people.add(author)
        ctx.add("basedOn", SourceWork(work_type=work, title=title, author=author), _span(at, a, b),
                rule.replace(".label", ".based_on"), 0.9, film)
    return True


# --- front matter and page ----------------------------------------------------------------------


def _front_matter(ctx: ReviewContext) -> None:
    matter = ctx.document.front_matter
    if not matter:
        return
    for key, values in matter.entries.items():
        for relation, confidence in relations(key) or []:
            if relation.startswith("review."):
                continue  # the post's title, author, date and rating: see kg.sources.document, byline, rating
            for value, start, end in values:
                # A value written as it reads (plain, or quoted without escapes) points at its names;
                # a folded or escaped one at the whole value.
                at: At = start if ctx.text[start:end] == value else (start, end)
                if relation == "lines":
                    _front_matter_lines(ctx, value, at)
                else:
                    read_relation(ctx, relation, value, at, f"frontmatter.{relation}", confidence)


def _front_matter_lines(ctx: ReviewContext, value: str, at: At) -> None:
    """A value of credit lines: 'France, 2004, 104 mins<br> Director: Ilona Varga'."""
    position = 0
    for segment in re.split(r"<br\s*/?>|\n|\|", value, flags=re.I):
        offset = value.find(segment, position)
        position = offset + len(segment)
        line = segment.strip()
        if line:
            _read_line(ctx, line, at if isinstance(at, tuple) else at + offset + segment.index(line),
                       "frontmatter.lines", None)


def _page_credits(ctx: ReviewContext) -> None:
    """A page's definition lists and tables (kg.sources.html): label and value, not in the text."""
    for label, value in ctx.document.metadata.credits:
        for relation, confidence in relations(label) or []:
            if not relation.startswith("review.") and relation != "lines":
                read_relation(ctx, relation, value, (0, 0), "page.credits", confidence)


# --- lines of the text ----------------------------------------------------------------------------


def _read_line(ctx: ReviewContext, line: str, at: At, rule: str, film: str | None) -> bool:
    """One line that may be a label line, a country-year line or a running time. True when it is
    structure: it stated a credit, or a known label with a short value (a field, not a sentence)."""
    cue = at if isinstance(at, int) else None
    match = LABEL_LINE.match(line)
    if match and match["value"].strip():
        value = match["value"].strip()
        value_at = at if isinstance(at, tuple) else at + match.start("value") + (
            len(match["value"]) - len(match["value"].lstrip()))
        found = relations(match["label"])
        if found is not None and any(r.startswith("review.") for r, _ in found):
            return len(value) <= FIELD_LENGTH  # the review's own fields are read by byline and rating
        before = len(ctx.facts)
        known = read_value(ctx, match["label"], value, value_at, rule, film, cue)
        return len(ctx.facts) > before or (known and name_items(value, companies=True) is not None)
    match = BY_LINE.match(line) or LIST_LINE.match(line)
    if match:
        found = relations(match["label"])
        value = match["value"].rstrip(" .")
        if found and not any(r.startswith("review.") for r, _ in found) and _all_names(value, found):
            value_at = at if isinstance(at, tuple) else at + match.start("value")
            return read_value(ctx, match["label"], value, value_at, rule, film, cue)
        return False
    return _country_year(ctx, line, at, film) or _runtime_line(ctx, line, at, film)


# A trade paper's footer puts several labelled fields on one line, each ended by a full stop:
# "Crew: Director: X. Screenplay: A, B. Camera (color, widescreen): C. Music: D."
NEXT_LABEL = re.compile(r"(?<=\.)\s+(?=[A-Z][\w ,&/()'-]{0,40}:\s)")
GROUP_LABEL = re.compile(r"^(?:Crew|Credits|Production credits|Technical credits)\s*:\s*(?=[A-Z][\w ,&/()'-]{0,40}:\s)")


def label_segments(line: str) -> list[tuple[int, str]]:
    """The labelled fields of one line, each with its offset in the line: the line itself when it
    holds one field; a group label ("Crew:") before the first field is left out."""
    segments, start = [], 0
    for boundary in [*NEXT_LABEL.finditer(line), None]:
        end = boundary.start() if boundary else len(line)
        piece = line[start:end]
        group = GROUP_LABEL.match(piece)
        offset = start + (group.end() if group else 0)
        segments.append((offset, line[offset:end].rstrip()))
        start = boundary.end() if boundary else len(line)
    # Fields only: a sentence closed by "Grade: B+" is prose with a label at its end, one piece.
    if len(segments) > 1 and not all(LABEL_LINE.match(piece) for _, piece in segments):
        return [(0, line)]
    return segments


TITLE_DETAILS = re.compile(r"^(?P<title>[^()]{1,80}?)\s*\((?P<details>[^()]{1,80})\)$")


def _title_details(ctx: ReviewContext, line: str, start: int) -> bool:
    """A newspaper's heading of the reviewed film: 'The Salt Road (Cinemas, 12A)', '… (15, 104 mins)'."""
    match = TITLE_DETAILS.match(line)
    if not match or not ctx.is_reviewed_film(match["title"].strip()):
        return False
    found = False
    position = match.start("details")
    for part in match["details"].split(","):
        offset = line.index(part, position)
        position = offset + len(part)
        code = part.strip()
        span = (start + offset + part.index(code), start + offset + part.index(code) + len(code)) if code else None
        if code in gazetteers.content_ratings():
            ctx.add("contentRating", ContentRating(code), span, "credits.title_details", 0.85)
            found = True
        elif runtime_minutes(code):
            ctx.add("runtime", Runtime(str(runtime_minutes(code))), span, "credits.title_details", 0.85)
            found = True
    return found


def _all_names(value: str, found: list[tuple[str, float]]) -> bool:
    """A "Directed by …" or "Starring …" line is a credit only when all it lists are names."""
    if any(r in {"actor", "cast"} for r, _ in found):
        items = split_list(value)
        return bool(items) and all(
            CAST_LINE.match(value[a:b]) or AS_LINE.match(value[a:b]) or looks_like_name(value[a:b]) for a, b in items
        )
    return name_items(value) is not None


COUNTRY_YEAR = re.compile(
    r"^(?P<countries>[^\d©]+?)[\s,]+(?P<year>(?:18|19|20)\d\d)\s*©?"
    r"(?:[\s,]+(?P<runtime>\d{2,3}\s*(?:mins?|minutes)\.?))?$"
)


def _country_year(ctx: ReviewContext, line: str, at: At, film: str | None) -> bool:
    """'France 2004©', 'South Korea 2011', 'France, 2004, 104 mins', 'France/Italy 1963 104 mins'."""
    match = COUNTRY_YEAR.match(line)
    if not match:
        return False
    countries = gazetteers.countries()
    names = [match["countries"][a:b] for a, b in split_list(match["countries"].replace("/", ","), companies=True)]
    if not names or not all(n in countries for n in names):
        return False
    span = _span(at, 0, len(line))
    for name in names:
        ctx.add("countryOfOrigin", Country(countries[name]), span, "credits.country_year", 0.85, film)
    ctx.add("film.year", Year(match["year"]), span, "credits.country_year", 0.85, film)
    minutes = runtime_minutes(match["runtime"]) if match["runtime"] else None
    if minutes:
        ctx.add("runtime", Runtime(str(minutes)), span, "credits.country_year", 0.9, film)
    return True


def _runtime_line(ctx: ReviewContext, line: str, at: At, film: str | None) -> bool:
    minutes = runtime_minutes(line)
    if minutes:
        ctx.add("runtime", Runtime(str(minutes)), _span(at, 0, len(line)), "credits.runtime", 0.9, film)
    return bool(minutes)


def _cast_heading(line: str) -> bool:
    """'Cast', 'CAST', 'Cast:', 'The cast:' on a line of its own."""
    found = relations(line.rstrip(" :"))
    return bool(found) and any(r == "cast" for r, _ in found)


def _text(ctx: ReviewContext) -> None:
    """Every line of the text after the page's header: credit lines wherever they stand. A block
    runs over blank lines and ends at the first line that is not structure."""
    in_cast = False
    film: str | None = None
    content = [(offset, line) for offset, line in lines_with_offsets(ctx.text) if line.strip()]
    stripped_lines = [line.strip() for _, line in content]
    for index, (offset, line) in enumerate(content):
        stripped = stripped_lines[index]
        if offset < ctx.prose_start or closing_written_by(stripped_lines, index):  # a sign-off: bylines read it
            continue
        start = offset + line.index(stripped)
        span = (start, start + len(stripped))
        if len(stripped) > 300:  # a paragraph of prose
            in_cast, film = False, None
            continue
        heading = _cast_heading(stripped)
        if UNCREDITED.match(stripped) or heading:
            in_cast = in_cast or heading
            film = film or (_heading_film(ctx, offset) if heading else None)
            ctx.structure.append(span)
            continue
        if in_cast and _cast_entry(ctx, stripped, start, "credits.cast_line", 0.9, film):
            ctx.structure.append(span)
            continue
        in_cast = False
        label = LABEL_LINE.match(stripped)
        if film is None and label and (relations(label["label"]) or BASED_ON.match(label["label"])):
            film = _heading_film(ctx, offset)
        pieces = [_read_line(ctx, piece, start + at, "credits.label", film) for at, piece in label_segments(stripped)]
        if any(pieces) or _title_details(ctx, stripped, start):
            ctx.structure.append(span)
        else:
            film = None


def _heading_film(ctx: ReviewContext, offset: int) -> str | None:
    """A credit block headed by another film's title ("Other Film (1961)", or a bold line naming a
    title that is not the reviewed film) belongs to that film; otherwise to the reviewed film."""
    before = ctx.text[:offset].rstrip("\n ")
    heading = before[before.rfind("\n") + 1 :].strip()
    heading_start = len(before) - len(heading)
    if not heading or len(heading) > 80 or LABEL_LINE.match(heading) or not ctx.film_title:
        return None
    bold = any(a <= heading_start and len(before) <= b for a, b in ctx.document.strong)
    title_line = TITLE_LINE.match(heading)
    title = title_line["title"].strip() if title_line else heading if bold else None
    if not title or ctx.film_title.lower() in title.lower() or ctx.is_reviewed_film(title):
        return None
    return title
