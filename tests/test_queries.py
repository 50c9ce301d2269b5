"""The documented SPARQL queries (queries/*.rq), run with Oxigraph on a hand-written store.

tests/fixtures/contract-sample.trig holds two invented reviews, each in its own named graph, with
reified provenance and a report graph, as kg's store keeps them. Queries run like `kg query`:
the union of the named graphs is the default graph.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph.sparql import bind_params

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "contract-sample.trig"

PREFIXES = {
    "schema": "http://schema.org/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "prov": "http://www.w3.org/ns/prov#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "kgv": "urn:kg:vocab:",
}
REQUIRED = {"novels", "cast", "composers", "premieres", "releases", "provenance", "why-screenwriter", "reviews",
            "directors"}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return store


def run(store: ox.Store, text: str, *columns: str) -> list[tuple]:
    """Rows of the query, in its order, as tuples of the named columns' lexical values (None if unbound)."""
    solutions = store.query(text, use_default_graph_as_union=True)
    return [tuple(None if s[c] is None else s[c].value for c in columns) for s in solutions]


def query(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


# --- the files -----------------------------------------------------------------------------------


def test_the_documented_queries_are_there():
    names = {p.stem for p in QUERIES.glob("*.rq")}
    assert names >= REQUIRED
    assert len(names) >= 7
    readme = (QUERIES / "README.md").read_text(encoding="utf-8")
    for name in names:
        assert f"{name}.rq" in readme, f"queries/README.md does not list {name}.rq"


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.name)
def test_query_header_and_prefixes(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    assert len(header) >= 2, "a title line, then what the query answers"
    assert len(header[0]) > 10 and header[0].startswith("# ")
    assert any(re.search(r"\bChange\b|\bedit\b|VALUES", line) for line in header), "say what the user may change"
    declared = dict(re.findall(r"^PREFIX\s+(\w+):\s*<([^>]*)>", "\n".join(lines), flags=re.M))
    for prefix, iri in PREFIXES.items():
        assert declared.get(prefix) == iri, f"PREFIX {prefix}: <{iri}>"


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.name)
def test_query_runs_without_duplicates(store, path: Path):
    """The same node may sit in several review graphs; the union must not repeat rows."""
    solutions = store.query(path.read_text(encoding="utf-8"), use_default_graph_as_union=True)
    columns = [v.value for v in solutions.variables]
    rows = [tuple(None if s[c] is None else s[c].value for c in columns) for s in solutions]
    assert rows, f"{path.name} finds nothing in the fixture"
    assert len(rows) == len(set(rows))


# --- what each query answers -------------------------------------------------------------------------


def test_novels(store):
    assert run(store, query("novels"), "title", "novel", "novelAuthor") == [
        ("The Glass Orchard", "Salt Meridian", "Ilse Varnholt"),
        ("Winter Ledger", None, "Corin Vale"),  # "based on a novel by Corin Vale": title unknown
    ]
    # the work types are the user's to change: no film here is based on a short story
    assert run(store, query("novels").replace("{ schema:Book }", "{ schema:ShortStory }"), "title") == []


def test_cast(store):
    assert run(store, query("cast"), "title", "actor", "character") == [
        ("The Glass Orchard", "Noor Calloway", None),
        ("The Glass Orchard", "Tobin Ashgrove", "Captain Ferris"),
        ("Winter Ledger", "Ilka Demaris", None),
    ]
    one_film = bind_params(query("cast"), {"title": "Winter Ledger"})
    assert run(store, one_film, "actor") == [("Ilka Demaris",)]


def test_cast_lists_an_actor_with_a_role_once(store):
    # a second review naming Tobin Ashgrove without the character must not add a bare row
    store2 = ox.Store()
    store2.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    store2.update("INSERT DATA { GRAPH <urn:kg:graph:ghi> { <urn:kg:movie:the-glass-orchard> "
                  "<http://schema.org/actor> <urn:kg:person:tobin-ashgrove> } }")
    rows = run(store2, query("cast"), "title", "actor", "character")
    assert ("The Glass Orchard", "Tobin Ashgrove", "Captain Ferris") in rows
    assert ("The Glass Orchard", "Tobin Ashgrove", None) not in rows


def test_composers(store):
    assert run(store, query("composers"), "composer", "title", "films") == [
        ("Orsolya Fenwick-Dray", "The Glass Orchard", "2"),
        ("Orsolya Fenwick-Dray", "Winter Ledger", "2"),
    ]
    one = bind_params(query("composers"), {"composer": "Orsolya Fenwick-Dray"})
    assert one.count('VALUES ?composer { "Orsolya Fenwick-Dray" }') == 2  # in the count too
    assert run(store, one, "composer", "title", "films") == run(store, query("composers"), "composer", "title", "films")


def test_premieres(store):
    assert run(store, query("premieres"), "festival", "date", "title") == [
        ("Marrowgate International Film Festival", "2019-09-06", "The Glass Orchard"),
    ]


def test_releases(store):
    assert run(store, query("releases"), "country", "start", "end", "title") == [
        ("Canada", "2019-10-18", "2019-12-01", "The Glass Orchard"),
        ("France", "2016-01-27", None, "Winter Ledger"),
    ]


