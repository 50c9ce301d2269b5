"""--store URL against real servers on loopback, each test on both: Oxigraph's (`oxigraph serve`) and
Virtuoso Open Source 7 (`virtuoso-t`, tests/sparql_servers.py), written and read over SPARQL 1.1 and
compared with an embedded build of the same files; tiny loopback servers for retries, credentials
and request encodings."""

from __future__ import annotations

import base64
import contextlib
import http.server
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from kg import api
from kg.errors import KgError, StoreError
from kg.graph.rdf import DEFAULT_BASE
from kg.graph.results import render
from kg.store.build import graph_name_of
from kg.store.embedded import ReviewStore
from kg.store.remote import DIGEST, DIRECT, FORM, MERGED, MERGED_GRAPH, UNION, RemoteStore, endpoints
from tests.conftest import OX_FORMATS, ROOT, SAMPLE, one_line_error, rdflib_graph, refuse_remote, run_kg
from tests.sparql_servers import REQUIRE_VIRTUOSO, VIRTUOSO, oxigraph_server, virtuoso_server
from tests.test_build import store_quads, write_reviews

# Two reviews written for these tests; every name is invented.
REVIEWS = {
    "quarry-bell.txt": (
        "The Quarry Bell (2004)\nhttps://example.org/reviews/quarry-bell\n"
        '"The Quarry Bell," directed by Maren Oduya, stars Felix Harrowgate and Sunniva Tal and is based on '
        "the novel by Emeric Pole. Harrowgate plays Tobias Wren, a bell-ringer who hears the mine before it "
        "falls; Tal is his sister, Agnes. The music by Corvin Adebayo-Lusk is all low strings. It runs 104 "
        "minutes.\n"
    ),
    "salt-meridian.txt": (
        "Salt Meridian (2016)\nhttps://example.org/reviews/salt-meridian\n"
        '"Salt Meridian," a film by Ilse Varga with Dorian Kettle and Maren Oduya, was written by Pell '
        "Ashworth. Kettle plays a surveyor lost on the salt flats, and Oduya, better known as a director, "
        "plays the cartographer who sent him there. It runs 88 minutes and is rated PG.\n"
    ),
}
SQUATTER = "urn:kg:test:squatter"
KINDS = ["oxigraph", "virtuoso"]
needs_virtuoso = pytest.mark.skipif(VIRTUOSO is None and not REQUIRE_VIRTUOSO,
                                    reason="virtuoso-t is not installed (apt-get install virtuoso-opensource)")


@contextlib.contextmanager
def running(kind: str, folder: Path) -> Iterator[str]:
    """A server of `kind` on loopback with a new database in `folder`; yields the URL kg is given."""
    if kind == "oxigraph":
        with oxigraph_server(folder) as url:
            yield url
        return
    if VIRTUOSO is None and not REQUIRE_VIRTUOSO:
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    with virtuoso_server(folder) as virtuoso:  # the SPARQL user granted SPARQL_UPDATE
        yield virtuoso.url


@pytest.fixture(params=KINDS)
def server(request, tmp_path) -> Iterator[str]:
    with running(request.param, tmp_path / "server-data") as url:
        yield url


@pytest.fixture
def corpus(tmp_path) -> Path:
    """The sample, the two reviews above and three generated ones."""
    folder = tmp_path / "reviews"
    write_reviews(folder, 3)
    shutil.copy(SAMPLE, folder / "sample.txt")
    for name, text in REVIEWS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build(folder: Path, store, *more: str, env: dict | None = None) -> str:
    result = run_kg("build", folder, "--store", store, *more, env=env)
    assert result.returncode == 0, result.stderr
    return result.stderr.decode()


def export(store, fmt: str) -> bytes:
    result = run_kg("export", "--store", store, "-f", fmt)
    assert result.returncode == 0, result.stderr
    return result.stdout


def remote_quads(url: str, tmp_path: Path) -> dict[str, set[str]]:
    """The server's named graphs, through `kg export`, compared as an embedded store's are
    (tests.test_build.store_quads: blank nodes canonical, kgv:builtAt left out)."""
    tmp_path.mkdir()
    store = ox.Store(str(tmp_path / "copy-store"))
    store.load(export(url, "nquads"), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return store_quads(tmp_path / "copy-store")


def graph_sizes(store) -> dict[str, int]:
    """Quads per named graph of kg's (not the merged graph, nor a server's own graphs), counted by the
    store itself with `kg query`."""
    result = run_kg("query", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                    "--store", store, "-f", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["results"]["bindings"]
    sizes = {row["g"]["value"]: int(row["n"]["value"]) for row in rows}
    return {g: n for g, n in sizes.items() if g.startswith(DEFAULT_BASE) and g != MERGED_GRAPH}


# kg's graphs: the merged graph and the server's own graphs (Virtuoso's virtrdf#, …) left out.
OURS = f'FILTER (STRSTARTS(STR(?g), "{DEFAULT_BASE}") && ?g != <{MERGED_GRAPH}>)'


def assert_same_store(url: str, local: Path, tmp_path: Path) -> None:
    """The server holds the embedded store's graphs, quad for quad, each graph the same size, and
    a merged graph (what queries read as the default graph) that is exactly the set union of them."""
    sizes = graph_sizes(url)
    assert sizes == graph_sizes(local)
    assert remote_quads(url, tmp_path) == store_quads(local)
    store = RemoteStore(url, read_only=True)
    assert len(store) == sum(sizes.values())
    assert not bool(store.query(f"ASK {{ ?s ?p ?o FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} {OURS} }} }}"))
    assert not bool(store.query(f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} {OURS} FILTER NOT EXISTS {{ ?s ?p ?o }} }}"))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"  # the merged graph holds each triple once
    distinct = ("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                f"{OURS} }} }}")
    assert next(iter(store.query(count)))["n"] == next(iter(store.query(distinct)))["n"]


