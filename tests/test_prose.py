"""Prose as critics of any house write it, on invented reviews: the constructions that state a
credit, the ones that only suppose, compare or deny one, titles that are films and titles that
are not, names as critics write them, and texts that are not film reviews at all."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.extract.review_facts import extract_facts
from kg.sources.document import Document
from tests.conftest import one_line_error, run_kg

HEADER = "The Salt Road (2004)\nhttps://example.org/reviews/the-salt-road\n"


def extracted(body: str, header: str = HEADER):
    return extract_facts(Document.from_text(header + body, "test"))


def facts(body: str, relation: str, header: str = HEADER) -> set[tuple]:
    return {f.values for f in extracted(body, header) if f.relation == relation and f.film is None}


# --- constructions that state a credit -------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Ilse Brandt delivers a career-best performance as Rosa Marr.",
        "Ilse Brandt is terrific as Rosa Marr, the ferry captain.",
        "Ilse Brandt gives a fierce turn as the weary ferry captain Rosa Marr.",
        "Ilse Brandt's performance as Rosa Marr is the film's spine.",
        "Rosa Marr, played by Ilse Brandt, runs the ferry.",
    ],
)
def test_performance_constructions(sentence):
    assert facts(sentence, "role") == {("Ilse Brandt", "Rosa Marr")}


def test_as_in_other_senses_is_no_part():
    text = ("Ilse Brandt worked as a nurse at Harbor General before acting. Tomas Verlaine, known as Tom Verl "
            "to his friends, is here too. Ines Abara is as good as Rosa Marr's sister.")
    assert facts(text, "role") == set()


def test_the_actors_character_by_possessive():
    text = "The film stars Ilse Brandt and Tomas Verlaine. Brandt's prickly Rosa carries the second hour."
    assert ("Ilse Brandt", "Rosa") in facts(text, "role")


def test_an_actor_played_by_a_description():
    assert facts("A stubborn ferry captain played by Ilse Brandt keeps the town afloat.", "actor") == {
        ("Ilse Brandt",)
    }


def test_one_character_with_an_actor_for_each_age():
    text = "It follows two friends, Rosa Marr (Ilse Brandt as adult, Mia Sol as child), across decades."
    assert facts(text, "role") == {("Ilse Brandt", "Rosa Marr"), ("Mia Sol", "Rosa Marr")}


def test_the_composers_score_and_writers_who_wrote_the_screenplay():
    text = "The Ada Moreau score hums under every scene. Hana Solberg and Piet Okafor wrote a sly screenplay."
    assert facts(text, "composer") == {("Ada Moreau",)}
    assert facts(text, "screenwriter") == {("Hana Solberg",), ("Piet Okafor",)}


def test_a_directors_latest_feature_and_attributive_film():
    assert facts("Odile Marchetti's latest feature is a quiet triumph.", "director") == {("Odile Marchetti",)}
    assert facts("It is the first Odile Marchetti film in a decade.", "director") == {("Odile Marchetti",)}


def test_a_directors_film_of_another_year_is_another_film():
    assert facts("Odile Marchetti's 1998 film was bolder than this one.", "director") == set()


def test_directed_by_with_earlier_films_in_parentheses():
    found = {(f.relation, f.values, f.film) for f in
             extracted('It is directed by Odile Marchetti ("Glass River" and "Paper Lantern"), at her best.')}
    assert ("director", ("Odile Marchetti",), None) in found
    assert ("director", ("Odile Marchetti",), "Glass River") in found
    assert ("director", ("Odile Marchetti",), "Paper Lantern") in found


def test_a_company_is_no_director():
    assert facts("It is a Harbor Pictures film through and through.", "director") == set()


def test_the_critic_in_the_byline_is_no_cast_or_crew():
    header = "The Salt Road (2004)\nhttps://example.org/x\nBy Dana Whitlock\n"
    text = "Dana Whitlock plays nobody here; the film stars Ilse Brandt. Whitlock's film is patient."
    found = extracted(text, header)
    assert {f.values for f in found if f.relation == "review.author"} == {("Dana Whitlock",)}
    people = {f.values[0] for f in found if f.relation in {"actor", "role", "director", "screenwriter"}}
    assert people == {"Ilse Brandt"}


# --- what only supposes, compares or denies ---------------------------------------------------


def test_a_hypothetical_casting_is_no_cast():
    text = "A brassy young star (a young Dana Whitlock, say) would have been fatal to the material."
    assert facts(text, "actor") == set()


def test_a_counterfactual_subject_is_no_cast():
    assert facts("Imagine Tomas Verlaine as Rosa Marr's husband.", "role") == set()


def test_a_comparison_names_no_cast_of_this_film():
    text = 'Like Ilse Brandt in "Glass River," Ines Abara plays Rosa Marr with a stillness that unnerves.'
    found = extracted(text)
    assert {f.values for f in found if f.relation == "role" and f.film is None} == {("Ines Abara", "Rosa Marr")}
    assert not any(f.values[0] == "Ilse Brandt" and f.film is None for f in found if f.relation == "actor")


def test_a_denied_credit_is_no_credit():
    assert facts("It was not directed by Odile Marchetti, whatever the poster says.", "director") == set()


def test_another_films_cast_is_not_this_films():
    text = "Last night came Harbor Of Glass, a tender drama starring Tomas Verlaine. The Salt Road stars Ines Abara."
    assert facts(text, "actor") == {("Ines Abara",)}


def test_a_score_for_another_film_is_that_films():
    found = extracted('Ada Moreau\'s score for "Glass River" was lusher; here the music is by Jonas Brask.')
    assert {(f.values, f.film) for f in found if f.relation == "composer"} == {
        (("Ada Moreau",), "Glass River"), (("Jonas Brask",), None)}


def test_a_part_in_another_film_named_right_after():
    text = "Verlaine channels Ines Abara's performance as Rosa Marr in \"Glass River\" here."
    assert facts(text, "role") == set()


# --- titles ---------------------------------------------------------------------------------


def films_named(body: str, header: str = HEADER) -> set[str]:
    return {f.values[0] for f in extracted(body, header) if f.relation == "mention"}


def test_songs_series_chapters_and_lines_are_not_films():
    text = ('The soundtrack leans on the song "Blue Ferry Home." Brandt played a nurse in the series '
            '"Harbor Watch" for years. The film is divided into three chapters, "Dawn," "Noon" and "Dusk." '
            '"Who Is Rosa?" shouts a neighbour.')
    assert films_named(text) == set()


def test_a_quoted_nickname_is_part_of_a_name_not_a_film():
    text = ('Tomas "The Tide" Verlaine plays Arlo Brisk, whom the town calls "Lucky" in the film. It is a film '
            'called "Blue Ferry" in France.')
    assert films_named(text) == {"Blue Ferry"}  # a name given is no film; a film called so is one


def test_titles_treated_as_films_are_films():
    text = ('Odile Marchetti\'s earlier film "Glass River" (1998) was bolder, and it recalls movies like '
            'Paper Lantern and Winter Harbor.')
    assert films_named(text) == {"Glass River", "Paper Lantern", "Winter Harbor"}


def test_a_short_form_of_the_reviewed_title_is_the_reviewed_film():
    header = "The Lanterns of Varga (2011)\nhttps://example.org/x\n"
    found = extracted('"Lanterns" is long. Odile Marchetti directed "Lanterns" with care.', header)
    assert not any(f.relation == "mention" for f in found)
    assert {f.values for f in found if f.relation == "director" and f.film is None} == {("Odile Marchetti",)}


def test_a_sequel_is_not_its_first_film():
    header = "Salt Road 3 (2011)\nhttps://example.org/x\n"
    assert films_named('It is no match for the first "Salt Road" movie.', header) == {"Salt Road"}


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Seo Jae-won", "Kim Min-seo", "Tomasso del Rio", "Gustav von Wangen", "Léa Sévigny", "Saoirse O'Dea",
     "J. J. Abara", "Ana de la Cruz"],
)
def test_names_as_critics_write_them(name):
    assert facts(f"The film stars {name}, who is superb.", "actor") == {(name,)}


def test_one_person_spelled_two_ways_is_one_node():
    text = "The film stars Ada Moreau Lind as Rafe Dunmore. Ada Moreau-Lind is terrific as Rafe Dunmore."
    assert facts(text, "actor") == {("Ada Moreau-Lind",)}


def test_a_capitalized_auxiliary_opens_no_name():
    text = 'Is Marchetti\'s "Salt Road" scary? It was directed by Odile Marchetti.'
    names = {v for f in extracted(text) for v in f.values}
    assert "Is Marchetti" not in names


# --- texts that are not film reviews --------------------------------------------------------

RECIPE = ("Lemon Drizzle Cake\nPreheat the oven to 180C. Cream the butter and sugar, then whisk in the eggs. "
          "Fold in the flour. Bake for 45 minutes. Serves eight; about 300 calories a slice.\n")
NEWS = ("Council approves new tram line\nThe city council voted on Tuesday to approve a tram line. Officials said "
        "construction would begin in spring. The minister said journey times would fall by 20 percent. Opposition "
        "lawmakers said the government had not explained the cost.\n")
GAME = ('"Hollow Circuit" review\nHollow Circuit is the platformer of the year. The gameplay loop is simple: every '
        "level hides a checkpoint, and the bosses punish greed. On PlayStation it runs smoothly; co-op is a "
        "delight, and the DLC adds two quests.\n")


@pytest.mark.parametrize(("text", "kind"), [(RECIPE, "a recipe"), (NEWS, "a news story"),
                                             (GAME, "a video-game review")])
def test_a_text_that_is_not_a_film_review_is_refused(tmp_path, text, kind):
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    result = run_kg("extract", path)
    assert result.returncode == 2
    assert f"not a film review: it reads as {kind}" in one_line_error(result)


def test_a_text_with_no_film_in_it_is_refused():
    with pytest.raises(InputError, match="not a film review"):
        extract_facts(Document.from_text("Notes\nWe walked to the harbor and back. It rained.\n", "t"))


def test_a_review_over_spacys_million_characters_is_read_in_pieces():
    paragraph = "Ilse Brandt plays Rosa Marr, the ferry captain, in this quiet film.\n\n"
    text = HEADER + paragraph * 16_000 + "At the very end, Tomas Verlaine plays Arlo Brisk.\n"
    assert len(text) > 1_000_000
    found = extract_facts(Document.from_text(text, "long"))
    roles = {f.values: f for f in found if f.relation == "role"}
    assert set(roles) == {("Ilse Brandt", "Rosa Marr"), ("Tomas Verlaine", "Arlo Brisk")}
    last = roles[("Tomas Verlaine", "Arlo Brisk")]
    assert last.start > 1_000_000 and text[last.start : last.end].startswith("Tomas Verlaine")


def markup_page(item_type: str, name: str) -> str:
    return f"""<!doctype html><html><head><title>{name} review</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "Review",
 "itemReviewed": {{"@type": "{item_type}", "name": "{name}"}}, "author": {{"@type": "Person", "name": "Dana Whitlock"}},
 "reviewRating": {{"@type": "Rating", "ratingValue": "4", "bestRating": "5"}}}}</script></head>
