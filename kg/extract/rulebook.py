"""The rule book: Matcher patterns per relation (in the notation of kg.extract.patterns), the
confidence of each rule, and the closed word lists they use.

Confidence is the rule's precision as measured on the gold reviews, rounded down; rules that
rest on one cue word ("director X") rank below those that rest on a construction ("a film by X").
"""

from __future__ import annotations

FILM_NOUNS = "film|movie|documentary|feature|picture|thriller|drama|comedy|western|musical|melodrama|satire|adaptation"
# Words by which critics place a film in its director's work: "X's latest feature".
DIRECTOR_ADJECTIVES = "new|newest|latest|last|first|debut|next|previous|own|second|third|fourth|fifth|final|best"
FILM_PLURALS = "films|movies|pictures|thrillers|dramas|comedies|westerns|musicals|classics|features|works"
WORK_NOUNS = (
    "novel|book|novella|play|memoir|story|stories|bestseller|seller|comic|manga|autobiography|biography|best-seller"
)
# Crew nouns that may stand before a name in apposition or parentheses: "the director (X)".
# Crew nouns that may stand before a name in apposition or parentheses: "the director (X)".
CREW_NOUNS = {
    "director": "director",
    "directors": "director",
    "writer": "screenwriter",
    "writers": "screenwriter",
    "screenwriter": "screenwriter",
    "screenwriters": "screenwriter",
    "producer": "producer",
    "producers": "producer",
    "composer": "composer",
    "cinematographer": "cinematographer",
    "cameraman": "cinematographer",
    "editor": "editor",
}

RULES: dict[str, list[str]] = {
    # director
    "director.film_by": [
        f"{FILM_NOUNS} by {{NAME}}",
        "directed|helmed by {NAME}",
        "direction by|from {NAME}",
        f"{FILM_NOUNS} made|shot ~3 by {{NAME}}",
    ],
    "director.cue": ["director|filmmaker {NAME}", "director , {NAME} ,"],
    "director.writer_director": ["writer -|/|and director {NAME}", "writer -|/|and director , {NAME} ,"],
    "director.possessive_title": ["{NAME} 's|' {TITLE}", f"{{NAME}} 's|' ~3 {FILM_NOUNS} , ? {{TITLE}}"],
    "director.possessive_film": [
        f"{{NAME}} 's|' {DIRECTOR_ADJECTIVES} ? ~1 {FILM_NOUNS}|direction",
        f"{{NAME}} 's|' {DIRECTOR_ADJECTIVES} work|effort|outing|offering|project",
        "{NAME} 's|' directorial|directing debut|career|effort|style|touch|eye|hand",
    ],
    "director.attributive": ["the|a|an|this|first|latest|new ? {NAME} film|movie|picture|joint|feature"],
    "director.his_film": ["{NAME} ~3 his|her own ? ~1 film|movie|picture|camera|cast|actors|direction"],
    "director.directed_titles": ["directed|helmed by {NAME} ( {TITLE}", "director|filmmaker {NAME} ( {TITLE}"],
    "director.of_title": [
        "{NAME} , ~12 director|helmer|maker|filmmaker|auteur of ~6 {TITLE}",
        "{NAME} , who directed|made|helmed ~3 {TITLE}",
        "{NAME} directed|helmed|co-directed {TITLE}",
        "{TITLE} director|helmer|filmmaker {NAME}",
    ],
    "director.films_like": [f"{{NAME}} 's|' ? ~2 {FILM_PLURALS} ( ? like|such|including as ? {{TITLE}}"],
    # writing, music, other crew; a list may follow the first name ("by A, B and C")
    "screenwriter.by": [
        "script|screenplay|scenario|teleplay|story , ? was|is ? by|from the ? {NAME}",
        "written|scripted|penned by the|a ? ~2 {NAME}",
        "co - written|wrote with|by {NAME}",
        "screenwriter|scenarist|writer-director|co-writer|screenwriters {NAME}",
        "{NAME} 's|' script|screenplay",
        "{NAME} , ? who ? also|himself|herself ? wrote the script|screenplay",
        "{NAME} ~1 wrote|penned|co-wrote|scripted ~4 script|screenplay|scenario",
    ],
    "composer.by": [
        "score|music|soundtrack|theme , ? was|is ? by|from {NAME}",
        "scored|composed by {NAME}",
        "score|music|theme was|is ? composed|performed|played|written ~4 by {NAME}",
        "composer {NAME}",
        "{NAME} 's|' score|music|soundtrack",
        "the {NAME} score|soundtrack",
        "{NAME} ~10 to score the|this film|picture|movie",
    ],
    "producer.by": ["produced by {NAME}", "producer|producers {NAME}", "producer was|is {NAME}",
                    "a|an {NAME} production"],
    "cinematographer.by": [
        "cinematography|photography|camerawork , ? by|from {NAME}",
        "photographed|lensed by {NAME}",
        "cinematographer|cameraman , ? {NAME}",
        "director of photography , ? was|is ? {NAME}",
        "{NAME} 's|' cinematography|camerawork",
    ],
    "editor.by": ["edited by {NAME}", "film editor , ? {NAME}"],
    "crew.paren": [
        "director|directors|writers|screenwriters|producer|producers|composer|cinematographer|editor ( {NAME}"
    ],
    # the source work
    "basedOn.work_by": [
        f"based|adapted on|from the|a|an ? ~4 {WORK_NOUNS} of|by {{NAME}}",
        f"based|adapted on|from {{NAME}} 's|' ~3 {WORK_NOUNS}",
        f"based|adapted on|from the|a|an ? ~3 {WORK_NOUNS} {{TITLE}} , ? by {{NAME}}",
        f"film|movie|adaptation|version of {{NAME}} 's|' ~3 {WORK_NOUNS}",
    ],
    "basedOn.possessive": [f"{{NAME}} 's|' ~3 {WORK_NOUNS} , ? {{TITLE}}"],
    # cast
    "cast.film_with": [f"{FILM_NOUNS} by {{NAME}} , ? with|starring {{NAME}}"],
    "cast.starring": ["starring|stars|co-starring|co-stars|featuring {NAME}", "cast includes|including {NAME}"],
    "cast.actor_character": ["the {NAME} character|role"],
    "cast.paren": ["( ~3 {NAME} )", "( ~3 {NAME} ,"],
    "cast.played_by": ["played|portrayed|embodied|voiced by {NAME}"],
    "cast.cue": ["actor|actress|co-star|costar|newcomer {NAME}", "actors|actresses|cast|performers|players ( {NAME}"],
    "role.paren": ["{NAME} ( {NAME} )", "{NAME} ( {NAME} , ", "{NAME} ( {NAME} of", "{NAME} ( {NAME} as"],
    "role.as": ["{NAME} ~6 as {NAME}", "{NAME} ~6 as the|a|an|his|her|their ~3 , ? {NAME}"],
    "role.possessive": ["{NAME} 's|' ~1 {NAME}"],
    "role.played_by": ["{NAME} , played by {NAME}", "{NAME} ( played by {NAME}", "{NAME} is|was played by {NAME}"],
    "role.pronoun": ["he|she plays|portrays {NAME}"],
    "role.in_role": ["in|as the role of {NAME} , {NAME}"],
    "role.plays": ["{NAME} is|plays|portrays|as {NAME}", "{NAME} stars as {NAME}", "{NAME} , as {NAME} ,"],
    # characters named without their actor
    "character.named": [
        "character|protagonist|heroine|hero|villain|narrator named|called {NAME}",
        "named {NAME}",
        "the character of {NAME}",
    ],
    # events
    "premiere.at": [
        "premiered|premieres|debuted|debuts|bowed|screened ~5 at the ? {FESTIVAL}",
        "premiere at|in the ? {FESTIVAL}",
    ],
    "release.in": ["open|opens|opened|opening|release|released|releases|arrive|arrives|hits ~4 in {COUNTRY}"],
    "runEnd.in": ["end|ends|ended|close|closes|closing|conclude|concludes its|the ? theatrical ? run ~2 in {COUNTRY}"],
}

