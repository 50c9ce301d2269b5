"""Facts stated as structure, read before prose: front matter, credit blocks, ratings, bylines, page
metadata. Every review here is invented (invented people, invented films)."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF

import kg
from kg.extract.review_facts import extract_facts
from kg.graph.rdf import to_graph
from kg.sources import document_from_string
from kg.sources.document import Document, PageMetadata
from tests.conftest import run_kg

SCHEMA = Namespace("http://schema.org/")
PROSE = (
    "The Salt Road is a patient film about a ferry and the people who keep it running through a hard winter. "
    "Its pleasures are quiet ones, and it trusts its audience to find them without being told where to look.\n"
)

POST = """The Salt Road (2004)
https://example.org/reviews/the-salt-road
---
layout: post
title: "The Salt Road - Review"
date: 2019-05-03 10:21:45
author: Dana Whitlock
director: Ilona Varga
written-by:
- Ilona Varga
- Tom Okafor
staring:
- Ines Abara
- Tomas Verlaine
studio: Harbor Light Pictures
score: 87
metadata: 'France, 2004, 104 mins<br> Director: Ilona Varga'
---

_The Salt Road_ is a patient film about a ferry and the people who keep it running through a hard winter,
and it trusts its audience, as [Ilona Varga](https://example.org/varga)'s *Winter Harbor* did, to find its
pleasures without being told where to look. Ines Abara &amp; Tomas Verlaine are superb.<br>
**Lio Marsh, _The Lantern Weekly_, May 2004**

**The Salt Road**<br>_Director:_ Ilona Varga<br>_Production Company:_ Harbor Light Pictures<br>\
_Producer:_ Rufus Kettering<br>_Screenplay by:_ Ilona Varga, Tom Okafor<br>\
_Based on the novel_ The Long Tide _by_: Ada Lind<br>_Director of Photography:_ Odile Marchetti<br>\
_Editors:_ Perrin Gault,Max Pellow<br>_Art Direction:_ Quentin Adler<br>_Assistant Director:_ Hana Solberg<br>\
_Make-up:_ Marta Ilves<br>_Music:_ Jonas Brask<br>

_Cast:_<br>Ines Abara _(Rosa Marr)_<br>Tomas Verlaine _(Captain Arlo Brisk, the ferryman)_<br>

_uncredited_<br>Ken Dale, Ray Moss _(sailors)_<br>Ida Quill _('Gull')_<br>

France 2004©

104 mins
"""


def facts_of(text: str, **metadata) -> list:
    return extract_facts(document_from_string(text, "test", PageMetadata(**metadata) if metadata else None))


def values(facts, relation: str, film=None) -> set[tuple]:
    return {f.values for f in facts if f.relation == relation and f.film == film}


@pytest.fixture(scope="module")
def post_facts():
    return facts_of(POST)


# --- front matter ---------------------------------------------------------------------------------


def test_front_matter_keys_are_page_metadata(post_facts):
    assert values(post_facts, "review.author") == {("Dana Whitlock",)}
    assert values(post_facts, "review.datePublished") == {("2019-05-03T10:21:45",)}
    assert values(post_facts, "review.name") == {("The Salt Road - Review",)}
    assert values(post_facts, "review.rating") == {("87", "100", "0")}  # a bare score above ten is out of 100


def test_front_matter_credits(post_facts):
    assert values(post_facts, "director") == {("Ilona Varga",)}
    assert values(post_facts, "screenwriter") == {("Ilona Varga",), ("Tom Okafor",)}
    assert {("Ines Abara",), ("Tomas Verlaine",)} <= values(post_facts, "actor")
    assert ("Harbor Light Pictures",) in values(post_facts, "productionCompany")
    rules = {f.rule for f in post_facts if f.relation == "director" and f.film is None}
    assert rules <= {"frontmatter.director", "frontmatter.lines", "credits.label"}


def test_front_matter_is_not_prose(post_facts):
    document = document_from_string(POST, "test")
    assert document.prose_start > POST.index("metadata:")
    assert "layout: post" in document.text[: document.prose_start]  # kept as written, before the prose


def test_a_front_matter_metadata_line_gives_country_year_and_runtime(post_facts):
    assert values(post_facts, "countryOfOrigin") == {("France",)}
    assert values(post_facts, "runtime") == {("104",)}
    assert ("2004",) in values(post_facts, "film.year")


@pytest.mark.parametrize(
    "block", ["title: [unclosed\nauthor: : :\n", "[" * 5000 + "\n", "- " * 3000 + "x\n", "just a line\n"]
)
def test_broken_front_matter_is_text_not_a_failure(block):
    facts = facts_of("The Salt Road (2004)\n---\n" + block + "---\n" + PROSE)
    assert values(facts, "itemReviewed") == {("The Salt Road",)}
    assert not values(facts, "review.author")


# --- credit blocks --------------------------------------------------------------------------------


def test_credit_block_labels(post_facts):
    assert ("Rufus Kettering",) in values(post_facts, "producer")
    assert ("Jonas Brask",) in values(post_facts, "composer")
    assert values(post_facts, "crew") == {
        ("cinematographer", "Odile Marchetti"),
        ("editor", "Perrin Gault"),  # "A,B": glued names are two
        ("editor", "Max Pellow"),
    }
    assert values(post_facts, "basedOn") == {("Book", "The Long Tide", "Ada Lind")}


def test_labels_without_a_relation_are_skipped_not_misread(post_facts):
    named = {v for f in post_facts for v in f.values}
    for person in ("Quentin Adler", "Hana Solberg", "Marta Ilves"):
        assert person not in named, person


def test_cast_lines_under_a_cast_heading(post_facts):
    roles = values(post_facts, "role")
    assert ("Ines Abara", "Rosa Marr") in roles
    assert ("Tomas Verlaine", "Captain Arlo Brisk") in roles  # the description after the comma is left out
    assert ("Ken Dale", "sailors") in roles and ("Ray Moss", "sailors") in roles  # uncredited, shared part
    assert ("Ida Quill", "Gull") in roles
    assert ("Rosa Marr",) in values(post_facts, "character")


def test_prose_rules_do_not_read_the_credit_block_again(post_facts):
    # "Ines Abara (Rosa Marr)" read as prose would make Rosa Marr an actor and Ines Abara a character.
    assert ("Rosa Marr",) not in values(post_facts, "actor")
    assert ("Ines Abara",) not in values(post_facts, "character")


@pytest.mark.parametrize(
    "line,relation,expected",
    [
        ("Directed by Ilona Varga", "director", ("Ilona Varga",)),
        ("Written by Tom Okafor and Ada Lind", "screenwriter", ("Ada Lind",)),
        ("Starring: Ines Abara, Tomas Verlaine and Lio Marsh", "actor", ("Lio Marsh",)),
        ("With: Ines Abara, Tomas Verlaine, Lio Marsh", "actor", ("Tomas Verlaine",)),
        ("Cast: Ines Abara (Rosa Marr), Tomas Verlaine (Arlo Brisk)", "role", ("Tomas Verlaine", "Arlo Brisk")),
        ("Music: Jonas Brask", "composer", ("Jonas Brask",)),
        ("Director, writer: Ilona Varga", "screenwriter", ("Ilona Varga",)),
        ("Camera (color, widescreen): Odile Marchetti", "crew", ("cinematographer", "Odile Marchetti")),
        ("Cinematography: Odile Marchetti", "crew", ("cinematographer", "Odile Marchetti")),
        ("Editor(s): Perrin Gault, Max Pellow", "crew", ("editor", "Max Pellow")),
        ("Producer: Rufus Kettering", "producer", ("Rufus Kettering",)),
        ("Production: A Harbor Light Pictures production", "productionCompany", ("Harbor Light Pictures",)),
        ("Studio: Harbor Light Pictures", "productionCompany", ("Harbor Light Pictures",)),
        ("Running time: 115 minutes", "runtime", ("115",)),
        ("Runtime: 1h 55m", "runtime", ("115",)),
        ("113 mins", "runtime", ("113",)),
        ("Certification: 15", "contentRating", ("15",)),
        ("South Korea 2003", "countryOfOrigin", ("South Korea",)),
        ("USA 1958©", "film.year", ("1958",)),
    ],
)
def test_credit_lines(line, relation, expected):
    facts = facts_of("The Salt Road (2004)\n" + PROSE + "\n" + line + "\n")
    assert expected in values(facts, relation), values(facts, relation)


def test_a_newspaper_heading_gives_the_certificate():
    facts = facts_of("The Salt Road (2004)\nThe Salt Road (Cinemas, 12A)\n\nRating:\n\n" + PROSE)
    assert values(facts, "contentRating") == {("12A",)}
    other = facts_of("The Salt Road (2004)\nWinter Harbor (Netflix, 15)\n\n" + PROSE)
    assert not values(other, "contentRating")


def test_a_post_without_a_title_line_names_its_film_in_the_front_matter():
    facts = facts_of("---\ntitle: The Salt Road (2004) - Review\nauthor: Dana Whitlock\n---\n" + PROSE)
    assert values(facts, "itemReviewed") == {("The Salt Road",)}
    assert values(facts, "film.year") == {("2004",)}


def test_a_sentence_opening_with_a_label_is_not_a_credit():
    facts = facts_of("The Salt Road (2004)\n" + PROSE + "\nMusic: the score is lovely and never loud.\n")
    assert not values(facts, "composer")


def test_a_sentence_opening_with_a_label_stays_prose_for_the_prose_rules():
    facts = facts_of("The Salt Road (2004)\n" + PROSE + "\nMusic: the score by Jonas Brask is lovely and never loud.\n")
    assert values(facts, "composer") == {("Jonas Brask",)}
    assert all(not f.rule.startswith("credits.") for f in facts if f.relation == "composer")


def test_a_credit_block_headed_by_another_film_belongs_to_it():
    text = "The Salt Road (2004)\n" + PROSE + "\n**Winter Harbor**\nDirector: Odile Marchetti\n"
    facts = facts_of(text)
    assert ("Odile Marchetti",) not in values(facts, "director")
    assert ("Odile Marchetti",) in values(facts, "director", film="Winter Harbor")


def test_production_company_is_an_organization_in_the_graph(post_facts):
    document = document_from_string(POST, "test")
    graph = to_graph(document, extract_facts(document))
    film = next(graph.objects(None, SCHEMA.itemReviewed))
    companies = list(graph.objects(film, SCHEMA.productionCompany))
    assert companies and all((c, RDF.type, SCHEMA.Organization) in graph for c in companies)
    assert Literal("Harbor Light Pictures") in {graph.value(c, SCHEMA.name) for c in companies}
    country = graph.value(film, SCHEMA.countryOfOrigin)
    assert (country, RDF.type, SCHEMA.Country) in graph


def test_the_post_graph_conforms_to_the_shapes(tmp_path):
    path = tmp_path / "post.txt"
    path.write_text(POST, encoding="utf-8")
    report = kg.validate(kg.extract(str(path)))
    assert report.conforms, report


def test_a_country_of_origin_written_as_text_violates_the_shapes():
    graph = Graph().parse(
        data="""@prefix s: <http://schema.org/> .
        <urn:r> a s:Review ; s:itemReviewed <urn:f> .
        <urn:f> a s:Movie ; s:name "The Salt Road" ; s:countryOfOrigin "France" .""",
        format="turtle",
    )
    report = kg.validate(graph)
    assert not report.conforms


# --- markup and offsets ---------------------------------------------------------------------------


def test_markup_is_cleaned_from_the_text():
    document = document_from_string(POST, "test")
    prose = document.text[document.prose_start :]
    for markup in ("_The Salt Road_", "](https://", "&amp;", "<br>", "**", "_Director:_"):
        assert markup not in prose, markup
    assert "Ines Abara & Tomas Verlaine" in prose
    assert "Ilona Varga's Winter Harbor did" in prose


def test_emphasis_spans_are_title_candidates():
    document = document_from_string(POST, "test")
    emphasized = {document.text[a:b] for a, b in document.emphasis}
    assert {"The Salt Road", "Winter Harbor", "The Lantern Weekly"} <= emphasized
    # Labels and parentheses set in italics are not titles.
    assert not emphasized & {"Director:", "Director", "(Rosa Marr)", "Rosa Marr", "Cast:"}


def test_fact_offsets_point_at_the_original_characters(post_facts):
    document = document_from_string(POST, "test")
    facts = extract_facts(document)
    checked = 0
    for fact in facts:
        if fact.end <= fact.start:
            continue
        begin, end = document.source_span(fact.start, fact.end)
        # The span starts at the first character of the evidence and ends at its last, markup outside.
        assert POST[begin] == document.text[fact.start] and POST[end - 1] == document.text[fact.end - 1], fact
        checked += 1
    assert checked > 20
    # A name read from the front matter points at the characters of its value.
    director = next(f for f in facts if f.relation == "director")
    assert POST[slice(*document.source_span(director.start, director.end))].endswith("Ilona Varga")
    # A title in _italics_: its span is the title, without the underscores.
    mention = next(f for f in facts if f.relation == "mention" and f.values == ("Winter Harbor",))
    assert POST[slice(*document.source_span(mention.start, mention.end))] == "Winter Harbor"


def test_markup_forms():
    original = (
        "Intro (2001)\n# A heading\n> A quote from *Winter Harbor*\n![poster](http://x.org/p.jpg)\n"
        "<figure><img src='p.jpg' alt='Harbor Lights poster'><figcaption>Ines Abara in <cite>The Salt Road</cite>"
        "</figcaption></figure>\nSee ***Harbor Lights*** and <i>Salt Wind</i>, a [review][ref] post_title x.\n"
        "[ref]: http://x.org/review\n"
    )
    document = Document.from_text(original, "t")
    lines = [line.strip() for line in document.text.splitlines() if line.strip()]
    assert lines == [
        "Intro (2001)",
        "A heading",
        "A quote from Winter Harbor",
        "Ines Abara in The Salt Road",
        "See Harbor Lights and Salt Wind, a review post_title x.",
    ]
    emphasized = {document.text[a:b] for a, b in document.emphasis}
    assert emphasized == {"Winter Harbor", "The Salt Road", "Harbor Lights", "Salt Wind"}
    assert {document.text[a:b] for a, b in document.strong} == {"Harbor Lights"}


def test_offsets_survive_entities_links_and_breaks():
    original = "Intro (2001)\nA [Film](http://x.org/y) by Ana&nbsp;Lind &amp; co.<br>_Next_ line\n"
    document = Document.from_text(original, "t")
    assert document.text == "Intro (2001)\nA Film by Ana Lind & co.\nNext line\n"
    for needle in ("Film", "Ana Lind", "&", "Next"):
        start = document.text.index(needle)
        begin, end = document.source_span(start, start + len(needle))
        expected = {"Ana Lind": "Ana&nbsp;Lind", "&": "&amp;"}.get(needle, needle)
        assert original[begin:end] == expected, needle


def test_nif_anchors_in_the_graph_are_the_original_text(tmp_path):
    path = tmp_path / "post.txt"
    path.write_text(POST, encoding="utf-8")
    graph = kg.extract(str(path)).graph
    NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    anchors = 0
    for string in graph.subjects(RDF.type, NIF.String):
        begin = int(graph.value(string, NIF.beginIndex))
        end = int(graph.value(string, NIF.endIndex))
        assert POST[begin:end] == str(graph.value(string, NIF.anchorOf))
        anchors += 1
    assert anchors > 10


# --- ratings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Rating: 3/5", ("3", "5", "0")),
        ("Rating: 7.5/10", ("7.5", "10", "0")),
        ("RATING: 4 out of 5", ("4", "5", "0")),
        ("Score: 91", ("91", "100", "0")),
        ("Grade: C+", ("6", "12", "0")),  # letter grades: F … A+ as 0 … 12
        ("★★★½", ("3.5", "", "0")),
        ("Rating: ★★★★☆", ("4", "5", "0")),
        ("3.5 stars", ("3.5", "", "0")),
        ("Verdict: four stars", ("4", "", "0")),
        ("Conclusion: 10/10. A film to see twice.", ("10", "10", "0")),
    ],
)
def test_rating_forms(line, expected):
    facts = facts_of("The Salt Road (2004)\n" + PROSE + "\n" + line + "\n")
    assert values(facts, "review.rating") == {expected}


@pytest.mark.parametrize(
    "text",
    [
        "Unlike my three-star review of the sequel, this one is easy.",
        "The critics' 91 score means little here.",
        "The film is rated R for language.",
        "Rating:\n\nVerdict: a quiet triumph",
        "Verdict: A triumph of patience.",
    ],
)
def test_no_rating_is_invented(text):
    facts = facts_of("The Salt Road (2004)\n" + PROSE + "\n" + text + "\n")
    assert not values(facts, "review.rating")


def test_front_matter_rating_with_its_scale():
    text = "The Salt Road (2004)\n-\n---\nrating: 8.5/10\n---\n" + PROSE
    assert values(facts_of(text), "review.rating") == {("8.5", "10", "0")}


def test_a_bare_small_rating_takes_the_scale_the_text_states():
    text = "The Salt Road (2004)\n-\n---\nrating: 4\n---\n" + PROSE + "\nRATING: 4 out of 5\n"
    assert values(facts_of(text), "review.rating") == {("4", "5", "0")}
    alone = "The Salt Road (2004)\n-\n---\nrating: 4\n---\n" + PROSE
    assert values(facts_of(alone), "review.rating") == {("4", "", "0")}  # the scale is not guessed


def test_a_round_up_rating_counts_under_the_reviewed_films_heading():
    text = (
        "The Salt Road (2004)\n" + "The Salt Road (Cinemas, 15)\n\nRating: 4/5\n\nWinter Harbor (Netflix)\n\n"
        "Rating: 2/5\n\n" + PROSE
    )
    assert values(facts_of(text), "review.rating") == {("4", "5", "0")}


# --- bylines --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "By Dana Whitlock\n" + PROSE,
        PROSE + "\nReviewed by Dana Whitlock\n",
        PROSE + "\nWords by Dana Whitlock\n",
        PROSE + "\n**Author**: Dana Whitlock (dwhitlock)\n",
        PROSE + "\nThat is all there is to it.\n\n\u2014 Dana Whitlock\n",
        PROSE + "\n**Dana Whitlock, _The Lantern Weekly_, May 2004**\n",
    ],
)
def test_byline_forms(text):
    facts = facts_of("The Salt Road (2004)\n" + text)
    assert values(facts, "review.author") == {("Dana Whitlock",)}


def test_a_reprint_line_names_the_publisher():
    facts = facts_of("The Salt Road (2004)\n" + PROSE + "\n**Dana Whitlock, _The Lantern Weekly_, May 2004**\n")
    assert values(facts, "review.publisher") == {("The Lantern Weekly",)}


def test_a_headline_byline():
    text = "The Salt Road (2004)\n-\n---\ntitle: A quiet triumph DANA WHITLOCK reviews The Salt Road\n---\n" + PROSE
    assert values(facts_of(text), "review.author") == {("Dana Whitlock",)}


def test_the_review_author_is_on_the_context():
    from kg.extract.context import ReviewContext
    from kg.extract.header import film_named_by_page, read_header
    from kg.extract.nlp import parse

    document = document_from_string("The Salt Road (2004)\nBy Dana Whitlock\n" + PROSE, "t")
    ctx = ReviewContext(document, parse(document.text))
    read_header(ctx, film_named_by_page(document))
    assert ctx.review_authors == {"Dana Whitlock"}


# --- HTML pages -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head>
<title>The Salt Road</title>
<meta property="og:title" content="The Salt Road">
<meta property="og:article:author" content="Dana Whitlock">
<meta property="og:article:published_time" content="2022-08-17T17:18:04+09:00">
<meta property="twitter:label1" content="Rating">
<meta property="twitter:data1" content="4/5">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "BlogPosting", "headline": "The Salt Road",
 "author": {"@type": "Person", "name": "Dana Whitlock"}, "datePublished": "2022-08-17"}
</script>
</head><body>
<article>
<h1>The Salt Road</h1>
<dl><dt>Director</dt><dd>Ilona Varga</dd><dt>Rated</dt><dd>PG-13</dd><dt>Year</dt><dd>2004</dd>
<dt>IMDb</dt><dd>7.2/10</dd><dt>Running time</dt><dd>104 minutes</dd></dl>
<table><tr><th>Music</th><td>Jonas Brask</td></tr><tr><th>Box office</th><td>$16,124,375</td></tr></table>
<p>The Salt Road is a patient film about a ferry and the people who keep it running through a hard winter.
It trusts its audience to find its pleasures without being told where to look, as the film <cite>Winter Harbor</cite>
did before it, and as <i>Harbor Lights</i> (1998) did not.</p>
<p>Ines Abara is superb as the ferry's captain, and the film is a quiet triumph from start to finish,
patient and wise and beautifully made by everyone involved in it over a long and hard shoot.</p>
</article></body></html>
"""


@pytest.fixture(scope="module")
def page_graph(tmp_path_factory) -> Graph:
    path = tmp_path_factory.mktemp("page") / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    result = run_kg("extract", path, "-f", "nt")
    assert result.returncode == 0, result.stderr
    return Graph().parse(data=result.stdout.decode(), format="nt")


def test_page_meta_tags_give_author_date_and_rating(page_graph):
    review = next(page_graph.subjects(RDF.type, SCHEMA.Review))
    assert str(page_graph.value(page_graph.value(review, SCHEMA.author), SCHEMA.name)) == "Dana Whitlock"
    assert str(page_graph.value(review, SCHEMA.datePublished)).startswith("2022-08-17")
    rating = page_graph.value(review, SCHEMA.reviewRating)
    assert float(page_graph.value(rating, SCHEMA.ratingValue)) == 4
    assert float(page_graph.value(rating, SCHEMA.bestRating)) == 5


def test_page_definition_lists_and_tables_are_credits(page_graph):
    film = next(page_graph.objects(None, SCHEMA.itemReviewed))
    assert str(page_graph.value(page_graph.value(film, SCHEMA.director), SCHEMA.name)) == "Ilona Varga"
    assert str(page_graph.value(film, SCHEMA.contentRating)) == "PG-13"
    assert str(page_graph.value(film, SCHEMA.duration)) == "PT1H44M"
    assert str(page_graph.value(page_graph.value(film, SCHEMA.musicBy), SCHEMA.name)) == "Jonas Brask"  # a table
    # The IMDb score in the same list is not the review's rating.
    ratings = {float(page_graph.value(r, SCHEMA.ratingValue)) for r in page_graph.subjects(RDF.type, SCHEMA.Rating)}
    assert ratings == {4.0}


def test_a_pages_body_is_clean_text_and_a_text_files_body_is_as_written(page_graph, tmp_path):
    review = next(page_graph.subjects(RDF.type, SCHEMA.Review))
    body = str(page_graph.value(review, SCHEMA.reviewBody))
    assert "quiet triumph" in body and "*" not in body and "<" not in body
    path = tmp_path / "post.txt"
    italic = PROSE.replace("The Salt Road", "_The Salt Road_", 1)
    path.write_text("The Salt Road (2004)\n---\nauthor: Dana Whitlock\n---\n" + italic, encoding="utf-8")
    graph = kg.extract(str(path)).graph
    body = str(graph.value(next(graph.subjects(RDF.type, SCHEMA.Review)), SCHEMA.reviewBody))
    assert body.startswith("_The Salt Road_ is a patient film")


def test_italics_and_cite_in_a_page_name_other_films(page_graph):
    films = {str(page_graph.value(m, SCHEMA.name)) for m in page_graph.subjects(RDF.type, SCHEMA.Movie)}
    assert {"Winter Harbor", "Harbor Lights"} <= films


def test_an_article_markup_byline_is_the_reviews():
    from kg.sources.html import document_from_html

    page = PAGE.replace('<meta property="og:article:author" content="Dana Whitlock">', "")
    document = document_from_html(page.encode(), "page.html")
    assert document.metadata.author == "Dana Whitlock"
    assert document.metadata.date_published.startswith("2022-08-17")


# --- names, titles, grades and sign-offs as credits write them --------------------------------------

def test_a_particle_inside_a_credited_name_and_a_placeholder_that_names_nobody():
    facts = facts_of("The Salt Road (2004)\n\nDirector: Hans den Hollander\nMusic: Various Artists\n"
                     "Editor: Unknown\n\n" + PROSE)
    assert values(facts, "director") == {("Hans den Hollander",)}
    assert not values(facts, "composer") and not values(facts, "crew")


def test_by_inside_a_title_is_no_byline_and_a_field_opening_with_by_is_one():
    facts = facts_of("Stand By Your Neighbour (2004)\n\n" + PROSE)
    assert not values(facts, "review.author")
    facts = facts_of("The Salt Road (2004)\nMay 3, 2019 | By Dana Whitlock\n\n" + PROSE)
    assert values(facts, "review.author") == {("Dana Whitlock",)}


def test_a_hyphen_inside_a_posts_title_is_no_site_separator():
    facts = facts_of("---\ntitle: Ferry-Man (2004)\nauthor: Dana Whitlock\n---\n" + PROSE)
    assert values(facts, "itemReviewed") == {("Ferry-Man",)}
    facts = facts_of("---\ntitle: Ferry-Man (2004) - The Lantern Weekly\n---\n" + PROSE)
    assert values(facts, "itemReviewed") == {("Ferry-Man",)}


def test_a_twelve_point_scale_is_no_letter_grade():
    facts = facts_of("The Salt Road (2004)\n\nRating: 9/12 - a must see\n\n" + PROSE)
    assert values(facts, "review.rating") == {("9", "12", "0")}
    facts = facts_of("The Salt Road (2004)\n\nGrade: B+ - a must see\n\n" + PROSE)
    assert not values(facts, "review.rating")  # a letter followed by a sentence is not read as a grade


def test_written_by_closing_a_review_is_its_author_and_under_a_credit_the_screenwriter():
    signed = facts_of("The Salt Road (2004)\n\n" + PROSE + "\nWritten by Dana Whitlock\n")
    assert values(signed, "review.author") == {("Dana Whitlock",)} and not values(signed, "screenwriter")
    credited = facts_of("The Salt Road (2004)\n\n" + PROSE + "\nDirected by Ilona Varga\nWritten by Tom Okafor\n")
    assert values(credited, "screenwriter") == {("Tom Okafor",)} and not values(credited, "review.author")


def test_a_headline_title_may_keep_nor_in_lower_case():
    facts = facts_of("Review: Neither Here nor There\n\n" + PROSE.replace("The Salt Road", "Neither Here nor There"))
    assert values(facts, "itemReviewed") == {("Neither Here nor There",)}
