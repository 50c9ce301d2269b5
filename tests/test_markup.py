"""Review markup for a publisher's page: JSON-LD from the graph, safe in a page, read back the same."""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

import kg
from kg.markup.review import Overrides, apply_overrides, embed, markup_graph, safe_json, script_element
from tests.conftest import NOT_FILM_REVIEWS, SAMPLE, SHARED, needs_shared, one_line_error, parsed_graph, run_kg

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Harbor Lights review</title>
  <script type="application/ld+json">{"@context": "https://schema.org", "@type": "WebSite",
    "name": "The Lantern"}</script>
</head>
<body>
  <article><h1>Harbor Lights review</h1><p>Body text of the page.</p></article>
  <script>window.siteAnalytics = true;</script>
</body>
</html>
"""
HOSTILE = (
    "Harbor Lights (2019)\nhttps://example.org/harbor\n"
    '"Harbor Lights," a film by Odile Marchetti with Tomas Verlaine, ends with a note: </script><script>alert(1)'
    "</script> and <!-- a comment --> and \u2028 line \u2029 paragraph and a bell \x07 and a DEL \x7f and "
    "& ampersands. It runs 97 minutes and it is the kind of quiet drama that critics love to recommend.\n"
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")


def markup_of(*args: str) -> dict:
    result = run_kg("markup", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_one_review_with_its_film_nested():
    data = markup_of(str(SAMPLE))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Review"
    film = data["itemReviewed"]
    assert film["@type"] == "Movie" and film["name"] == "Never Let Me Go"
    assert film["director"]["name"] == "Mark Romanek"
    roles = {(r["actor"]["name"], r["characterName"]) for r in film["actor"]}
    assert ("Keira Knightley", "Ruth") in roles
    assert film["isBasedOn"]["author"]["name"] == "Kazuo Ishiguro"
    assert film["duration"] == "PT1H43M"
    assert data["datePublished"].startswith("2011-01-22")
    assert "positiveNotes" in data and "negativeNotes" in data
    assert "reviewRating" not in data  # the review states none, so none is invented
    assert not re.search(r"urn:kg:|nif:|prov:", json.dumps(data))


def test_google_says_what_is_missing_for_the_sample():
    result = run_kg("markup", SAMPLE)
    assert result.returncode == 0
    stderr = result.stderr.decode()
    assert "no author" in stderr and "no reviewRating" in stderr


def test_command_line_values_win_and_are_marked_in_the_provenance():
    data = markup_of(str(SAMPLE), "--rating", "4/5", "--author", "Dana Whitlock", "--publisher", "The Lantern",
                     "--url", "https://example.org/reviews/nlmg")
    assert data["reviewRating"] == {"@type": "Rating", "ratingValue": 4, "bestRating": 5, "worstRating": 1}
    assert data["author"] == {"@type": "Person", "name": "Dana Whitlock"}
    assert data["publisher"]["name"] == "The Lantern" and data["url"] == "https://example.org/reviews/nlmg"
    result = run_kg("markup", SAMPLE, "--rating", "4/5", "--author", "Dana Whitlock")
    assert "no author" not in result.stderr.decode() and "no reviewRating" not in result.stderr.decode()
    graph = apply_overrides(kg.extract(str(SAMPLE)).graph, Overrides(author="Dana Whitlock"))
    rules = {str(row[0]) for row in graph.query(
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX s: <http://schema.org/> "
        "SELECT ?rule WHERE { ?st rdf:subject ?r ; rdf:predicate s:author ; <urn:kg:vocab:rule> ?rule . "
        "?r a s:Review }")}
    assert rules == {"user.option"}


@pytest.mark.parametrize("rating", ["6/5", "four", "4/"])
def test_a_bad_rating_is_refused(rating):
    assert "--rating" in one_line_error(run_kg("markup", SAMPLE, "--rating", rating))


def test_the_page_keeps_every_other_byte_and_a_second_run_replaces_the_element(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    assert run_kg("markup", SAMPLE, "--page", page, "--in-place").returncode == 0
    once = page.read_bytes()
    added = re.search(rb'<script type="application/ld\+json" data-kg="review">.*?</script>\n', once, re.S)
    assert added and once.replace(added.group(0), b"") == PAGE.encode("utf-8")
    assert once.index(added.group(0)) < once.index(b"</head>")
    assert run_kg("markup", SAMPLE, "--page", page, "--in-place", "--rating", "3/5").returncode == 0
    twice = page.read_bytes()
    assert twice.count(b'data-kg="review"') == 1 and b'"ratingValue": 3' in twice
    assert b'"@type": "WebSite"' in twice  # the page's own markup is kept


def test_a_conflicting_review_on_the_page_is_reported(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE.replace('"@type": "WebSite",\n    "name": "The Lantern"',
                                 '"@type": "Review", "itemReviewed": {"@type": "Movie", "name": "Other Film"}'))
    out = tmp_path / "out.html"
    result = run_kg("markup", SAMPLE, "--page", page, "-o", out)
    assert result.returncode == 0 and "Other Film" in result.stderr.decode()
    assert out.read_bytes().count(b'"@type": "Review"') == 2


def test_unsafe_text_cannot_end_the_script_element():
    element = script_element({"reviewBody": "</script><script>x</script><!-- \u2028\u2029\x07\x7f &"})
    body = element[element.index(">") + 1:element.rindex("</script>")]
    assert not re.search(r"</script|<!--|<script|[\u2028\u2029\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", body, re.I)
    assert json.loads(body)["reviewBody"] == "</script><script>x</script><!-- \u2028\u2029\x07\x7f &"
    assert safe_json({"a": "é"}).isascii()


def _restricted(graph: Graph) -> Graph:
    """A graph with internal IRIs as blank nodes and literals by their text: the form in which the
    markup carries it (schema.org's context types dates as schema:Date, numbers as JSON numbers)."""
    nodes: dict = {}

    def term(t):
        if isinstance(t, URIRef) and str(t).startswith("urn:kg:"):
            return nodes.setdefault(t, BNode())
        if isinstance(t, Literal):
            text = str(t)
            try:
                number = float(text)
                text = f"{number:g}"
            except ValueError:
                pass
            return Literal(text)
        return t

    out = Graph()
    for s, p, o in graph:
        out.add((term(s), term(p), term(o)))
    return out


def test_round_trip_through_extruct(tmp_path):
    import extruct
    from pyld import jsonld

    from kg.graph.serialize import offline_loader

    page = tmp_path / "page.html"
    page.write_text(PAGE)
    assert run_kg("markup", SAMPLE, "--rating", "4/5", "--page", page, "--in-place").returncode == 0
    found = extruct.extract(page.read_text(), syntaxes=["json-ld"])["json-ld"]
    review = next(item for item in found if item.get("@type") == "Review")
    expanded = jsonld.expand(review, {"documentLoader": offline_loader})
    nquads = jsonld.to_rdf(expanded, {"format": "application/n-quads"})
    read_back = parsed_graph(nquads.encode("utf-8"), "nquads")
    expected = markup_graph(apply_overrides(kg.extract(str(SAMPLE)).graph, Overrides(rating="4/5")))
    assert isomorphic(_restricted(read_back), _restricted(expected))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _browser_read(page: Path) -> dict:
    """Serve the page on loopback, load it in headless Chromium, and let a script in the page
    report what the browser sees: the number of scripts and every JSON-LD block parsed."""
    probe = ('<pre id="kg-probe"></pre><script>document.getElementById("kg-probe").textContent = JSON.stringify('
             '{scripts: document.scripts.length, jsonld: [...document.querySelectorAll('
             '\'script[type="application/ld+json"]\')].map(e => JSON.parse(e.textContent))});</script>')
    text = page.read_text(encoding="utf-8").replace("</body>", probe + "</body>")
    served = page.with_name("served.html")
    served.write_text(text, encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(page.parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        dom = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={page.parent / 'chromium-profile'}", "--dump-dom",
             f"http://127.0.0.1:{server.server_address[1]}/served.html"],
            capture_output=True, text=True, timeout=90).stdout
    finally:
        server.shutdown()
    match = re.search(r'<pre id="kg-probe">(.*?)</pre>', dom, re.S)
    assert match, dom[-2000:]
    return json.loads(html.unescape(match.group(1)))


@needs_browser
def test_in_a_real_browser_hostile_text_adds_exactly_one_script(tmp_path):
    review = tmp_path / "hostile.txt"
    review.write_text(HOSTILE, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    before = _browser_read(page)
    assert run_kg("markup", review, "--page", page, "--in-place").returncode == 0
    after = _browser_read(page)
    assert after["scripts"] == before["scripts"] + 1
    seen = next(block for block in after["jsonld"] if block.get("@type") == "Review")
    assert seen == markup_of(str(review))
    assert "</script><script>alert(1)</script>" in seen["reviewBody"] and "\u2028" in seen["reviewBody"]


@needs_browser
def test_in_a_real_browser_the_dom_holds_kg_markups_output(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    assert run_kg("markup", SAMPLE, "--page", page, "--in-place", "--rating", "4/5").returncode == 0
    seen = _browser_read(page)
    review = next(block for block in seen["jsonld"] if block.get("@type") == "Review")
    assert review == markup_of(str(SAMPLE), "--rating", "4/5")


def _public_pages() -> list[Path]:
    if not SHARED.is_dir():
        return []
    conformance = SHARED / "conformance"
    marked = re.compile(r'"(Review|Movie)"|schema\.org/(Review|Movie)|typeof="(Review|Movie)"')
    pages = [p for p in sorted((conformance / "schemaorg_examples" / "split").glob("*.html"))
             + sorted((conformance / "extruct_samples").glob("*.html"))
             if marked.search(p.read_text(encoding="utf-8", errors="replace"))]
    pages += sorted((conformance / "real_pages").glob("*.html"))
    # eg-0322.jsonld.html is bare JSON without a <script> element or any HTML: not a page.
    return [p for p in pages if p.name != "eg-0322.jsonld.html"]


@needs_shared
def test_public_review_and_movie_pages_are_read_and_reemitted(tmp_path):
    """Every schema.org Review/Movie example page, the extruct samples with a Review and the real
    review page: the page reader takes them (their markup is input too), and the markup kg writes
    into a copy of each reads back through extruct as the same JSON-LD."""
    import extruct

    pages = _public_pages()
    assert len(pages) >= 40
    for source in pages:
        if source.name in NOT_FILM_REVIEWS:
            with pytest.raises(kg.KgError, match="not a film review"):
                kg.extract(str(source))
            continue
        review = kg.extract(str(source))
        data, _report = kg.markup(review)
        assert data["@type"] == "Review" and "itemReviewed" in data, source.name
        written = embed(source.read_bytes(), script_element(data))
        found = extruct.extract(written.decode("utf-8", errors="replace"), syntaxes=["json-ld"])["json-ld"]
        assert data in found, source.name


def test_the_template_filter_gives_the_script_element():
    from kg.markup.review import review_markup_filter

    element = review_markup_filter(str(SAMPLE), rating="4/5", author="Dana Whitlock")
    assert element.startswith('<script type="application/ld+json" data-kg="review">')
    body = json.loads(element[element.index(">") + 1:element.rindex("</script>")])
    assert body["reviewRating"]["ratingValue"] == 4
    data, report = kg.markup(kg.extract(str(SAMPLE)), Overrides(rating="4/5", author="Dana Whitlock"))
    assert data == body and not report.violations  # with an author and a rating, Google's rules hold
