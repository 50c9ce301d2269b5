"""The store: build, rebuild, query, export and validate through the real `kg` command."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from tests.conftest import SAMPLE, parsed_graph, run_kg


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A store built from the sample review and a second, invented review."""
    folder = tmp_path_factory.mktemp("reviews")
    shutil.copy(SAMPLE, folder / "sample.txt")
    (folder / "invented.txt").write_text(
        "Harbor Lights (2019)\nhttps://example.org/reviews/harbor-lights\n"
        '"Harbor Lights," a film by Odile Marchetti with Tomas Verlaine and Ines Abara, is based on the novel '
        "by Rufus Kettering. Verlaine plays Captain Arlo Brisk; Brisk's daughter, June (Ines Abara), runs "
        "the lighthouse. The score by Hana Solberg is spare. It runs 97 minutes and is rated PG-13.\n",
        encoding="utf-8",
    )
    store = tmp_path_factory.mktemp("store") / "kg-store"
    result = run_kg("build", folder, "--store", store)
    assert result.returncode == 0, result.stderr
    return folder, store


def count_triples(store) -> int:
    result = run_kg("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--store", store, "-f", "json")
    assert result.returncode == 0, result.stderr
    return int(json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"])


def test_each_review_has_its_own_named_graph(built):
    _, store = built
    result = run_kg(
        "query",
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?r a <http://schema.org/Review> } }",
        "--store",
        store,
        "-f",
        "csv",
    )
    rows = list(csv.reader(io.StringIO(result.stdout.decode())))
    assert len(rows) == 3  # header + two reviews


def test_rebuilding_replaces_instead_of_duplicating(built):
    folder, store = built
    before = count_triples(store)
    unchanged = run_kg("build", folder, "--store", store)
    assert unchanged.returncode == 0 and b"2 skipped" in unchanged.stderr
    forced = run_kg("build", folder, "--store", store, "--force")
    assert forced.returncode == 0, forced.stderr
    after = count_triples(store)
    # Only the build timestamps differ; the number of triples is the same.
    assert after == before


def test_query_formats(built):
    _, store = built
    query = "PREFIX s: <http://schema.org/> SELECT DISTINCT ?name WHERE { ?f s:director/s:name ?name } ORDER BY ?name"
    as_json = json.loads(run_kg("query", query, "--store", store, "-f", "json").stdout)
    names = [b["name"]["value"] for b in as_json["results"]["bindings"]]
    assert names == ["Mark Romanek", "Odile Marchetti"]
    as_tsv = run_kg("query", query, "--store", store, "-f", "tsv").stdout.decode()
    assert as_tsv.splitlines()[0] == "?name"
    as_table = run_kg("query", query, "--store", store, "-f", "table").stdout.decode()
    assert "Odile Marchetti" in as_table and "2 rows" in as_table


def test_query_from_a_file(built, tmp_path):
    _, store = built
    path = tmp_path / "films.rq"
    path.write_text("PREFIX s: <http://schema.org/>\nSELECT ?t WHERE { ?r s:itemReviewed/s:name ?t } ORDER BY ?t\n")
    out = run_kg("query", path, "--store", store, "-f", "csv").stdout.decode().splitlines()
    assert out == ["t", "Harbor Lights", "Never Let Me Go"]


@pytest.mark.parametrize(
    "fmt,rdflib_format",
    [("trig", "trig"), ("nquads", "nquads"), ("turtle", "turtle"), ("nt", "nt"), ("json-ld", "json-ld")],
)
def test_export_parses_back(built, tmp_path, fmt, rdflib_format):
    _, store = built
    out = tmp_path / f"export.{fmt}"
    result = run_kg("export", "--store", store, "-f", fmt, "-o", out)
    assert result.returncode == 0, result.stderr
    triples = len(parsed_graph(out.read_bytes(), rdflib_format))
    distinct = run_kg(
        "query",
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }",
        "--store",
        store,
        "-f",
        "json",
    )
    expected = int(json.loads(distinct.stdout)["results"]["bindings"][0]["n"]["value"])
    assert triples == expected


def test_jsonld_export_carries_its_context(built):
    _, store = built
    doc = json.loads(run_kg("export", "--store", store, "-f", "json-ld").stdout)
    assert doc["@context"]["@vocab"] == "http://schema.org/"  # inline: nothing to fetch to read it
    types = [node.get("@type") for graph in doc["@graph"] for node in graph["@graph"]]
    assert {"Movie", "Review"} <= {t for found in types for t in (found if isinstance(found, list) else [found])}


def test_validate_a_review_and_a_graph(tmp_path):
    ok = run_kg("validate", SAMPLE)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix s: <http://schema.org/> .\n"
        '<urn:x:review> a s:Review ; s:itemReviewed <urn:x:film> ; s:datePublished "Jan 3" .\n'
        '<urn:x:film> a s:Movie ; s:director "Somebody" ; s:duration "97 minutes" .\n'
    )
    bad = run_kg("validate", broken)
    assert bad.returncode == 1
    report = bad.stdout.decode()
    assert "Violation" in report and "duration" in report
    as_json = json.loads(run_kg("validate", broken, "-f", "json").stdout)
    assert as_json["conforms"] is False and as_json["results"]


def test_strict_build_refuses_a_nonconforming_review(tmp_path):
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    # A house rule every review breaks: a review must have a rating.
    (shapes / "house.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix s: <http://schema.org/> .\n"
        "<urn:x:shape> a sh:NodeShape ; sh:targetClass s:Review ;\n"
        '  sh:property [ sh:path s:reviewRating ; sh:minCount 1 ; sh:message "no rating" ] .\n'
    )
    store = tmp_path / "store"
    lenient = run_kg("build", SAMPLE, "--store", store, "--shapes", shapes)
    assert lenient.returncode == 0 and b"no rating" in lenient.stderr
    assert count_triples(store) > 0
    strict_store = tmp_path / "strict"
    strict = run_kg("build", SAMPLE, "--store", strict_store, "--shapes", shapes, "--strict")
    assert strict.returncode == 1 and b"refused" in strict.stderr