def test_reviews(store):
    columns = ("headline", "date", "author", "publisher", "rating", "bestRating", "title")
    assert run(store, query("reviews"), *columns) == [
        ("The Glass Orchard review: a slow burn that earns its ending", "2019-10-20", "Wren Halloway",
         "The Lantern Review", "4", "5", "The Glass Orchard"),
        ("Winter Ledger is a cold, careful puzzle", "2016-02-11", "Ansel Prewitt", "Northwind Weekly", None, None,
         "Winter Ledger"),
    ]


def test_directors(store):
    assert run(store, query("directors"), "director", "title", "status", "films") == [
        ("Marta Kvell", "The Glass Orchard", "reviewed", "2"),
        ("Marta Kvell", "Winter Ledger", "reviewed", "2"),  # named in review abc, reviewed in def
        ("Tomasz Elling", "Paper Hours", "mentioned", "1"),
    ]
    # --param fills both VALUES lines: one director, still counted right.
    one = bind_params(query("directors"), {"director": "Tomasz Elling"})
    assert one.count('VALUES ?director { "Tomasz Elling" }') == 2
    assert run(store, one, "director", "title", "status", "films") == [
        ("Tomasz Elling", "Paper Hours", "mentioned", "1")]


def test_provenance(store):
    columns = ("subject", "predicate", "object", "begin", "end", "phrase", "rule", "confidence")
    rows = run(store, query("provenance"), *columns)
    assert len(rows) == 32  # 18 statements in review abc, 14 in def
    by_rule = {(row[1], row[6]): row for row in rows if row[0] == "The Glass Orchard"}
    role = by_rule[("schema:actor", "role.plays")]
    assert role[:7] == ("The Glass Orchard", "schema:actor", "Tobin Ashgrove as Captain Ferris", "351", "429",
                        "Tobin Ashgrove plays Captain Ferris", "role.plays")
    assert float(role[7]) == 0.85
    assert by_rule[("schema:duration", "runtime.runs")][2:6] == ("PT1H52M", "584", "610", "runs 1 hour 52 minutes")
    assert by_rule[("schema:releasedEvent", "premiere.at")][2] == "premiere at Marrowgate International Film Festival"
    assert by_rule[("schema:releasedEvent", "runEnd.in")][2] == "release in Canada"
    assert by_rule[("schema:isBasedOn", "basedOn.work_by")][2] == "Salt Meridian"
    headline = "The Glass Orchard review: a slow burn that earns its ending"
    review_rows = {row[1]: row for row in rows if row[0] == headline}
    assert review_rows["schema:reviewRating"][2] == "4/5"
    assert review_rows["schema:datePublished"][2:5] == ("2019-10-20", "60", "117")
    # a node without a name is shown by its IRI
    assert ("Winter Ledger", "schema:isBasedOn", "urn:kg:work:corin-vale-book") in {r[:3] for r in rows}


def test_provenance_offsets_point_into_the_review_text(store):
    texts = {s["review"].value: s["text"].value for s in store.query(
        "SELECT ?review ?text WHERE { ?review <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString>"
        " ?text }", use_default_graph_as_union=True)}
    columns = ("review", "sentence", "begin", "end", "phrase", "phraseBegin", "phraseEnd")
    for review, sentence, begin, end, phrase, phrase_begin, phrase_end in run(store, query("provenance"), *columns):
        text = texts[review]
        assert text[int(begin):int(end)] == sentence
        assert text[int(phrase_begin):int(phrase_end)] == phrase
        assert int(begin) <= int(phrase_begin) < int(phrase_end) <= int(end)


def test_why_screenwriter(store):
    columns = ("screenwriter", "title", "sentence", "begin", "end", "phrase", "rule")
    assert run(store, query("why-screenwriter"), *columns) == [
        ("Hal Brennock", "The Glass Orchard",
         "Adapted from the novel Salt Meridian by Ilse Varnholt, it was written by Hal Brennock and scored by "
         "Orsolya Fenwick-Dray.", "229", "350", "written by Hal Brennock", "screenwriter.by"),
        ("Hal Brennock", "Winter Ledger",
         "The script by Hal Brennock keeps its secrets, and the score by Orsolya Fenwick-Dray hums underneath.",
         "179", "279", "The script by Hal Brennock", "screenwriter.by"),
    ]


@pytest.mark.parametrize(("names", "titles"), [
    (["Hal Brennock"], ["The Glass Orchard", "Winter Ledger"]),
    (["hal brennock"], []),  # the name as the review spells it
    (["Wren Halloway"], []),  # wrote the review, not the film
    (["Ilse Varnholt"], []),  # wrote the novel, not the film
    (["Nobody Atall", "Hal Brennock"], ["The Glass Orchard", "Winter Ledger"]),
])
def test_why_screenwriter_takes_names_as_parameters(store, names, titles):
    text = bind_params(query("why-screenwriter"), {"screenwriter": names})
    assert [row[0] for row in run(store, text, "title")] == titles


def test_issues(store):
    assert run(store, query("issues"), "graph", "level", "node", "path") == [
        ("urn:kg:graph:def", "Warning", "urn:kg:work:corin-vale-book", "schema:name"),
    ]
