"""Relation rules on invented sentences: the constructions critics use, one by one."""

from __future__ import annotations

import pytest

from kg.extract.review_facts import extract_facts
from kg.sources.document import Document, PageMetadata

HEADER = "The Salt Road (2004)\nhttps://example.org/reviews/the-salt-road\n"


def facts(body: str, relation: str, header: str = HEADER, **metadata: str) -> set[tuple]:
    document = Document.from_text(header + body, "test", PageMetadata(**metadata))
    return {f.values for f in extract_facts(document) if f.relation == relation and f.film is None}


@pytest.mark.parametrize(
    "sentence",
    [
        "Rosa Marr (Ilse Brandt) runs the ferry.",
        "Ilse Brandt plays Rosa Marr, the ferry captain.",
        "Ilse Brandt stars as Rosa Marr, the ferry captain.",
        "Ilse Brandt, as Rosa Marr, runs the ferry.",
        "Ilse Brandt as Rosa Marr is a revelation.",
        "Rosa Marr, played by Ilse Brandt, runs the ferry.",
        "In the role of Rosa Marr, Ilse Brandt is a revelation.",
    ],
)
def test_cast_constructions(sentence):
    assert facts(sentence, "role") == {("Ilse Brandt", "Rosa Marr")}
    assert ("Rosa Marr",) in facts(sentence, "character")


def test_a_cast_list_joined_by_commas_and_and():
    text = "The film, starring Ilse Brandt, Tomas Verlaine and Ines Abara, is slow."
    assert facts(text, "actor") == {("Ilse Brandt",), ("Tomas Verlaine",), ("Ines Abara",)}


def test_an_apposition_is_not_a_list():
    text = "From a script by Marta Ilves, Varga, a former painter, builds a world. Ilona Varga directed it."
    assert facts(text, "screenwriter") == {("Marta Ilves",)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Ilona Varga's film is patient.",
        'Ilona Varga\'s "The Salt Road" is patient.',
        "The Salt Road, a film by Ilona Varga, is patient.",
        "It was directed by Ilona Varga.",
    ],
)
def test_director_constructions(sentence):
    assert facts(sentence, "director") == {("Ilona Varga",)}


def test_surnames_and_first_names_point_back():
    text = (
        "The Salt Road is directed by Varga. Ilona Varga once painted. Rosa Marr (Brandt) runs the ferry. "
        "Ilse Brandt is wonderful."
    )
    assert facts(text, "director") == {("Ilona Varga",)}
    assert facts(text, "role") == {("Ilse Brandt", "Rosa Marr")}


def test_the_director_refers_back():
    text = "It was directed by Ilona Varga. The director also wrote the screenplay."
    assert facts(text, "screenwriter") == {("Ilona Varga",)}


def test_two_people_with_one_surname_stay_apart():
    text = "Joel Brask and Ethan Brask produced it. The film is directed by Brask."
    assert facts(text, "director") == set()


def test_people_named_for_other_films_are_not_cast():
    text = (
        'Ilse Brandt, unforgettable in "Winter Harbor," and Tomas Verlaine in "Salt Wind" are not in this one. '
        "Rosa Marr (Ines Abara) runs the ferry."
    )
    assert facts(text, "actor") == {("Ines Abara",)}


def test_other_films_get_their_own_facts():
    document = Document.from_text(HEADER + 'Ilona Varga, the director of "Winter Harbor" (1998), returns.', "t")
    found = {(f.relation, f.values, f.film) for f in extract_facts(document)}
    assert ("director", ("Ilona Varga",), "Winter Harbor") in found
    assert ("film.year", ("1998",), "Winter Harbor") in found
    assert not any(r == "director" and film is None for r, _, film in found)


def test_a_character_without_an_actor():
    assert facts("The film follows a ferry captain named Rosa Marr through one winter.", "character") == {
        ("Rosa Marr",)
    }


def test_partial_dates_take_the_year_from_the_review():
    header = "Dec 20, 2010 10:00 GMT\nA review of The Salt Road\n"
    text = '"The Salt Road" opens in France and Spain on January 14 and 21, respectively.'
    assert facts(text, "release", header=header, film_title="The Salt Road") == {
        ("France", "2011-01-14"),
        ("Spain", "2011-01-21"),
    }