<body><article><h1>{name}</h1><p>{name} is a delight from start to finish. It stars nobody and was directed by
nobody: the cast of characters you meet are drawn with care, and the whole thing rewards a second visit.</p>
<p>Twelve hours in, I was still finding new corners of it, and I expect to go back for more next winter.</p>
</article></body></html>"""


@pytest.mark.parametrize("item_type", ["VideoGame", "Book", "Product"])
def test_a_review_of_something_else_is_typed_as_its_markup_types_it(tmp_path, item_type):
    from rdflib import RDF, Graph, Namespace

    schema = Namespace("http://schema.org/")
    page = tmp_path / "page.html"
    page.write_text(markup_page(item_type, "Hollow Circuit"), encoding="utf-8")
    result = run_kg("extract", page, "-f", "nt")
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(data=result.stdout.decode(), format="nt")
    (item,) = graph.objects(None, schema.itemReviewed)
    assert (item, RDF.type, schema[item_type]) in graph
    assert not list(graph.subjects(RDF.type, schema.Movie))
    assert str(graph.value(item, schema.name)) == "Hollow Circuit"
    validated = run_kg("validate", page)
    assert validated.returncode == 0, validated.stdout.decode() + validated.stderr.decode()


# --- a trade paper's page and a student paper's -----------------------------------------------

TRADE = """Film Review: 'Harbor of Glass'
Odile Marchetti's third feature is a tender, tightly wound drama about a ferry town.
By Dana Whitlock

