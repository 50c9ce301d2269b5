"""Entity resolution across reviews: one IRI per person and film, films told apart by year or director."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest

from kg.graph.rdf import DEFAULT_BASE
from kg.store import open_store
from kg.store.resolve import resolution_graph
from tests.conftest import SAMPLE, SHARED, needs_shared, run_kg

SAME_AS = "http://schema.org/sameAs"


def links(store_path) -> set[tuple[str, str]]:
    store = ox.Store.read_only(str(store_path))
    graph = ox.NamedNode(resolution_graph(DEFAULT_BASE))
    quads = store.quads_for_pattern(None, ox.NamedNode(SAME_AS), None, graph)
    return {(q.subject.value, q.object.value) for q in quads}


def write(folder, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def reviews(tmp_path):
    folder = tmp_path / "reviews"
    write(folder, "a.txt", "Glass River (1998)\nhttps://example.org/a\n"
          '"Glass River," a film by Odile Marchetti with Tomas Verlaine, runs 97 minutes.\n')
    write(folder, "b.txt", "Paper Lantern (2004)\nhttps://example.org/b\n"
          '"Paper Lantern," a film by Hana Solberg with Tomas Verlaine. Like Odile Marchetti\'s "Glass River," it '
          "is patient.\n")
    return folder


def test_a_film_named_without_its_year_is_linked_to_the_one_film_of_that_title(reviews, tmp_path):
    store = tmp_path / "store"
    assert run_kg("build", reviews, "--store", store).returncode == 0
    assert (f"{DEFAULT_BASE}movie:glass-river", f"{DEFAULT_BASE}movie:glass-river-1998") in links(store)
    # The actor of both reviews is one node.
    people = ox.Store.read_only(str(store)).query(
        'SELECT DISTINCT ?p WHERE { ?p <http://schema.org/name> "Tomas Verlaine" }', use_default_graph_as_union=True)
    assert len(list(people)) == 1


@pytest.mark.parametrize("left_by", ["a build killed before its links", "links of fewer reviews"])
def test_links_left_stale_are_recomputed_by_a_build_with_nothing_else_to_do(reviews, tmp_path, left_by):
    store = tmp_path / "store"
    assert run_kg("build", reviews, "--store", store).returncode == 0
    clean = links(store)
    assert clean
    stale = ""  # a build killed after its last review and before the links has none
    if left_by == "links of fewer reviews":
        fewer = tmp_path / "fewer"
        assert run_kg("build", reviews / "b.txt", "--store", fewer).returncode == 0
        stale = "".join(f"<{a}> <{SAME_AS}> <{b}> .\n" for a, b in links(fewer))
    opened = open_store(str(store))
    opened.replace_graph(resolution_graph(DEFAULT_BASE), stale)
    opened.flush()
    del opened
    assert links(store) != clean
    rebuilt = run_kg("build", reviews, "--store", store)
    assert rebuilt.returncode == 0 and "2 skipped" in rebuilt.stderr.decode()
    assert links(store) == clean


def test_two_films_of_one_title_stay_apart_unless_the_director_tells(reviews, tmp_path):
    write(reviews, "c.txt", "Glass River (2016)\nhttps://example.org/c\n"
          '"Glass River," a film by Greta Lindqvist with Ines Abara, runs 101 minutes.\n')
    store = tmp_path / "store"
    assert run_kg("build", reviews, "--store", store).returncode == 0
    found = links(store)
    # Two yeared films of the title: the bare mention goes to the one its director made.
    assert (f"{DEFAULT_BASE}movie:glass-river", f"{DEFAULT_BASE}movie:glass-river-1998") in found
    assert not any(b.endswith("glass-river-2016") and a.endswith("glass-river") for a, b in found)
    assert (f"{DEFAULT_BASE}movie:glass-river-1998", f"{DEFAULT_BASE}movie:glass-river-2016") not in found


def test_links_are_recomputed_not_piled_up(reviews, tmp_path):
    store = tmp_path / "store"
    assert run_kg("build", reviews, "--store", store).returncode == 0
    before = links(store)
    assert run_kg("build", reviews, "--store", store, "--force").returncode == 0
    assert links(store) == before
    assert run_kg("remove", reviews / "a.txt", "--store", store).returncode == 0
    assert links(store) == set()  # the yeared film is gone with its review


def test_same_name_in_conflicting_roles_is_not_merged_on_the_name_alone(tmp_path):
    folder = tmp_path / "reviews"
    write(folder, "a.txt", "Glass River (1998)\nhttps://example.org/a\n"
          '"Glass River," a film by Odile Marchetti with Tomas Verlaine. The score is by Ada Moreau.\n')
    write(folder, "b.txt", "Paper Lantern (2004)\nhttps://example.org/b\n"
          '"Paper Lantern," a film by Hana Solberg with Ada Moreau and Tomas Verlaine, is patient.\n')
    store = tmp_path / "store"
    assert run_kg("build", folder, "--store", store).returncode == 0
    composer, actor = f"{DEFAULT_BASE}person:ada-moreau.composer", f"{DEFAULT_BASE}person:ada-moreau"
    people = ox.Store.read_only(str(store)).query(
        'SELECT DISTINCT ?p WHERE { ?p <http://schema.org/name> "Ada Moreau" }', use_default_graph_as_union=True)
    assert {row["p"].value for row in people} == {composer, actor}
    assert links(store) == set()  # a composer and an actor, no film in common: two people

    # A third review gives evidence: the actor's film is scored by an Ada Moreau, and the film's
    # novelist shares the first review's director's name but no film with her: still apart.
    write(folder, "c.txt", "Paper Lantern (2004)\nhttps://example.org/c\n"
          '"Paper Lantern," directed by Hana Solberg, is patient, and its music by Ada Moreau is spare. '
          "It is based on the novel by Odile Marchetti.\n")
    assert run_kg("build", folder, "--store", store).returncode == 0
    found = links(store)
    assert (actor, composer) in found and (composer, actor) in found
    assert not any("odile-marchetti" in a for a, _ in found)

    # In one review, one name is one person, whatever its roles: the film IRI.
    write(folder, "d.txt", "Salt Hollow (2011)\nhttps://example.org/d\n"
          '"Salt Hollow," a film by Greta Lindqvist, with music by Greta Lindqvist, is brisk.\n')
    assert run_kg("build", folder, "--store", store).returncode == 0
    people = ox.Store.read_only(str(store)).query(
        'SELECT DISTINCT ?p WHERE { ?p <http://schema.org/name> "Greta Lindqvist" }', use_default_graph_as_union=True)
    assert [row["p"].value for row in people] == [f"{DEFAULT_BASE}person:greta-lindqvist"]


@needs_shared
def test_across_the_shared_reviews_each_recurring_name_is_one_node(tmp_path):
    store_path = tmp_path / "store"
    result = run_kg("build", SAMPLE, SHARED / "corpus" / "ebert", "--store", store_path, timeout=600)
    assert result.returncode == 0, result.stderr
    store = ox.Store.read_only(str(store_path))
    rows = store.query("SELECT ?g ?p ?name WHERE { GRAPH ?g { ?p a <http://schema.org/Person> ; "
                       "<http://schema.org/name> ?name } }")
    graphs_of, iris_of = defaultdict(set), defaultdict(set)
    for row in rows:
        if "/character/" in row["p"].value:  # characters are local to their review
            continue
        graphs_of[row["name"].value].add(row["g"].value)
        iris_of[row["name"].value].add(row["p"].value)
    recurring = [name for name, graphs in graphs_of.items() if len(graphs) > 1]
    assert len(recurring) >= 10
    # One IRI per name and role family: film roles, composer, source author (see kg.graph.rdf.role_families).
    for name in recurring:
        families = {iri.rsplit(".", 1)[-1] if "." in iri.rsplit(":", 1)[-1] else "film" for iri in iris_of[name]}
        assert len(families) == len(iris_of[name]), iris_of[name]
    assert len(links(store_path)) >= 10  # films named in passing, linked to their reviewed, yeared selves
