"""kg graph: networkx projections of a real store, statistics, paths as sentences, exports and pictures."""

from __future__ import annotations

import json
import random
import re
import xml.etree.ElementTree as ET

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.analysis import draw, film_person_graph, shortest_path, stats
from kg.analysis.paths import find_node
from kg.analysis.render import render
from kg.errors import InputError
from kg.store import open_store
from tests.conftest import SAMPLE, SHARED, needs_shared, one_line_error, run_kg

# Invented films and people. Tomas Verlaine links the first two films; Salt Hollow stands apart.
REVIEWS = {
    "glass-river.txt": "Glass River (1998)\nhttps://example.org/a\n"
                       '"Glass River," a film by Odile Marchetti with Tomas Verlaine, runs 97 minutes. '
                       "Marchetti also wrote the screenplay, and it was photographed by Lucan Ferro.\n",
    "paper-lantern.txt": "Paper Lantern (2004)\nhttps://example.org/b\n"
                         '"Paper Lantern," a film by Hana Solberg with Tomas Verlaine and Ines Abara, is patient. '
                         "It is based on the novel by Hana Solberg, and Ines Abara plays Mara Quell.\n",
    "salt-hollow.txt": "Salt Hollow (2011)\nhttps://example.org/c\n"
                       '"Salt Hollow," a film by Greta Lindqvist with Milo Quist, is brisk.\n',
}
HOSTILE = ['Tomas" } INSERT DATA { <urn:a> <urn:b> "c" } #', "{}}", "} INSERT DATA {", "Verlaine'); DROP ALL; --",
           "<urn:kg:person:ines-abara>", "?x"]