CREW_ONLY = {"director", "screenwriter", "composer", "producer"}
CUE_RULES = {"director.cue", "director.writer_director"}
PERSON_FACTS = {"director", "actor", "screenwriter", "composer", "producer", "crew"}
CREW_RELATIONS = {"screenwriter.by": "screenwriter", "composer.by": "composer", "producer.by": "producer"}
CONTRIBUTOR_ROLES = {"cinematographer.by": "cinematographer", "editor.by": "editor"}
WORK_TYPES = {
    "novel": "Book",
    "book": "Book",
    "novella": "Book",
    "memoir": "Book",
    "bestseller": "Book",
    "seller": "Book",
    "best-seller": "Book",
    "autobiography": "Book",
    "biography": "Book",
    "story": "ShortStory",
    "stories": "Book",
    "comic": "ComicStory",
    "manga": "ComicStory",
    "play": "CreativeWork",
}

CONFIDENCE = {
    "director.film_by": 0.9,
    "director.cue": 0.75,
    "director.writer_director": 0.8,
    "director.possessive_title": 0.8,
    "director.possessive_film": 0.7,
    "director.of_title": 0.8,
    "director.films_like": 0.75,
    "director.attributive": 0.7,
    "director.his_film": 0.65,
    "director.directed_titles": 0.85,
    "screenwriter.by": 0.85,
    "composer.by": 0.9,
    "producer.by": 0.8,
    "cinematographer.by": 0.85,
    "editor.by": 0.8,
    "crew.paren": 0.8,
    "basedOn.work_by": 0.9,
    "basedOn.possessive": 0.85,
    "cast.film_with": 0.85,
    "cast.starring": 0.85,
    "cast.paren": 0.7,
    "cast.played_by": 0.8,
    "cast.cue": 0.7,
    "cast.actor_character": 0.7,
    "role.paren": 0.85,
    "role.played_by": 0.85,
    "role.in_role": 0.85,
    "role.plays": 0.75,
    "role.as": 0.7,
    "role.possessive": 0.65,
    "role.pronoun": 0.65,
    "character.named": 0.75,
    "premiere.at": 0.9,
    "release.in": 0.85,
    "runEnd.in": 0.85,
}