Ines Abara delivers a career-best performance as Rosa Marr, a ferry captain whose brother vanished at sea.
Tomas Verlaine is terrific as her estranged husband, Arlo. Unlike Marchetti's earlier 'Glass River' (2015),
the new film never raises its voice.

Production: An Odeon Pictures production. Producers: Lars Brink, Ana de la Cruz.
Crew: Director: Odile Marchetti. Screenplay: Odile Marchetti, Piet Okafor. Camera (color, widescreen): Jonas Brask.
With: Ines Abara, Tomas Verlaine, Mia Sol.
Running time: 112 MIN.
"""


def test_a_trade_papers_headline_names_the_film_in_single_quotes():
    found = extracted(TRADE, header="")
    assert {f.values for f in found if f.relation == "itemReviewed"} == {("Harbor of Glass",)}
    assert "Glass River" in {f.values[0] for f in found if f.relation == "mention"}


def test_a_trade_papers_footer_holds_several_fields_a_line():
    found = {(f.relation, f.values) for f in extracted(TRADE, header="") if f.film is None}
    assert {("director", ("Odile Marchetti",)), ("screenwriter", ("Piet Okafor",)),
            ("producer", ("Lars Brink",)), ("producer", ("Ana de la Cruz",)),
            ("crew", ("cinematographer", "Jonas Brask")), ("productionCompany", ("Odeon Pictures",)),
            ("runtime", ("112",))} <= found
    assert {("role", ("Ines Abara", "Rosa Marr")), ("role", ("Tomas Verlaine", "Arlo"))} <= found


@pytest.mark.parametrize(
    ("headline", "title"),
    [("'Harbor of Glass' review: a tender drama", "Harbor of Glass"), ("Review: Harbor of Glass", "Harbor of Glass"),
     ("Harbor of Glass review – Marchetti's best yet", "Harbor of Glass"), ("Dana Whitlock reviews Paper Lantern",
                                                                          "Paper Lantern")],
)
def test_headlines_that_name_the_film(headline, title):
    found = extracted("It is a quiet film, patient and wise.\n", header=headline + "\n")
    assert {f.values for f in found if f.relation == "itemReviewed"} == {(title,)}


def test_a_grade_closing_the_last_paragraph_and_a_part_set_off_by_commas():
    text = ("Piet Okafor, as her skeptical roommate Theo, is a comic delight. Still, this is a film you should "
            "see. Grade: B+\n")
    found = extracted(text)
    assert ("Piet Okafor", "Theo") in {f.values for f in found if f.relation == "role"}
    assert {f.values for f in found if f.relation == "review.rating"} == {("9", "12", "0")}


def test_a_list_of_parts_is_not_one_part():
    text = "The supporting players (Tomas Verlaine as the corrupt club owner, Ines Abara as the cheat) shine."
    assert facts(text, "role") == set()


def test_a_facts_sentence_is_the_one_extraction_read_not_cut_at_an_abbreviation():
    from rdflib import URIRef

    import kg
    from kg.sources import document_from_string

    text = (HEADER + "As the critic Dr. Mara Voss wrote, the film, directed by Bo Chen, is patient. "
            "It runs 97 minutes.\n")
    review = kg.extract_document(document_from_string(text, "test"))
    sentence = URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Sentence")
    anchor = URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")
    sentences = {str(review.graph.value(node, anchor)) for node in review.graph.subjects(None, sentence)}
    assert "As the critic Dr. Mara Voss wrote, the film, directed by Bo Chen, is patient." in sentences
    assert not any(s.startswith("Mara Voss") for s in sentences)
