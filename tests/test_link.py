"""kg link: the real Wikidata client against a local server answering in the API's format, from
hand-written fictional fixtures (tests/fixtures/wikidata/README.md)."""

from __future__ import annotations

import http.server
import json
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox
import pytest

from kg.link import links_graph
from kg.rdf import DEFAULT_BASE
from tests.conftest import one_line_error, run_kg

ITEMS = json.loads((Path(__file__).parent / "fixtures" / "wikidata" / "entities.json").read_text())
REVIEWS = {
    "glass-river.txt": "Glass River (1998)\nhttps://example.org/a\n"
                       '"Glass River," a film by Odile Marchetti with Tomas Verlaine, runs 97 minutes.\n',
    "paper-lantern.txt": "Paper Lantern (2004)\nhttps://example.org/b\n"
                         '"Paper Lantern," a film by Hana Solberg with Tomas Verlaine and Ines Abara, is patient.\n',
}


class WikidataAPI(http.server.BaseHTTPRequestHandler):
    """wbsearchentities and wbgetentities over the fixtures; 429 once for one search; optional delay."""

    def do_GET(self):
        server = self.server
        params = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        server.requests.append(params)
        time.sleep(server.delay)
        if params.get("search") == "Paper Lantern" and not server.throttled:
            server.throttled = True
            self.send_response(429)
            self.send_header("Retry-After", "1")
            self.end_headers()
            return
        if params.get("action") == "wbsearchentities":
            hits = [{"id": q, "title": q, "concepturi": f"http://www.wikidata.org/entity/{q}",
                     "label": item["labels"]["en"]["value"], "match": {"type": "label", "language": "en",
                                                                        "text": item["labels"]["en"]["value"]}}
                    for q, item in ITEMS.items()
                    if item["labels"]["en"]["value"].casefold() == params["search"].casefold()]
            body = {"searchinfo": {"search": params["search"]}, "search": hits, "success": 1}
        elif params.get("action") == "wbgetentities":
            body = {"entities": {q: ITEMS.get(q, {"id": q, "missing": ""}) for q in params["ids"].split("|")},
                    "success": 1}
        else:
            body = {"error": {"code": "badvalue", "info": "unknown action"}}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def api():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), WikidataAPI)
    server.requests, server.throttled, server.delay = [], False, 0.0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/w/api.php"
    yield server
    server.shutdown()


@pytest.fixture
def store(tmp_path):
    folder = tmp_path / "reviews"
    folder.mkdir()
    for name, text in REVIEWS.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = tmp_path / "store"
    assert run_kg("build", folder, "--store", path).returncode == 0
    return path


def same_as(store: Path) -> dict[str, str]:
    db = ox.Store.read_only(str(store))
    graph = ox.NamedNode(links_graph(DEFAULT_BASE))
    return {q.subject.value.rsplit(":", 1)[-1]: q.object.value.rsplit("/", 1)[-1]
            for q in db.quads_for_pattern(None, ox.NamedNode("http://schema.org/sameAs"), None, graph)}


def test_clear_matches_ambiguity_no_match_wrong_type_and_rate_limiting(api, store, tmp_path):
    result = run_kg("link", "--store", store, "--endpoint", api.url, "--cache", tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    links = same_as(store)
    assert links["glass-river-1998"] == "Q900010"  # the film of 1998 by its director, not the band
    assert links["paper-lantern-2004"] == "Q900030"  # after a 429 and its Retry-After
    assert links["odile-marchetti"] == "Q900001"
    assert "tomas-verlaine" not in links  # two people of that name: ambiguous
    assert "hana-solberg" not in links and "ines-abara" not in links  # no candidate
    assert "3 linked" in result.stderr.decode() and "1 ambiguous" in result.stderr.decode()
    assert api.throttled
    assert all(r.get("maxlag") == "5" and r.get("format") == "json" for r in api.requests)
    # The score travels with each link.
    scores = ox.Store.read_only(str(store)).query(
        "SELECT ?score WHERE { GRAPH ?g { ?s <urn:kg:vocab:confidence> ?score ; "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <http://schema.org/sameAs> } }")
    assert sorted(float(row["score"].value) for row in scores) == [0.8, 0.85, 1.1]


def test_offline_uses_the_cache_only_and_rerunning_replaces_the_links(api, store, tmp_path):
    cache = tmp_path / "cache"
    assert run_kg("link", "--store", store, "--endpoint", api.url, "--cache", cache).returncode == 0
    first = same_as(store)
    sent = len(api.requests)
    again = run_kg("link", "--store", store, "--endpoint", api.url, "--cache", cache, "--offline")
    assert again.returncode == 0, again.stderr
    assert len(api.requests) == sent  # not one request
    assert same_as(store) == first
    # Rebuilding the reviews keeps the links graph as it is.
    assert run_kg("build", store.parent / "reviews", "--store", store, "--force").returncode == 0
    assert same_as(store) == first


def test_offline_with_an_empty_cache_touches_nothing(api, store, tmp_path):
    result = run_kg("link", "--store", store, "--endpoint", api.url, "--cache", tmp_path / "empty", "--offline")
    assert result.returncode == 0 and "offline" in result.stderr.decode()
    assert api.requests == [] and same_as(store) == {}


def test_a_dry_run_prints_decisions_and_writes_nothing(api, store, tmp_path):
    result = run_kg("link", "--store", store, "--endpoint", api.url, "--cache", tmp_path / "c", "--dry-run")
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.decode().splitlines()[1:]]
    assert rows[0][:4] == ["film", "Glass River", "linked", "Q900010"]
    assert same_as(store) == {}


def test_a_timeout_is_one_line_and_writes_nothing(api, store, tmp_path):
    api.delay = 3.0
    result = run_kg("link", "--store", store, "--endpoint", api.url, "--cache", tmp_path / "c", "--timeout", "1")
    assert result.returncode == 5 and "no answer within 1 s" in one_line_error(result)
    assert same_as(store) == {}
