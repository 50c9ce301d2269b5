"""kg query through the command line: --param binds the query's variables (shipped queries need no
editing), every shipped query answers on the bundled sample, and a syntax error points at its place."""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import ROOT, SAMPLE, one_line_error, run_kg

QUERIES = sorted((ROOT / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("params") / "kg-store"
    result = run_kg("build", SAMPLE, "--store", path)
    assert result.returncode == 0, result.stderr
    return path


def rows(store, query, *params: str) -> list[dict[str, str]]:
    result = run_kg("query", query, "--store", store, "-f", "csv", *(f"--param={p}" for p in params))
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"))))


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.name)
def test_every_shipped_query_answers_on_the_sample_as_it_is(store, query):
    assert rows(store, query)


def test_a_parameter_fills_the_query_s_values_line(store):
    cast = rows(store, ROOT / "queries" / "cast.rq")
    assert {r["title"] for r in cast} == {"Never Let Me Go"}
    assert rows(store, ROOT / "queries" / "cast.rq", "title=Never Let Me Go") == cast
    assert rows(store, ROOT / "queries" / "cast.rq", "title=Some Other Film") == []


def test_why_screenwriter_needs_no_editing(store):
    query = ROOT / "queries" / "why-screenwriter.rq"
    found = rows(store, query, "screenwriter=Alex Garland")
    assert found and {r["screenwriter"] for r in found} == {"Alex Garland"}
    assert "script by Alex Garland" in found[0]["sentence"]
    assert rows(store, query, "screenwriter=Mark Romanek") == []  # he directed it


def test_a_parameter_given_twice_takes_either_value(store):
    query = ROOT / "queries" / "directors.rq"
    both = rows(store, query, "director=Mark Romanek", "director=Nobody Atall")
    assert {r["director"] for r in both} == {"Mark Romanek"}
    assert {r["title"] for r in both} == {"Never Let Me Go", "One-Hour Photo"}
    assert {r["films"] for r in both} == {"2"}  # the count is bound too


def test_a_variable_without_a_values_line_is_bound_after_the_query(store):
    query = "PREFIX schema: <http://schema.org/> SELECT ?name WHERE { ?person a schema:Person ; schema:name ?name }"
    assert rows(store, query, "name=Carey Mulligan") == [{"name": "Carey Mulligan"}]
    as_iri = rows(store, query, "person=<urn:kg:person:keira-knightley>")
    assert as_iri == [{"name": "Keira Knightley"}]


def test_typed_and_language_literals(store):
    query = "PREFIX schema: <http://schema.org/> SELECT ?review ?date WHERE { ?review schema:datePublished ?date }"
    [review] = rows(store, query)
    assert rows(store, query, f'date="{review["date"]}"^^xsd:dateTime') == [review]
    assert rows(store, query, f'date="{review["date"]}"^^<http://www.w3.org/2001/XMLSchema#dateTime>') == [review]
    assert rows(store, query, f'date="{review["date"]}"') == []  # a plain string is not the date
    assert rows(store, query, f'date="{review["date"]}"@en') == []


def test_a_value_cannot_change_the_query(store):
    query = ROOT / "queries" / "cast.rq"
    hostile = 'title=x" } } DELETE WHERE { ?s ?p ?o } #'
    assert rows(store, query, hostile) == []
    assert len(rows(store, query)) == 3


@pytest.mark.parametrize(("param", "message"), [
    ("title", "NAME=VALUE"),
    ("nosuchvariable=1", "no variable ?nosuchvariable"),
    ("title=<not an iri>", "not an IRI"),
    ('title="unterminated', "not an IRI in <…> or a literal"),
])
def test_a_bad_parameter_is_one_line(store, param, message):
    result = run_kg("query", ROOT / "queries" / "cast.rq", "--store", store, "--param", param)
    assert result.returncode == 2
    assert message in one_line_error(result)


def test_an_empty_values_block_is_a_required_parameter(store, tmp_path):
    query = tmp_path / "one-film.rq"
    query.write_text("PREFIX schema: <http://schema.org/>\nSELECT ?actor WHERE {\n  VALUES ?title { }\n"
                     "  ?film schema:name ?title ; schema:actor/schema:actor/schema:name ?actor }\n")
    result = run_kg("query", query, "--store", store)
    assert result.returncode == 2 and "needs --param title=VALUE" in one_line_error(result)
    assert len(rows(store, query, "title=Never Let Me Go")) == 3


def test_a_syntax_error_shows_the_line_and_a_caret(store, tmp_path):
    query = tmp_path / "broken.rq"
    query.write_text("PREFIX schema: <http://schema.org/>\nSELECT ?name WHERE {\n"
                     "  ?film schema:name ?name .\n} ORDER ?name\n")
    result = run_kg("query", query, "--store", store)
    assert result.returncode == 3
    err = result.stderr.decode("utf-8")
    assert "Traceback" not in err
    lines = err.rstrip("\n").split("\n")
    assert lines[0].startswith("kg: error: SPARQL syntax error at line 4, column ")
    assert lines[0].endswith("expected BY")
    column = int(lines[0].split("column ", 1)[1].split(":", 1)[0])
    assert lines[1] == "     4 | } ORDER ?name"
    assert lines[2] == "       | " + " " * (column - 1) + "^"
    assert len(lines) == 3


def test_a_syntax_error_in_a_parameterised_query_keeps_its_lines(store, tmp_path):
    query = tmp_path / "broken.rq"
    query.write_text("PREFIX schema: <http://schema.org/>\nSELECT ?name WHERE {\n  VALUES ?name {\n    UNDEF\n  }\n"
                     "  ?film schema:name ?name .\n} ORDER ?name\n")
    result = run_kg("query", query, "--store", store, "--param", "name=x")
    assert result.returncode == 3
    assert result.stderr.decode("utf-8").split("\n")[1] == "     7 | } ORDER ?name"