def canonical(data: str | bytes, fmt: str) -> dict[str, set[str]]:
    """An export read back (pyoxigraph, JSON-LD expanded by pyld with no network): each graph's
    triples with canonical blank nodes, without kgv:builtAt (a time, different in every build)."""
    import json

    import pyoxigraph as ox
    from pyld import jsonld

    data = data.encode() if isinstance(data, str) else data
    if fmt == "json-ld":
        data = json.dumps(jsonld.expand(json.loads(data), {"documentLoader": refuse_remote})).encode()
    by_graph: dict[str, list] = {}
    for quad in ox.parse(data, format=getattr(ox.RdfFormat, OX_FORMATS[fmt])):
        if not quad.predicate.value.endswith("builtAt"):
            by_graph.setdefault(str(quad.graph_name), []).append(quad)
    return {name: {" ".join(t.n3() for t in triple) for triple in to_canonical_graph(rdflib_graph(quads))}
            for name, quads in by_graph.items()}


# --- every remote operation, on both servers --------------------------------------------------------


def test_build_query_rebuild_and_remove_match_an_embedded_store(server, corpus, tmp_path):
    local = tmp_path / "local"
    assert "6 stored" in build(corpus, server)
    build(corpus, local)
    assert_same_store(server, local, tmp_path / "a")

    # Every shipped query answers the same rows from both stores: queries read the merged graph
    # (each director once per film, not once per review; none of Virtuoso's own triples).
    remote_store, embedded_store = RemoteStore(server, read_only=True), ReviewStore(local, read_only=True)
    rows = 0
    for query in sorted((ROOT / "queries").glob("*.rq")):
        remote = render(api.query(str(query), store=remote_store), "csv").splitlines()
        embedded = render(api.query(str(query), store=embedded_store), "csv").splitlines()
        assert remote[0] == embedded[0] and sorted(remote) == sorted(embedded), query.name
        rows += len(remote) - 1
    assert rows > 20
    del embedded_store  # its lock, before the next build
    movies = "CONSTRUCT { ?f <http://schema.org/name> ?n } WHERE { ?f a <http://schema.org/Movie> ; " \
             "<http://schema.org/name> ?n }"
    remote = run_kg("query", movies, "--store", server)
    assert remote.returncode == 0, remote.stderr
    assert b"The Quarry Bell" in remote.stdout
    embedded = run_kg("query", movies, "--store", local)
    assert sorted(remote.stdout.splitlines()) == sorted(embedded.stdout.splitlines())  # CONSTRUCT has no order
    for ask, expected in (("ASK { ?r a <http://schema.org/Review> }", True), ("ASK { ?r a <urn:kg:test:No> }", False)):
        result = run_kg("query", ask, "--store", server, "-f", "json")
        assert result.returncode == 0 and json.loads(result.stdout)["boolean"] is expected
    typed = "SELECT ?v WHERE { ?s <urn:kg:vocab:conforms> ?v } LIMIT 1"  # Virtuoso says 1 for true
    assert run_kg("query", typed, "--store", server, "-f", "csv").stdout.split() == [b"v", b"true"]

    # Unchanged: skipped. Changed: replaced, nothing left of the old text, nothing doubled.
    assert "6 skipped" in build(corpus, server)
    changed = corpus / "quarry-bell.txt"
    changed.write_text(REVIEWS["quarry-bell.txt"].replace("all low strings", "one cello"), encoding="utf-8")
    before = graph_sizes(server)
    assert "1 stored, 5 skipped" in build(corpus, server)
    build(corpus, local)
    assert graph_sizes(server).keys() == before.keys()
    assert_same_store(server, local, tmp_path / "b")

    # Removed with `kg remove`, and with RemoteStore.remove_review: gone with its report.
    assert run_kg("remove", changed, "--store", server).returncode == 0
    assert run_kg("remove", changed, "--store", local).returncode == 0
    assert_same_store(server, local, tmp_path / "c")
    salt = str(corpus / "salt-meridian.txt")
    store = RemoteStore(server)
    name = graph_name_of(salt, DEFAULT_BASE)
    assert store.remove_review(name) is True
    assert store.remove_review(name) is False
    api.remove([salt], store=str(local))
    assert name not in graph_sizes(server) and f"{name}/report" not in graph_sizes(server)
    # The resolution graph still names the removed review until a build recomputes it; compare
    # the review graphs only.
    review_graphs = {g: n for g, n in graph_sizes(local).items() if g in store.review_graphs()}
    assert {g: n for g, n in graph_sizes(server).items() if g in review_graphs} == review_graphs