def test_premiere_running_time_and_rating():
    text = "It premiered at the Sundance Film Festival on January 22, 2004. "
    text += "It runs 1 hour and 52 minutes and is rated PG-13."
    assert facts(text, "premiere") == {("Sundance Film Festival", "2004-01-22")}
    assert facts(text, "runtime") == {("112",)}
    assert facts(text, "contentRating") == {("PG-13",)}


def test_source_novel_and_its_author():
    assert facts("The film is adapted from the 1987 novel by Rufus Kettering.", "basedOn") == {
        ("Book", "", "Rufus Kettering")
    }
    assert facts("It is based on Rufus Kettering's play.", "basedOn") == {("CreativeWork", "", "Rufus Kettering")}


def test_a_source_novel_named_by_title_is_not_another_film():
    body = 'It is based on the novel "The Quiet Ledger" by Rufus Kettering. It recalls "Winter Harbor" (1998).'
    document = Document.from_text(HEADER + body, "t")
    found = {(f.relation, f.values, f.film) for f in extract_facts(document)}
    assert ("basedOn", ("Book", "The Quiet Ledger", "Rufus Kettering"), None) in found
    assert ("mention", ("Winter Harbor",), "Winter Harbor") in found  # a film named elsewhere still is one
    assert not any(film == "The Quiet Ledger" for _, _, film in found)


def test_confidence_filters():
    document = Document.from_text(HEADER + "Ilona Varga's film is patient. It was directed by Ilona Varga.", "t")
    assert all(f.confidence >= 0.85 for f in extract_facts(document, min_confidence=0.85))


@pytest.mark.parametrize("cue", ["writer-director", "writer/director", "writer and director"])
def test_a_writer_director_wrote_and_directed(cue):
    text = f"It is the third feature of {cue} Ilona Varga, who understands silence."
    assert facts(text, "director") == {("Ilona Varga",)}
    assert facts(text, "screenwriter") == {("Ilona Varga",)}


def test_he_plays_refers_to_the_name_opening_a_previous_sentence():
    text = ('Tomas Verlaine played gentle fathers for years. Recall him in "Winter Harbor," quiet and sly. '
            'In "The Salt Road," he plays Arlo Brisk, a lighthouse keeper.')
    assert facts(text, "role") == {("Tomas Verlaine", "Arlo Brisk")}


def test_he_is_not_resolved_across_another_person():
    text = "Tomas Verlaine played gentle fathers. Critics preferred Ilse Brandt. In the film he plays Arlo Brisk."
    assert facts(text, "role") == set()


def test_a_capitalized_word_opening_a_sentence_is_not_a_name_by_itself():
    from kg.extract.nlp import parse

    doc = parse("Remember the harbor. Rosa (Ilse Brandt) runs the ferry. Later, Rosa sings.")
    names = {e.text for e in doc.ents if e.label_ == "NAME"}
    assert "Remember" not in names and {"Rosa", "Ilse Brandt"} <= names


def test_a_country_glued_to_a_name_is_part_of_the_name():
    assert facts("It is directed by Jordan Vale, who grew up in Jordan.", "director") == {("Jordan Vale",)}


def test_names_with_inner_capitals():
    assert facts("Rosa (Ines DiSanto) runs the ferry.", "role") == {("Ines DiSanto", "Rosa")}


def test_the_actor_character_and_a_performed_score():
    text = "Ilse Brandt is superb. The score was performed on a harmonium by Hana Solberg. The Brandt character sings."
    assert facts(text, "composer") == {("Hana Solberg",)}
    assert ("Ilse Brandt",) in facts(text, "actor")


def test_a_quoted_title_glued_to_its_year_keeps_its_own_name(tmp_path):
    import kg
    from kg.graph.rdf import SCHEMA

    review = tmp_path / "r.txt"
    review.write_text('Paper Lantern (2004)\nhttps://example.org/b\n"Paper Lantern," a film by Hana Solberg, '
                      'recalls of course "Glass River"(1998), where Tomas Verlaine played a pilot.\n', encoding="utf-8")
    names = {str(o) for o in kg.extract(str(review)).graph.objects(None, SCHEMA.name)}
    assert "Glass River" in names and not any('"(' in name for name in names)