@pytest.fixture(scope="module")
def reviews(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reviews")
    for name, text in REVIEWS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def store(reviews, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "store"
    built = run_kg("build", reviews, "--store", path)
    assert built.returncode == 0, built.stderr
    return path


def test_stats(store):
    result = run_kg("graph", "stats", "--store", store, "-f", "json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert (figures["reviews"], figures["films"], figures["people"]) == (3, 3, 7)
    assert figures["projections"] == {"film-person": {"nodes": 10, "edges": 8},
                                      "collaboration": {"nodes": 7, "edges": 7},
                                      "review-film": {"nodes": 6, "edges": 3}}
    assert figures["components"] == {"count": 2, "largest": 7, "sizes": [7, 3]}
    assert figures["most_connected_people"][0] == {"name": "Tomas Verlaine", "films": 2, "collaborators": 4}
    assert figures["most_between_people"][0]["name"] == "Tomas Verlaine"
    assert figures["betweenness_sampled"] is None
    assert [(f["title"], f["reviews"]) for f in figures["most_reviewed_films"]] == [
        ("Glass River", 1), ("Paper Lantern", 1), ("Salt Hollow", 1)]
    text = run_kg("graph", "stats", "--store", store).stdout.decode()
    assert "film-person" in text and "Tomas Verlaine" in text and "2 connected components" in text
    assert stats(str(store)) == figures  # the API takes the store's folder too


def test_path_is_told_in_sentences(store):
    result = run_kg("graph", "path", "odile marchetti", "Ines  Abara", "--store", store)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().splitlines() == [
        "Odile Marchetti directed and wrote Glass River, in which Tomas Verlaine acted.",
        "Tomas Verlaine acted in Paper Lantern, in which Ines Abara acted.",
    ]
    assert shortest_path(str(store), "Glass River", "Hana Solberg") == [
        "Tomas Verlaine acted in Glass River.",
        "Tomas Verlaine acted in Paper Lantern, which Hana Solberg directed and wrote the book behind.",
    ]
    crew = run_kg("graph", "path", "urn:kg:person:lucan-ferro", "Tomas Verlaine", "--store", store)  # by IRI
    assert crew.stdout.decode() == "Lucan Ferro shot Glass River, in which Tomas Verlaine acted.\n"


def test_no_path_unknown_and_hostile_names(store):
    none = run_kg("graph", "path", "Odile Marchetti", "Milo Quist", "--store", store)
    assert none.returncode == 1 and "no chain" in one_line_error(none)
    typo = run_kg("graph", "path", "Ines Abarra", "Milo Quist", "--store", store)
    assert typo.returncode == 2 and "did you mean Ines Abara?" in one_line_error(typo)
    before = len(ox.Store.read_only(str(store)))
    for name in HOSTILE:  # in the API: each as either end of a path, and as what to draw
        for call in (lambda n: shortest_path(store, n, "Ines Abara"), lambda n: shortest_path(store, "Ines Abara", n),
                     lambda n: draw(n, "x.svg", store=store)):
            with pytest.raises(InputError, match="no person or film of that name in the store"):
                call(name)
    for action in (["path", HOSTILE[0], "Ines Abara"], ["path", "Ines Abara", HOSTILE[2]],
                   ["draw", HOSTILE[1], "-o", "x.svg"]):
        result = run_kg("graph", *action, "--store", store)
        assert result.returncode == 2, (action, result.stderr)
        assert "no person or film of that name in the store" in one_line_error(result)
    assert len(ox.Store.read_only(str(store))) == before


def test_an_ambiguous_name_is_refused_with_its_candidates(tmp_path):
    folder = tmp_path / "reviews"
    folder.mkdir()
    for year, director in (("1971", "Ansel Brandt"), ("2009", "Yara Okonjo")):
        (folder / f"{year}.txt").write_text(f"Night Harbor ({year})\nhttps://example.org/{year}\n"
                                            f'"Night Harbor," a film by {director}, is slow.\n', encoding="utf-8")
    assert run_kg("build", folder, "--store", tmp_path / "s").returncode == 0
    result = run_kg("graph", "path", "night harbor", "Ansel Brandt", "--store", tmp_path / "s")
    assert result.returncode == 2
    error = one_line_error(result)
    assert "names 2 nodes" in error and "urn:kg:movie:night-harbor-1971" in error
    assert "urn:kg:movie:night-harbor-2009" in error
    chosen = run_kg("graph", "path", "urn:kg:movie:night-harbor-1971", "Ansel Brandt", "--store", tmp_path / "s")
    assert chosen.stdout.decode() == "Ansel Brandt directed Night Harbor.\n"
    graph = nx.Graph()
    graph.add_node("urn:a", kind="film", label="Crash")
    graph.add_node("urn:b", kind="film", label="CRASH ")
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
        data = json.loads(out.read_text())
        assert set(data) >= {"nodes", "links"}  # d3's names
        graph = nx.node_link_graph(data, edges="links")
    expected = {"film-person": (10, 8), "collaboration": (7, 7), "review-film": (6, 3)}[projection]
    assert (graph.number_of_nodes(), graph.number_of_edges()) == expected
    assert all("label" in data and "kind" in data for _, data in graph.nodes(data=True))
    if projection == "film-person":
        edge = graph.edges["urn:kg:person:odile-marchetti", "urn:kg:movie:glass-river-1998"]
        assert edge["roles"] == "director, screenwriter"
        assert graph.edges["urn:kg:person:ines-abara", "urn:kg:movie:paper-lantern-2004"]["characters"] == "Mara Quell"


def test_export_to_stdout(store):
    result = run_kg("graph", "export", "--store", store)
    assert result.returncode == 0 and ET.fromstring(result.stdout).tag.endswith("graphml")


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
    # A Wikidata link (kg link's graph) is not a resolution link: local nodes keep their own IRIs.
    writer = open_store(tmp_path / "s")
    writer.replace_graph("urn:kg:graph:links", "<urn:kg:movie:glass-river-1998> "
                         "<http://schema.org/sameAs> <http://www.wikidata.org/entity/Q999999999999> .\n")
    del writer  # releases the store's write lock
    graph = film_person_graph(open_store(tmp_path / "s", read_only=True))
    assert [n for n, d in graph.nodes(data=True) if d["label"] == "Glass River"] == ["urn:kg:movie:glass-river-1998"]


def _check_picture(path, drawing):
    """Legible (no label over another, no line through a label) and a valid file."""
    assert drawing.overlapping_labels() == []
    assert drawing.lines_crossing_labels() == []
    data = path.read_bytes()
    if path.suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    elif path.suffix == ".svg":
        assert ET.fromstring(data).tag.endswith("svg")
    else:
        page = data.decode()
        assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "wheel" in page
        assert not re.search(r"""src=|@import|href=["']?(https?:)?//""", page)  # nothing fetched: works offline


@pytest.mark.parametrize("suffix", [".svg", ".png", ".html"])
def test_the_sample_review_picture_is_legible(tmp_path, suffix):
    out = tmp_path / f"sample{suffix}"
    drawing = draw(str(SAMPLE), out)
    _check_picture(out, drawing)
    labels = {t.get_text() for t in drawing.texts}
    assert {"reviews", "mentions", "director", "Never Let Me Go", "Keira Knightley", "film", "person"} <= labels
    assert any(label.startswith("actor as") for label in labels)
    result = run_kg("graph", "draw", SAMPLE, "-o", tmp_path / f"cli{suffix}")
    assert result.returncode == 0 and (tmp_path / f"cli{suffix}").stat().st_size > 1000


def test_a_review_picture_routes_an_edge_across_a_column(reviews, tmp_path):
    # Hana Solberg directed the film and wrote its book: her node moves one column past the book's,
    # and the film's edge to her runs through a row kept empty in the book's column.
    out = tmp_path / "lantern.png"
    drawing = draw(str(reviews / "paper-lantern.txt"), out)
    _check_picture(out, drawing)
    column = drawing.layout.columns
    assert column["urn:kg:person:hana-solberg"] == column["urn:kg:work:hana-solberg-book"] + 1
    assert "Mara Quell" not in {t.get_text() for t in drawing.texts}  # said once, in "actor as Mara Quell"
    piped = run_kg("graph", "draw", "-", "-o", tmp_path / "stdin.svg", input=REVIEWS["salt-hollow.txt"].encode())
    assert piped.returncode == 0, piped.stderr
    assert ET.fromstring((tmp_path / "stdin.svg").read_bytes()).tag.endswith("svg")


def test_an_entity_neighbourhood_picture(store, tmp_path):
    out = tmp_path / "verlaine.html"
    drawing = draw("tomas verlaine", out, store=store, depth=2)
    _check_picture(out, drawing)
    assert {"Glass River", "Paper Lantern", "Ines Abara", "Lucan Ferro", "cinematographer"} <= {
        t.get_text() for t in drawing.texts}
    assert "Milo Quist" not in {t.get_text() for t in drawing.texts}
    small = run_kg("graph", "draw", "Glass River", "--store", store, "--depth", "1", "-o", tmp_path / "g.png")
    assert small.returncode == 0 and (tmp_path / "g.png").read_bytes().startswith(b"\x89PNG")
    for args, message in ((["Nobody Here", "-o", tmp_path / "x.svg"], "no person or film"),
                          (["Glass River", "-o", tmp_path / "x.pdf"], ".svg, .png or .html"),
                          ([tmp_path / "missing.txt", "-o", tmp_path / "x.svg"], "no such review file")):
        refused = run_kg("graph", "draw", *args, "--store", store)
        assert refused.returncode == 2 and message in one_line_error(refused)
    assert run_kg("graph", "draw", "Glass River", "--depth", "-1", "-o", tmp_path / "x.svg").returncode == 2


def test_layouts_of_random_graphs_stay_legible():
    kinds = ["film", "person", "work", "event", "place", "character"]
    words = "Amber Basalt Cinder Dune Ember Fjord Grove Harbor Iris Juniper Kestrel Lumen Marrow Nectar".split()
    rng = random.Random(7)
    for size in (5, 15, 30, 45):
        tree = nx.random_labeled_tree(size, seed=size)
        picture = nx.DiGraph()
        for node in tree:
            label = " ".join(rng.choice(words) for _ in range(rng.randint(1, 5)))
            picture.add_node(str(node), kind=rng.choice(kinds), label=label)
        extra = [(str(rng.randrange(size)), str(rng.randrange(size))) for _ in range(size // 3)]
        for a, b in [*((str(a), str(b)) for a, b in nx.bfs_edges(tree, 0)), *extra]:
            if a != b and not picture.has_edge(b, a):
                picture.add_edge(a, b, role=rng.choice(["actor", "director", "actor as " + rng.choice(words)]))
        drawing = render(picture, "0", f"random tree of {size}")
        assert drawing.overlapping_labels() == [] and drawing.lines_crossing_labels() == [], size


def _connected_through_one_person(graph):
    import itertools

    import networkx as nx

    for hub, data in sorted(graph.nodes(data=True)):
        if data["kind"] != "person" or graph.degree(hub) < 2:
            continue
        films = sorted(graph.neighbors(hub))
        for first, second in itertools.pairwise(films):
            for a in sorted(p for p in graph.neighbors(first) if p != hub and not graph.has_edge(p, second)):
                for b in sorted(p for p in graph.neighbors(second) if p != hub and not graph.has_edge(p, first)):
                    paths = list(nx.all_shortest_paths(graph, a, b))
                    if len(paths[0]) == 5 and all(hub in path for path in paths):
                        yield hub, a, b


@needs_shared
def test_on_the_sample_and_shared_reviews_together(tmp_path):
    store_path = tmp_path / "store"
    built = run_kg("build", SAMPLE, SHARED / "corpus" / "ebert", "--store", store_path, timeout=600)
    assert built.returncode == 0, built.stderr
    store = open_store(store_path, read_only=True)
    graph = film_person_graph(store)
    # A connection the store must know: a person on two films, and someone else on each of them,
    # whose every shortest connection goes through that person.
    hub, a, b = next(_connected_through_one_person(graph))
    told = run_kg("graph", "path", graph.nodes[a]["label"], graph.nodes[b]["label"], "--store", store_path)
    assert told.returncode == 0, told.stderr
    lines = told.stdout.decode().splitlines()
    assert len(lines) == 2 and graph.nodes[hub]["label"] in lines[0] and graph.nodes[hub]["label"] in lines[1]
    figures = json.loads(run_kg("graph", "stats", "--store", store_path, "-f", "json").stdout)
    assert figures["reviews"] == 89 and len(figures["most_connected_people"]) == 10
    # Ebert reviews' pictures stay legible too: the first, and the longest.
    reviews = sorted((SHARED / "corpus" / "ebert").glob("*.txt"))
    for review in (reviews[0], max(reviews, key=lambda p: p.stat().st_size)):
        out = tmp_path / f"{review.stem}.png"
        _check_picture(out, draw(str(review), out))
    out = tmp_path / "hub.png"
    _check_picture(out, draw(graph.nodes[hub]["label"], out, store=store, depth=2))
