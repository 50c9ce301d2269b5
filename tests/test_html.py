"""HTML pages: the main text without navigation, ads or comments; the page's own metadata first."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, Namespace

from tests.conftest import SHARED, needs_shared, run_kg

SCHEMA = Namespace("http://schema.org/")
PAGE = Path(__file__).parent / "fixtures" / "review-page.html"


def graph_of(path) -> Graph:
    result = run_kg("extract", path, "-f", "nt")
    assert result.returncode == 0, result.stderr
    return Graph().parse(data=result.stdout.decode(), format="nt")


def names(graph: Graph, predicate) -> set[str]:
    return {str(graph.value(o, SCHEMA.name)) for o in graph.objects(None, predicate)}


def test_review_facts_come_from_the_pages_markup():
    graph = graph_of(PAGE)
    review = next(graph.subjects(None, SCHEMA.Review))
    assert str(graph.value(graph.value(review, SCHEMA.itemReviewed), SCHEMA.name)) == "Harbor Lights"
    assert names(graph, SCHEMA.author) >= {"Dana Whitlock"}
    assert str(graph.value(graph.value(review, SCHEMA.publisher), SCHEMA.name)) == "The Lantern Weekly"
    assert str(graph.value(review, SCHEMA.datePublished)) == "2019-05-03"


def test_film_facts_come_from_the_article_only():
    graph = graph_of(PAGE)
    assert names(graph, SCHEMA.director) == {"Odile Marchetti"}
    roles = {(str(graph.value(graph.value(r, SCHEMA.actor), SCHEMA.name)), str(graph.value(r, SCHEMA.characterName)))
             for r in graph.subjects(None, SCHEMA.PerformanceRole)}
    assert roles == {("Tomas Verlaine", "Captain Arlo Brisk"), ("Ines Abara", "June")}
    everything = graph.serialize(format="nt")
    # Navigation, the advertisement and the comments say nothing about the film.
    for stray in ("Quentin Ads", "Perrin Gault", "Lio Marsh", "Max Pellow", "Subscribe"):
        assert stray not in everything


def test_a_title_in_italics_is_another_film():
    graph = graph_of(PAGE)
    other = next(graph.subjects(SCHEMA.name, Literal("Winter Harbor")))
    assert str(graph.value(graph.value(other, SCHEMA.director), SCHEMA.name)) == "Odile Marchetti"
    assert "really" not in {str(n) for n in graph.objects(None, SCHEMA.name)}


@needs_shared
def test_a_real_review_page_yields_its_title_and_byline():
    page = SHARED / "conformance" / "real_pages" / "pcgamer.com.through-the-darkest-of-times-review.html"
    graph = graph_of(page)
    review = next(graph.subjects(None, SCHEMA.Review))
    assert "Through the Darkest of Times" in str(graph.value(graph.value(review, SCHEMA.itemReviewed), SCHEMA.name))
    assert names(graph, SCHEMA.author) == {"Luke Kemp"}
    assert str(graph.value(review, SCHEMA.datePublished)).startswith("2020-02-11")
    rating = graph.value(review, SCHEMA.reviewRating)  # the page's own Review markup states 87/100
    assert (float(graph.value(rating, SCHEMA.ratingValue)), float(graph.value(rating, SCHEMA.bestRating))) == (87, 100)