def test_list_and_remove_by_glob_match_an_embedded_store(server, corpus, tmp_path):
    local = tmp_path / "local"
    build(corpus, server)
    build(corpus, local)

    def listed(store) -> list[str]:
        result = run_kg("list", "--store", store, "-f", "csv", cwd=corpus)
        assert result.returncode == 0, result.stderr
        return sorted(result.stdout.decode().splitlines())

    rows = listed(local)
    assert len(rows) == 7 and any(not row.endswith(",0") for row in rows[1:])  # the sample has issues
    assert listed(server) == rows  # each review's own issue count, not the whole store's
    # A variable named ?graph is no GRAPH pattern: the server still reads every review graph.
    sources = ("PREFIX kgv: <urn:kg:vocab:> SELECT ?graph ?s WHERE { GRAPH ?r { ?graph kgv:source ?s } "
               'FILTER (STR(?r) = CONCAT(STR(?graph), "/report")) }')  # not Virtuoso's merged graph
    answers = [sorted(run_kg("query", sources, "--store", store, "-f", "csv").stdout.splitlines())
               for store in (server, local)]
    assert len(answers[0]) == 7 and answers[0] == answers[1]
    for store in (server, local):
        assert run_kg("remove", corpus / "review-*.txt", "--store", store).returncode == 0
    assert listed(server) == listed(local) and len(listed(local)) == 4


def test_export_in_every_format_equals_the_embedded_export(server, corpus, tmp_path):
    local = tmp_path / "local"
    build(corpus, server)
    build(corpus, local)
    for fmt in ("nquads", "trig", "json-ld", "turtle", "nt"):
        remote, embedded = export(server, fmt), export(local, fmt)
        remote_graphs = canonical(remote, fmt)
        assert remote_graphs == canonical(embedded, fmt), fmt
        assert sum(map(len, remote_graphs.values())) > 1000


def test_the_api_takes_a_url(server, corpus, tmp_path):
    files = sorted(str(f) for f in corpus.iterdir())
    summary = api.build(files, store=server)
    assert summary.count("stored") == len(files)
    local = tmp_path / "local"
    api.build(files, store=str(local))

    rows = api.query("SELECT ?g WHERE { GRAPH ?g { ?r a <http://schema.org/Review> } }", store=server)
    assert isinstance(rows, ox.QuerySolutions)
    assert len([row for row in rows if row["g"].value != MERGED_GRAPH]) == len(files)
    assert isinstance(api.query("ASK { ?s a <http://schema.org/Review> }", store=server), ox.QueryBoolean)
    triples = api.query("CONSTRUCT WHERE { ?f a <http://schema.org/Movie> }", store=server)
    assert isinstance(triples, ox.QueryTriples) and len(list(triples)) >= len(files)
    described = api.query("DESCRIBE <urn:kg:movie:the-quarry-bell-2004>", store=server)
    assert isinstance(described, ox.QueryTriples)
    exported = api.export(store=server, fmt="trig")
    assert b"The Quarry Bell" in exported

    remote = RemoteStore(server, read_only=True)
    embedded = ReviewStore(local, read_only=True)
    assert remote.review_graphs() == embedded.review_graphs()
    assert len(remote) == len(embedded)
    for name in remote.review_graphs():
        assert remote.content_hash(name) == embedded.content_hash(name) is not None
        assert len(list(remote.quads(name))) == len(list(embedded.quads(name)))
    assert remote.content_hash("https://example.org/no-such-review") is None


