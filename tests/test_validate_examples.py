"""schema.org's own examples, broken on purpose: each break is caught with the right message; and
the same examples in microdata and RDFa read the way the JSON-LD ones do."""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, Literal, Namespace

from tests.test_shapes import EXAMPLES, EXPECTED_EXAMPLES, load_example, needs_shared, validate

SCHEMA = Namespace("http://schema.org/")
# Examples the model profile accepts as they are, with a film that has a name and a director.
CONFORMING = [name for name, expected in sorted(EXPECTED_EXAMPLES.items()) if not expected]


def _films(graph):
    return [f for f in graph.subjects(RDF.type, SCHEMA.Movie) if graph.value(f, SCHEMA.name)]


def break_name(graph):
    film = _films(graph)[0]
    graph.remove((film, SCHEMA.name, None))
    return "A film needs its title"


def break_director(graph):
    film = _films(graph)[0]
    graph.remove((film, SCHEMA.director, None))
    graph.add((film, SCHEMA.director, Literal("Somebody Else")))
    return "A director must be a node typed schema:Person"


def break_date(graph):
    reviews = list(graph.subjects(RDF.type, SCHEMA.Review))
    node = reviews[0] if reviews else _films(graph)[0]
    graph.remove((node, SCHEMA.datePublished, None))
    graph.add((node, SCHEMA.datePublished, Literal("Jan 3")))
    return "ISO 8601" if reviews else "date"


def break_duration(graph):
    film = _films(graph)[0]
    graph.remove((film, SCHEMA.duration, None))
    graph.add((film, SCHEMA.duration, Literal("97 minutes")))
    return "ISO 8601 duration"


@needs_shared
@pytest.mark.parametrize("name", CONFORMING)
@pytest.mark.parametrize("breaker", [break_name, break_director, break_date, break_duration])
def test_broken_copies_of_conforming_examples(shapes, name, breaker):
    graph = load_example(EXAMPLES / name)
    if not _films(graph):
        pytest.skip(f"{name} has no named film to break")
    expected = breaker(graph)
    conforms, results = validate(graph, shapes)
    assert not conforms
    assert any(expected.lower() in str(r["message"]).lower() for r in results), [r["message"] for r in results]


@needs_shared
@pytest.mark.parametrize("syntax", ["microdata", "rdfa"])
def test_microdata_and_rdfa_examples_read_like_their_jsonld(syntax):
    """The page reader takes the microdata and RDFa twins of the Movie/Review examples."""
    from kg.sources.html import _types, described_items, read_markup

    pages = sorted(EXAMPLES.glob(f"*.{syntax}.html"))
    # Some examples exist in JSON-LD only; their twins say so ("This example is JSON only.").
    readable = [p for p in pages if p.name.split(".")[0] + ".jsonld" in EXPECTED_EXAMPLES
                and not re.search(r"JSON[- ]?(LD)?( example)? only", p.read_text(encoding="utf-8"), re.I)]
    assert readable
    for page in readable:
        items = read_markup(page.read_text(encoding="utf-8"), None)
        kinds = {t for item, _ in described_items(items) for t in _types(item)}
        twin = load_example(EXAMPLES / (page.name.split(".")[0] + ".jsonld"))
        expected = {str(t).rsplit("/", 1)[-1] for t in twin.objects(None, RDF.type)} & {"Movie", "Review"}
        assert expected <= kinds, (page.name, expected, kinds)


@pytest.fixture(scope="module")
def shapes():
    from kg.graph.validate import profile_shapes

    return profile_shapes("model")
