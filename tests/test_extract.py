"""Extraction of the bundled sample review: the graph of the contract, with provenance."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Graph, Namespace
from rdflib.compare import isomorphic

import kg
from kg.sources.normalize import normalize_with_offsets
from tests.conftest import SAMPLE, SHARED, needs_shared, parsed_graph, run_kg

SCHEMA = Namespace("http://schema.org/")


@pytest.fixture(scope="module")
def sample_turtle(tmp_path_factory) -> str:
    result = run_kg("extract", SAMPLE, "-f", "turtle")
    assert result.returncode == 0, result.stderr
    path = tmp_path_factory.mktemp("extract") / "sample.ttl"
    path.write_bytes(result.stdout)
    return str(path)


@needs_shared
def test_sample_scores_with_the_shared_scorer(sample_turtle):
    scored = subprocess.run(
        [
            sys.executable,
            SHARED / "eval" / "score.py",
            SHARED / "gold" / "never-let-me-go.json",
            sample_turtle,
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    summary = json.loads(scored.stdout)
    assert summary["precision"] == 1.0, summary["per_document"][0]["misses"]
    assert summary["f1"] >= 0.95, summary["per_document"][0]["misses"]


def test_reviewed_film_and_people(sample_turtle):
    graph = Graph().parse(sample_turtle)
    films = list(graph.objects(None, SCHEMA.itemReviewed))
    assert len(films) == 1
    director = graph.value(graph.value(films[0], SCHEMA.director), SCHEMA.name)
    assert str(director) == "Mark Romanek"
    # "Romanek" alone and "Mark Romanek" are one person node.
    people = {str(n) for p in graph.subjects(None, SCHEMA.Person) for n in graph.objects(p, SCHEMA.name)}
    assert "Romanek" not in people


@pytest.mark.parametrize(
    "fmt,rdflib_format",
    [("turtle", "turtle"), ("nt", "nt"), ("nquads", "nquads"), ("trig", "trig"), ("json-ld", "json-ld")],
)
def test_every_format_parses_back_to_the_same_graph(sample_turtle, fmt, rdflib_format):
    result = run_kg("extract", SAMPLE, "-f", fmt)
    assert result.returncode == 0, result.stderr
    assert isomorphic(parsed_graph(result.stdout, rdflib_format), Graph().parse(sample_turtle)), fmt


def test_provenance_gives_the_sentence_and_offsets_in_the_source():
    review = kg.extract(str(SAMPLE))
    query = """
    PREFIX schema: <http://schema.org/> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX kgv: <urn:kg:vocab:>
    PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
    SELECT ?text ?begin ?end ?rule ?confidence WHERE {
      ?st rdf:predicate schema:author ; rdf:object ?person ; kgv:rule ?rule ; kgv:confidence ?confidence ;
          prov:wasDerivedFrom ?sentence .
      ?person schema:name "Alex Garland" .
      ?sentence nif:anchorOf ?text ; nif:beginIndex ?begin ; nif:endIndex ?end . }"""
    rows = list(review.graph.query(query))
    assert len(rows) == 1
    text, begin, end, rule, confidence = rows[0]
    assert str(text).startswith("From a script by Alex Garland")
    source = SAMPLE.read_text(encoding="utf-8")
    assert source[int(begin) : int(end)] == str(text)
    assert str(rule).startswith("screenwriter") and 0 < float(confidence) <= 1


def test_min_confidence_filters_statements():
    everything = kg.extract(str(SAMPLE))
    confident = kg.extract(str(SAMPLE), min_confidence=0.85)
    assert 0 < len(confident.facts) < len(everything.facts)
    assert all(f.confidence >= 0.85 for f in confident.facts)


def test_stdin_and_file_give_the_same_facts():
    result = run_kg("extract", "-", "-f", "nt", input=SAMPLE.read_bytes())
    assert result.returncode == 0, result.stderr
    assert b"Mark Romanek" in result.stdout


def test_normalization_keeps_offsets_into_the_original():
    original = "\u201cCaf\u0065\u0301\u201d\u00a0by Jos\u00e9"
    text, offsets = normalize_with_offsets(original)
    assert text == '"Caf\u00e9" by Jos\u00e9'
    start = text.index("Jos")
    assert original[offsets[start] : offsets[len(text)]] == "Jos\u00e9"


def test_no_name_from_the_sample_is_written_in_the_code():
    import pathlib

    code = "".join(p.read_text(encoding="utf-8") for p in pathlib.Path(kg.__file__).parent.rglob("*.py"))
    for name in (
        "Romanek",
        "Mulligan",
        "Knightley",
        "Garfield",
        "Ishiguro",
        "Garland",
        "Portman",
        "Telluride",
        "Never Let Me Go",
    ):
        assert name not in code, name


@needs_shared
def test_shared_seed_is_the_bundled_sample():
    assert (SHARED / "seed" / "never-let-me-go.txt").read_bytes() == SAMPLE.read_bytes()