def test_link_offline_and_graph_projections_match_an_embedded_store(server, tmp_path):
    """`kg link --offline` from a cache filled by a run on the embedded store, then every `kg graph`
    projection of the server against the embedded store's."""
    from tests.test_link import REVIEWS as LINKED
    from tests.test_link import WikidataAPI

    folder = tmp_path / "reviews"
    folder.mkdir()
    for name, text in LINKED.items():
        (folder / name).write_text(text, encoding="utf-8")
    local, cache = tmp_path / "local", tmp_path / "cache"
    build(folder, local)
    build(folder, server)
    wikidata = http.server.ThreadingHTTPServer(("127.0.0.1", 0), WikidataAPI)
    wikidata.requests, wikidata.agents, wikidata.delay = [], set(), 0.0
    wikidata.throttle, wikidata.maxlag = set(), set()
    threading.Thread(target=wikidata.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{wikidata.server_address[1]}/w/api.php"
    try:
        online = run_kg("link", "--store", local, "--endpoint", endpoint, "--cache", cache)
        assert online.returncode == 0, online.stderr
    finally:
        wikidata.shutdown()
        wikidata.server_close()
    offline = run_kg("link", "--offline", "--store", server, "--endpoint", endpoint, "--cache", cache)
    assert offline.returncode == 0, offline.stderr
    assert b"0 requests" in offline.stderr and b"linked" in offline.stderr
    assert remote_quads(server, tmp_path / "a") == store_quads(local)
    assert any(name.endswith("graph:links") for name in graph_sizes(server))

    for command in (["stats", "-f", "json"], ["path", "Odile Marchetti", "Ines Abara"],
                    ["export", "-f", "json", "--projection", "film-person"],
                    ["export", "-f", "json", "--projection", "collaboration"],
                    ["export", "-f", "json", "--projection", "review-film"]):
        remote, embedded = (run_kg("graph", *command, "--store", store) for store in (server, local))
        assert remote.returncode == 0, remote.stderr
        if command[0] == "path":
            assert remote.stdout == embedded.stdout and b"Tomas Verlaine" in remote.stdout
            continue
        remote_data, embedded_data = json.loads(remote.stdout), json.loads(embedded.stdout)
        if command[0] == "export":  # node-link JSON: the same nodes and edges, in any order and direction
            for data in (remote_data, embedded_data):
                data["nodes"] = sorted(json.dumps(node, sort_keys=True) for node in data["nodes"])
                data["links"] = sorted(json.dumps({**link, "source": min(link["source"], link["target"]),
                                                   "target": max(link["source"], link["target"])}, sort_keys=True)
                                       for link in data["links"])
        assert remote_data == embedded_data, command


def test_a_build_killed_mid_way_resumes(server, tmp_path):
    """A forced rebuild, killed at random points (SIGKILL) while it replaces reviews one request each:
    every review the server then holds with its build record is whole, and the next build completes
    the store to what an embedded build holds."""
    folder = tmp_path / "reviews"
    write_reviews(folder, 24)
    shutil.copy(SAMPLE, folder / "sample.txt")
    local = tmp_path / "local"
    build(folder, local)
    clean = store_quads(local)
    env = {**os.environ, "KG_STORE_MAX_UPDATE_BYTES": "20000"}  # a request or more per review
    started = time.monotonic()
    build(folder, server, env=env)
    seconds = time.monotonic() - started
    command = [sys.executable, "-m", "kg.cli", "build", str(folder), "--store", server, "--force", "--jobs", "1"]
    for run, fraction in enumerate(random.Random(14).uniform(0.3, 0.9) for _ in range(2)):
        for _ in range(4):
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            time.sleep(fraction * seconds)
            process.send_signal(signal.SIGKILL)
            if process.wait() == -signal.SIGKILL:
                break
            fraction /= 2  # it ended first: the machine is shared, kill sooner
        else:
            pytest.fail("every build ended before it was killed")
        partial = remote_quads(server, tmp_path / f"partial-{run}")
        for name, quads in partial.items():  # whole or absent: nothing half-written is exported
            assert quads == clean[name], f"{name} is half-written"
        assert "review(s)" in build(folder, server, env=env)
        assert_same_store(server, local, tmp_path / f"resumed-{run}")


def test_reviews_and_large_graphs_split_into_several_requests(server, corpus, tmp_path):
    """Under a small request limit, a batch of reviews takes several update requests (each review
    larger than the limit is split, its build record last) and the store is the embedded build's; a
    graph of more triples than one GRAPH block holds is written in blocks."""
    store = RemoteStore(server, max_update_bytes=3_000)
    sent: list[str] = []
    update = store._update

    def spy(sparql: str) -> None:
        sent.append(sparql)
        update(sparql)

    store._update = spy
    api.build([str(f) for f in sorted(corpus.iterdir())], store=store, jobs=1)
    local = tmp_path / "local"
    build(corpus, local)
    assert len(sent) >= 12  # a review is larger than the limit: several requests each
    assert_same_store(server, local, tmp_path / "a")

    many = "".join(f"<urn:kg:test:s{n}> <urn:kg:test:p> \"{n}\" .\n" for n in range(12_000))
    big = RemoteStore(server)  # Virtuoso's parser gives up on a GRAPH block of 5,000 triples
    big.replace_graph(SQUATTER, many)
    assert graph_sizes(server)[SQUATTER] == 12_000
    assert len(list(big.query("SELECT * WHERE { ?s <urn:kg:test:p> ?o }"))) == 12_000  # in the merged graph
    store.replace_graph(SQUATTER, "<urn:kg:test:s1> <urn:kg:test:p> \"one\" .\n")  # small: one update
    assert [r["o"].value for r in store.query("SELECT ?o WHERE { ?s <urn:kg:test:p> ?o }")] == ["one"]

    # 12 MB of long strings, more than Virtuoso takes in one request (10 MB): several requests.
    sent.clear()
    store.max_update_bytes = RemoteStore(server).max_update_bytes
    long = "".join(f"<urn:kg:test:s{n}> <urn:kg:test:text> \"{n} {'long text ' * 50_000}\" .\n" for n in range(24))
    store.replace_graph(SQUATTER, long)
    assert len(sent) > 1 and max(len(request.encode()) for request in sent) < 10_000_000
    texts = {row["o"].value for row in store.query("SELECT ?o WHERE { ?s <urn:kg:test:text> ?o }")}
    assert len(texts) == 24 and all(len(text) == len("0 ") + 500_000 or len(text) == len("10 ") + 500_000
                                    for text in texts)


LITERALS = """\
<urn:kg:test:film> <http://schema.org/name> "Été 🎬 \\"quoted\\" \\\\ back\\tslash\\nnew line" .
<urn:kg:test:film> <http://schema.org/name> "Été"@fr .
<urn:kg:test:film> <http://schema.org/alternateName> "colour"@en-GB .
<urn:kg:test:film> <http://schema.org/description> "LONG" .
<urn:kg:test:film> <urn:kg:vocab:confidence> "0.900"^^<xsd:decimal> .
<urn:kg:test:film> <urn:kg:vocab:confidence> "1.000"^^<xsd:decimal> .
<urn:kg:test:film> <urn:kg:vocab:conforms> "true"^^<xsd:boolean> .
<urn:kg:test:film> <urn:kg:vocab:other> "false"^^<xsd:boolean> .
<urn:kg:test:film> <http://schema.org/dateCreated> "2011-01-22T14:31:00+00:00"^^<xsd:dateTime> .
<urn:kg:test:film> <http://schema.org/dateModified> "2011-01-22T14:31:00.500000-05:00"^^<xsd:dateTime> .
<urn:kg:test:film> <http://schema.org/datePublished> "2004"^^<xsd:gYear> .
<urn:kg:test:film> <http://schema.org/startDate> "2010-09-15"^^<xsd:date> .
<urn:kg:test:film> <nif:beginIndex> "5014"^^<xsd:nonNegativeInteger> .
<urn:kg:test:film> <http://schema.org/position> "042"^^<xsd:integer> .
<urn:kg:test:film> <http://schema.org/ratingValue> "4.0"^^<xsd:double> .
<urn:kg:test:film> <http://schema.org/url> "https://example.org/a b"^^<xsd:anyURI> .
<urn:kg:test:film> <http://schema.org/sameAs> <http://example.org/caf\u00e9> .
<urn:kg:test:film> <urn:kg:test:custom> "x"^^<urn:kg:test:type> .
<urn:kg:test:film> <urn:kg:test:report> _:report .
_:report <urn:kg:test:result> _:result .
_:result <urn:kg:test:message> "a blank node's literal" .
_:result <urn:kg:test:next> _:report .
""".replace("<xsd:", "<http://www.w3.org/2001/XMLSchema#").replace(
    "<nif:", "<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")


def test_literals_and_blank_nodes_round_trip_as_the_embedded_store_keeps_them(server, tmp_path):
    """What kg writes reads back as the embedded store gives it: XSD values in their canonical form
    (Virtuoso says 1 for true and stores no lexical form), long and escaped strings, language tags,
    IRIs beyond ASCII, and blank nodes (which Virtuoso refuses in INSERT DATA)."""
    data = LITERALS.replace("LONG", "a line of a long review, " * 8_000)
    name = "urn:kg:graph:literals"
    meta = {"source": "literals.txt", "contentHash": "0" * 64, "conforms": False}
    remote, embedded = RemoteStore(server), ReviewStore(tmp_path / "local")
    for store in (remote, embedded):
        store.put_review(name, data, data.replace("urn:kg:test:film", "urn:kg:test:report-of"), meta)

    def graphs(store) -> dict[str, set[str]]:
        found: dict[str, Graph] = {}
        for quad in store.quads():
            if not quad.predicate.value.endswith("builtAt"):
                found.setdefault(quad.graph_name.value, Graph()).parse(
                    data=f"{ox.Triple(quad.subject, quad.predicate, quad.object)} .", format="nt")
        return {g: {" ".join(t.n3() for t in triple) for triple in to_canonical_graph(graph)}
                for g, graph in found.items()}

    assert graphs(remote) == graphs(embedded)
    assert len(graphs(remote)[name]) == len(LITERALS.splitlines())
    long = next(row["n"] for row in remote.query("SELECT ?n WHERE { ?f <http://schema.org/description> ?n }"))
    assert len(long.value) == 25 * 8_000


def test_a_read_only_store_refuses_writes(server):
    store = RemoteStore(server, read_only=True)
    for write in (lambda: store.replace_graph(SQUATTER, ""), lambda: store.remove_review(SQUATTER),
                  lambda: store.put_review(SQUATTER, "", None, {"source": "x"})):
        with pytest.raises(StoreError, match="read-only"):
            write()
    assert store.review_graphs() == []
    # An update given to `kg query` is refused, not run (Virtuoso runs updates sent as `query=`).
    update = run_kg("query", f"INSERT DATA {{ GRAPH <{SQUATTER}> {{ <urn:kg:test:a> <urn:kg:test:b> 1 }} }}",
                    "--store", server)
    assert update.returncode == 3 and "not a query" in one_line_error(update)
    assert graph_sizes(server) == {}


def test_a_syntax_error_the_server_refuses_is_pointed_at_exit_3(server):
    result = run_kg("query", "SELECT ?s\nWHERE { ?s ?p }", "--store", server)
    assert result.returncode == 3
    error, line, caret = result.stderr.decode().rstrip("\n").split("\n")  # the error, the line, a caret
    assert error.startswith(f"kg: error: {server}") and "refused the SPARQL" in error
    assert "at line 2, column " in error and "Traceback" not in error
    assert line == "     2 | WHERE { ?s ?p }" and caret.endswith("^")


def test_oxigraph_answers_form_encoded_requests_too(tmp_path, corpus):
    """$KG_STORE_POST=form: Oxigraph's server, written and read with form-encoded requests (what
    every other server is sent), holds what an embedded build holds."""
    env = {**os.environ, "KG_STORE_POST": FORM}
    local = tmp_path / "local"
    build(corpus, local)
    with oxigraph_server(tmp_path / "server-data") as url:
        build(corpus, url, env=env)
        assert RemoteStore(url).post == DIRECT
        assert graph_sizes(url) == graph_sizes(local)
        assert remote_quads(url, tmp_path / "a") == store_quads(local)


def test_a_server_whose_default_graph_is_the_union(tmp_path, corpus):
    """KG_STORE_DEFAULT_GRAPH=union (a server whose default graph is the union of its named graphs;
    here `oxigraph serve --union-default-graph`): kg writes named graphs only, and queries still
    see the reviews."""
    env = {**os.environ, "KG_STORE_DEFAULT_GRAPH": UNION}
    local = tmp_path / "local"
    build(corpus, local)
    with oxigraph_server(tmp_path / "server-data", "--union-default-graph") as url:
        build(corpus, url, env=env)
        stored_default = requests.get(f"{url}store?default", headers={"Accept": "application/n-triples"}, timeout=10)
        assert stored_default.status_code == 200 and stored_default.text.strip() == ""
        assert graph_sizes(url) == graph_sizes(local)
        assert remote_quads(url, tmp_path / "a") == store_quads(local)
        result = run_kg("query", "ASK { ?r a <http://schema.org/Review> }", "--store", url, "-f", "json")
        assert json.loads(result.stdout)["boolean"] is True
        assert run_kg("remove", corpus / "sample.txt", "--store", url, env=env).returncode == 0
        assert len(graph_sizes(url)) == len(graph_sizes(local)) - 2


# --- Virtuoso's own ways ------------------------------------------------------------------------------


@needs_virtuoso
def test_virtuoso_without_update_rights_says_what_to_grant_and_sparql_auth_works(corpus, tmp_path):
    """Virtuoso's SPARQL user may not update until granted SPARQL_UPDATE: a one-line error says what to
    grant or where to authenticate, and nothing is written. A user granted SPARQL_UPDATE writes at
    `/sparql-auth` with HTTP digest authentication, and anyone reads at `/sparql`."""
    with virtuoso_server(tmp_path / "server-data", grant_update=False) as virtuoso:
        refused = run_kg("build", corpus, "--store", virtuoso.url)
        message = one_line_error(refused)
        assert refused.returncode == 4 and "lack of rights" in message
        assert 'GRANT SPARQL_UPDATE TO "SPARQL"' in message and "/sparql-auth" in message
        assert graph_sizes(virtuoso.url) == {}

        virtuoso.sql("DB.DBA.USER_CREATE('kgwriter', 's3cret'); GRANT SPARQL_UPDATE TO \"kgwriter\";")
        writer = virtuoso.url.replace("http://", "http://kgwriter:s3cret@") + "-auth"
        wrong = run_kg("build", corpus, "--store", writer.replace("s3cret", "nope"))
        assert wrong.returncode == 4 and "authentication failed" in one_line_error(wrong)
        assert "nope" not in wrong.stderr.decode()
        assert RemoteStore(writer).auth == DIGEST
        assert "6 stored" in build(corpus, writer)
        local = tmp_path / "local"
        build(corpus, local)
        assert_same_store(virtuoso.url, local, tmp_path / "a")
        assert run_kg("remove", corpus / "sample.txt", "--store", writer).returncode == 0
        assert len(graph_sizes(virtuoso.url)) == len(graph_sizes(local)) - 2


@needs_virtuoso
def test_virtuoso_cutting_an_answer_is_an_error_and_export_fits_under_the_cap(corpus, tmp_path):
    """Virtuoso cuts answers at ResultSetMaxRows (10,000 in Debian's virtuoso.ini) and says so only
    in a header: kg refuses the short answer with what to change, and exports a graph per request,
    each under the cap."""
    local = tmp_path / "local"
    build(corpus, local)
    with virtuoso_server(tmp_path / "server-data", sparql={"ResultSetMaxRows": "1000"}) as virtuoso:
        build(corpus, virtuoso.url)
        everything = run_kg("query", "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "--store", virtuoso.url)
        message = one_line_error(everything)
        assert everything.returncode == 4 and "cut the answer at 1000 rows" in message
        assert "ResultSetMaxRows" in message
        assert remote_quads(virtuoso.url, tmp_path / "a") == store_quads(local)


@needs_virtuoso
def test_virtuoso_refusing_a_value_is_one_line_and_the_other_reviews_are_kept(corpus, tmp_path):
    """Virtuoso cannot store an xsd:duration: the review that holds one is refused with the server's
    message; the reviews already stored are all still there."""
    with virtuoso_server(tmp_path / "server-data") as virtuoso:
        build(corpus, virtuoso.url)
        before = graph_sizes(virtuoso.url)
        duration = '<urn:kg:test:f> <http://schema.org/duration> "PT104M"^^<http://www.w3.org/2001/XMLSchema#duration>'
        with pytest.raises(StoreError, match="refused the update") as refused:
            RemoteStore(virtuoso.url).put_review("urn:kg:graph:refused", f"{duration} .\n", "", {"source": "x"})
        assert "\n" not in str(refused.value)
        assert graph_sizes(virtuoso.url) == before
        assert RemoteStore(virtuoso.url).content_hash("urn:kg:graph:refused") is None


# --- tiny loopback servers -------------------------------------------------------------------------

EMPTY_RESULTS = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'


@contextlib.contextmanager
def tiny_server(statuses: list[int], error: bytes = b"no", error_headers: dict | None = None,
                ) -> Iterator[tuple[str, list[dict]]]:
    """Answers POSTs with `statuses` in turn (then 200 and an empty result); records the headers,
    the path and the body of each request."""
    calls: list[dict] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            calls.append({**self.headers, "path": self.path, "body": body})
            status = statuses[len(calls) - 1] if len(calls) <= len(statuses) else 200
            answer = EMPTY_RESULTS if status == 200 else error
            self.send_response(status)
            self.send_header("Content-Type", "application/sparql-results+json" if status == 200 else "text/plain")
            for name, value in (error_headers or {}).items() if status != 200 else ():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", calls
    finally:
        server.shutdown()
        server.server_close()


def test_requests_are_form_encoded_except_for_oxigraphs_layout(monkeypatch):
    """Virtuoso does not answer a query POSTed as application/sparql-query: kg sends `query=` and
    `update=` forms, naming kg's merged graph as the default graph, except to Oxigraph's layout,
    which gets the SPARQL text as the body."""
    for name in ("KG_STORE_QUERY", "KG_STORE_UPDATE", "KG_STORE_DEFAULT_GRAPH", "KG_STORE_POST", "KG_STORE_AUTH"):
        monkeypatch.delenv(name, raising=False)
    with tiny_server([]) as (url, calls):
        virtuoso = RemoteStore(url + "sparql")
        virtuoso.query("SELECT ?s WHERE { ?s ?p ?o }")
        virtuoso.replace_graph(SQUATTER, "<urn:kg:test:a> <urn:kg:test:b> _:c .\n")
        virtuoso.query("SELECT ?s FROM <urn:kg:test:g> WHERE { ?s ?p ?o }")
        oxigraph = RemoteStore(url)
        oxigraph.query("PREFIX s: <http://schema.org/> # a comment\nSELECT ?s WHERE { ?s ?p ?o }")
        oxigraph.replace_graph(SQUATTER, "")
    form = [call for call in calls if call["path"] == "/sparql"]
    assert all(call["Content-Type"] == "application/x-www-form-urlencoded" for call in form)
    fields = [parse_qs(call["body"].decode()) for call in form]
    assert fields[0] == {"query": ["SELECT ?s WHERE { ?s ?p ?o }"], "default-graph-uri": [MERGED_GRAPH]}
    assert "INSERT {" in fields[1]["update"][0] and "INSERT DATA" not in fields[1]["update"][0]  # a blank node
    assert "default-graph-uri" not in fields[2]  # the query names its own dataset
    direct = [call for call in calls if call["path"] != "/sparql"]
    assert [call["path"] for call in direct] == ["/query", "/update"]
    assert direct[0]["Content-Type"].startswith("application/sparql-query")
    assert direct[0]["body"].startswith(b"PREFIX s:")
    assert direct[1]["Content-Type"].startswith("application/sparql-update")


def test_an_update_refused_for_lack_of_rights_says_what_to_grant():
    """Virtuoso answers 500 (not retried) with SR186 to an update from a user without SPARQL_UPDATE."""
    refusal = b"Virtuoso 42000 Error SR186:SECURITY: No permission to execute procedure DB.DBA.SPARUL_RUN"
    with tiny_server([500], error=refusal) as (url, calls):
        store = RemoteStore(url + "sparql")
        with pytest.raises(StoreError) as refused:
            store.replace_graph(SQUATTER, "<urn:kg:test:a> <urn:kg:test:b> <urn:kg:test:c> .\n")
    message = str(refused.value)
    assert len(calls) == 1 and "lack of rights" in message and 'GRANT SPARQL_UPDATE TO "SPARQL"' in message
    assert "/sparql-auth" in message


def test_a_digest_challenge_to_basic_credentials_says_so():
    env = {**os.environ, "KG_STORE_USER": "editor", "KG_STORE_PASSWORD": "s3cret"}
    challenge = {"WWW-Authenticate": 'Digest realm="SPARQL", nonce="abc", qop="auth", algorithm="MD5"'}
    with tiny_server([401], error_headers=challenge) as (url, _):
        result = run_kg("query", "ASK {}", "--store", url + "sparql", env=env)
    message = one_line_error(result)
    assert "authentication failed" in message and "KG_STORE_AUTH=digest" in message and "s3cret" not in message


def test_server_errors_are_retried_with_the_credentials_of_the_url():
    with tiny_server([503, 503]) as (url, calls):
        store = RemoteStore(url.replace("http://", "http://editor:s%40cret@") + "query")
        assert list(store.query("SELECT ?s WHERE { ?s ?p ?o }")) == []
    assert len(calls) == 3
    expected = "Basic " + base64.b64encode(b"editor:s@cret").decode()
    assert all(call.get("Authorization") == expected for call in calls)
    assert "cret" not in store.url and "cret" not in store.query_url


def test_a_server_that_keeps_failing_is_one_line_exit_4():
    with tiny_server([503] * 10) as (url, calls):
        result = run_kg("query", "SELECT * WHERE { ?s ?p ?o }", "--store", url)
    assert result.returncode == 4 and "HTTP 503" in one_line_error(result)
    assert len(calls) == 4  # the request and three retries


def test_credentials_from_the_environment_and_refused_ones():
    env = {**os.environ, "KG_STORE_USER": "editor", "KG_STORE_PASSWORD": "s3cret"}
    with tiny_server([401]) as (url, calls):
        result = run_kg("query", "SELECT * WHERE { ?s ?p ?o }", "--store", url, env=env)
    message = one_line_error(result)
    assert result.returncode == 4 and "authentication failed" in message and "s3cret" not in message
    assert calls[0].get("Authorization") == "Basic " + base64.b64encode(b"editor:s3cret").decode()


def test_a_bearer_token_is_sent(monkeypatch):
    monkeypatch.setenv("KG_STORE_TOKEN", "tok-123")
    with tiny_server([]) as (url, calls):
        RemoteStore(url).query("SELECT ?s WHERE { ?s ?p ?o }")
    assert calls[-1].get("Authorization") == "Bearer tok-123"


@pytest.mark.parametrize(("url", "query", "update", "default_graph", "post", "auth"), [
    ("http://h:7878/", "http://h:7878/query", "http://h:7878/update", MERGED, DIRECT, "basic"),
    ("http://h:7878/query", "http://h:7878/query", "http://h:7878/update", MERGED, DIRECT, "basic"),
    ("http://h:3030/films", "http://h:3030/films/query", "http://h:3030/films/update", MERGED, FORM, "basic"),
    ("http://h:3030/films/sparql", "http://h:3030/films/sparql", "http://h:3030/films/update", MERGED, FORM, "basic"),
    ("http://h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql", MERGED_GRAPH, FORM, "basic"),
    ("http://h:8890/sparql-auth", "http://h:8890/sparql-auth", "http://h:8890/sparql-auth", MERGED_GRAPH, FORM,
     DIGEST),
    ("http://h:7200/repositories/films", "http://h:7200/repositories/films",
     "http://h:7200/repositories/films/statements", UNION, FORM, "basic"),
])
def test_endpoints_follow_each_servers_layout(monkeypatch, url, query, update, default_graph, post, auth):
    for name in ("KG_STORE_QUERY", "KG_STORE_UPDATE", "KG_STORE_DEFAULT_GRAPH", "KG_STORE_POST", "KG_STORE_AUTH"):
        monkeypatch.delenv(name, raising=False)
    assert endpoints(url) == (query, update, default_graph, post, auth)


def test_endpoints_from_the_environment(monkeypatch):
    monkeypatch.setenv("KG_STORE_QUERY", "https://u:p@db.example/q")
    monkeypatch.setenv("KG_STORE_UPDATE", "https://db.example/u")
    monkeypatch.setenv("KG_STORE_DEFAULT_GRAPH", "UNION")
    monkeypatch.setenv("KG_STORE_POST", "direct")
    store = RemoteStore("https://db.example/")
    assert (store.query_url, store.update_url, store.merged, store.post) == ("https://db.example/q",
                                                                              "https://db.example/u", False, DIRECT)
    assert store.session.auth.username == "u" and store.session.auth.password == "p"
    monkeypatch.setenv("KG_STORE_DEFAULT_GRAPH", "urn:films:merged")
    assert (RemoteStore("https://db.example/").merged_graph, RemoteStore("https://db.example/").merged) == (
        "urn:films:merged", True)
    for name, value in (("KG_STORE_DEFAULT_GRAPH", "both"), ("KG_STORE_POST", "get"), ("KG_STORE_AUTH", "ntlm"),
                        ("KG_STORE_MAX_UPDATE_BYTES", "lots")):
        monkeypatch.setenv(name, value)
        with pytest.raises(KgError, match=name):
            RemoteStore("https://db.example/")
        monkeypatch.undo()
