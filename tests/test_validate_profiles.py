"""The google profile: Google's review-snippet rules, with messages that say what to add."""

from __future__ import annotations

import json

from tests.conftest import SAMPLE, run_kg

COMPLETE = """@prefix s: <http://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:x:review> a s:Review ; s:name "Harbor Lights: a quiet triumph" ; s:datePublished "2019-05-03"^^xsd:date ;
    s:author <urn:x:dana> ; s:publisher <urn:x:lantern> ; s:itemReviewed <urn:x:film> ;
    s:reviewRating [ a s:Rating ; s:ratingValue 4 ; s:bestRating 5 ; s:worstRating 1 ] .
<urn:x:dana> a s:Person ; s:name "Dana Whitlock" .
<urn:x:lantern> a s:Organization ; s:name "The Lantern Weekly" .
<urn:x:film> a s:Movie ; s:name "Harbor Lights" ; s:director <urn:x:odile> ; s:image <https://example.org/h.jpg> ;
    s:dateCreated "2019"^^xsd:gYear .
<urn:x:odile> a s:Person ; s:name "Odile Marchetti" .
"""


def test_the_sample_lacks_author_and_rating(tmp_path):
    result = run_kg("validate", SAMPLE, "--profile", "google", "-f", "json")
    assert result.returncode == 1
    violations = {r["path"]: r["message"] for r in json.loads(result.stdout)["results"] if r["severity"] == "Violation"}
    assert set(violations) == {"schema:author", "schema:reviewRating"}
    assert "--rating" in violations["schema:reviewRating"] and "--author" in violations["schema:author"]


def test_the_model_profile_still_passes_the_sample():
    assert run_kg("validate", SAMPLE, "--profile", "model").returncode == 0


def test_a_complete_review_passes_google_and_model(tmp_path):
    path = tmp_path / "complete.ttl"
    path.write_text(COMPLETE)
    result = run_kg("validate", path, "--profile", "all")
    assert result.returncode == 0, result.stdout.decode()


def test_a_rating_without_its_best_is_a_warning_only(tmp_path):
    path = tmp_path / "partial.ttl"
    path.write_text(COMPLETE.replace("; s:bestRating 5", ""))
    result = run_kg("validate", path, "--profile", "google", "-f", "json")
    assert result.returncode == 0
    warnings = [r for r in json.loads(result.stdout)["results"] if r["severity"] == "Warning"]
    assert any("bestRating" in r["path"] for r in warnings)


def test_the_w3c_report_in_turtle(tmp_path):
    from rdflib import Graph, Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    result = run_kg("validate", SAMPLE, "--profile", "google", "-f", "turtle")
    report = Graph().parse(data=result.stdout.decode(), format="turtle")
    assert (None, sh.conforms, None) in report
