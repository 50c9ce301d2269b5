"""kg graph: networkx projections of a real store, statistics, paths as sentences, exports and pictures."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.analysis import draw_picture, film_person_graph
from kg.analysis.paths import find_node
from kg.analysis.picture import overlapping_labels
from kg.errors import InputError
from kg.store import open_store
from tests.conftest import SAMPLE, SHARED, needs_shared, one_line_error, run_kg

REVIEWS = {
    "glass-river.txt": "Glass River (1998)\nhttps://example.org/a\n"
                       '"Glass River," a film by Odile Marchetti with Tomas Verlaine, runs 97 minutes.\n',
    "paper-lantern.txt": "Paper Lantern (2004)\nhttps://example.org/b\n"
                         '"Paper Lantern," a film by Hana Solberg with Tomas Verlaine and Ines Abara, is patient.\n',
    "salt-hollow.txt": "Salt Hollow (2011)\nhttps://example.org/c\n"
                       '"Salt Hollow," a film by Greta Lindqvist with Milo Quist, is brisk.\n',
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reviews")
    for name, text in REVIEWS.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = tmp_path_factory.mktemp("store") / "store"
    assert run_kg("build", folder, "--store", path).returncode == 0
    return path


def test_stats(store):
    result = run_kg("graph", "stats", "--store", store, "-f", "json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["films"] == 3 and figures["people"] == 6
    assert figures["components"] == {"count": 2, "largest": 6}
    assert figures["most_connected_people"][0] == {"name": "Tomas Verlaine", "films": 2}
    assert figures["most_between_people"][0]["name"] == "Tomas Verlaine"
    assert {row["title"] for row in figures["most_reviewed_films"]} == {"Glass River", "Paper Lantern", "Salt Hollow"}
    text = run_kg("graph", "stats", "--store", store).stdout.decode()
    assert "Tomas Verlaine" in text and "film-person" in text


def test_path_is_told_in_sentences(store):
    result = run_kg("graph", "path", "odile marchetti", "Ines Abara", "--store", store)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().splitlines() == [
        "Odile Marchetti directed Glass River, in which Tomas Verlaine acted.",
        "Tomas Verlaine acted in Paper Lantern, in which Ines Abara acted.",
    ]
    from_film = run_kg("graph", "path", "Glass River", "Hana Solberg", "--store", store).stdout.decode()
    assert from_film.splitlines()[0] == "Tomas Verlaine acted in Glass River."


def test_no_path_unknown_and_hostile_names(store):
    none = run_kg("graph", "path", "Odile Marchetti", "Milo Quist", "--store", store)
    assert none.returncode == 1 and "no chain" in one_line_error(none)
    before = len(ox.Store.read_only(str(store)))
    for name in ['Tomas" } INSERT DATA { <urn:a> <urn:b> "c" } #', "{}}", "Verlaine'); DROP ALL; --"]:
        result = run_kg("graph", "path", name, "Ines Abara", "--store", store)
        assert result.returncode == 2 and "no person or film of that name" in one_line_error(result)
    assert len(ox.Store.read_only(str(store))) == before


def test_an_ambiguous_name_is_refused_with_its_candidates():
    graph = nx.Graph()
    graph.add_node("urn:kg:movie:crash-1996", kind="film", label="Crash")
    graph.add_node("urn:kg:movie:crash-2004", kind="film", label="Crash")
    with pytest.raises(InputError, match="names 2 nodes"):
        find_node(graph, "crash")


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
@pytest.mark.parametrize("projection", ["film-person", "collaboration", "review-film"])
def test_exports_read_back(store, tmp_path, fmt, projection):
    out = tmp_path / f"graph.{fmt}"
    result = run_kg("graph", "export", "--store", store, "-f", fmt, "--projection", projection, "-o", out)
    assert result.returncode == 0, result.stderr
    if fmt == "graphml":
        graph = nx.read_graphml(out)
    elif fmt == "gexf":
        graph = nx.read_gexf(out)
    else:
        graph = nx.node_link_graph(json.loads(out.read_text()), edges="links")
    expected = {"film-person": 9, "collaboration": 6, "review-film": 6}[projection]
    assert graph.number_of_nodes() == expected
    assert all("label" in data for _, data in graph.nodes(data=True))


def test_projections_merge_films_linked_by_resolution(tmp_path):
    folder = tmp_path / "reviews"
    folder.mkdir()
    (folder / "a.txt").write_text(REVIEWS["glass-river.txt"], encoding="utf-8")
    (folder / "b.txt").write_text("Paper Lantern (2004)\nhttps://example.org/b\n"
                                  '"Paper Lantern," a film by Hana Solberg. Like Odile Marchetti\'s "Glass River," '
                                  "it is patient.\n", encoding="utf-8")
    assert run_kg("build", folder, "--store", tmp_path / "s").returncode == 0
    graph = film_person_graph(open_store(tmp_path / "s", read_only=True))
    films = [n for n, d in graph.nodes(data=True) if d["label"] == "Glass River"]
    assert films == ["urn:kg:movie:glass-river-1998"]


def _check_picture(path, figure, texts):
    assert overlapping_labels(figure, texts) == []
    data = path.read_bytes()
    if path.suffix == ".png":
        assert data.startswith(b"\x89PNG")
    elif path.suffix == ".svg":
        assert ET.fromstring(data).tag.endswith("svg")
    else:
        page = data.decode()
        assert "<svg" in page and "wheel" in page and "http" not in page.split("<svg", 1)[0].replace(
            "http-equiv", "")  # no script or style from the network


@pytest.mark.parametrize("suffix", [".svg", ".png", ".html"])
def test_the_sample_review_picture_is_legible(tmp_path, suffix):
    out = tmp_path / f"sample{suffix}"
    figure, texts = draw_picture(str(SAMPLE), out)
    _check_picture(out, figure, texts)
    labels = {t.get_text() for t in texts}
    assert "reviews" in labels and any(label.startswith("actor as") for label in labels)
    result = run_kg("graph", "draw", SAMPLE, "-o", tmp_path / f"cli{suffix}")
    assert result.returncode == 0 and (tmp_path / f"cli{suffix}").stat().st_size > 1000


def test_an_entity_neighbourhood_picture(store, tmp_path):
    out = tmp_path / "verlaine.png"
    figure, texts = draw_picture("Tomas Verlaine", out, store=open_store(store, read_only=True), depth=2)
    _check_picture(out, figure, texts)
    assert {"Glass River", "Paper Lantern", "Ines Abara"} <= {t.get_text() for t in texts}
    unknown = run_kg("graph", "draw", "Nobody Here", "--store", store, "-o", tmp_path / "x.svg")
    assert unknown.returncode == 2 and "no person or film" in one_line_error(unknown)


@needs_shared
def test_on_the_sample_and_shared_reviews_together(tmp_path):
    store_path = tmp_path / "store"
    built = run_kg("build", SAMPLE, SHARED / "corpus" / "ebert", "--store", store_path, timeout=600)
    assert built.returncode == 0, built.stderr
    store = open_store(store_path, read_only=True)
    graph = film_person_graph(store)
    # A connection the store must know: a person on two films, and someone else on each of them.
    hub = next(n for n, d in sorted(graph.nodes(data=True)) if d["kind"] == "person" and graph.degree(n) >= 2)
    first, second = sorted(graph.neighbors(hub))[:2]
    a = next(p for p in sorted(graph.neighbors(first)) if p != hub and not graph.has_edge(p, second))
    b = next(p for p in sorted(graph.neighbors(second)) if p != hub and not graph.has_edge(p, first))
    told = run_kg("graph", "path", graph.nodes[a]["label"], graph.nodes[b]["label"], "--store", store_path)
    assert told.returncode == 0, told.stderr
    lines = told.stdout.decode().splitlines()
    assert len(lines) == 2 and graph.nodes[hub]["label"] in lines[0] and graph.nodes[hub]["label"] in lines[1]
    # One Ebert review's picture stays legible too.
    review = sorted((SHARED / "corpus" / "ebert").glob("*.txt"))[0]
    out = tmp_path / "ebert.png"
    figure, texts = draw_picture(str(review), out)
    _check_picture(out, figure, texts)
