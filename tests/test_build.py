"""Building: parallel extraction, incremental rebuilds, removal, resuming after SIGKILL, and one writer."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from kg import api
from kg.store.build import graph_name_of
from tests.conftest import SAMPLE, one_line_error, run_kg

FIRST = ["Odile", "Tomas", "Ines", "Rufus", "Hana", "Milo", "Greta", "Anselm", "Priya", "Lorcan", "Yara", "Bastien"]
LAST = ["Marchetti", "Verlaine", "Abara", "Kettering", "Solberg", "Quist", "Okafor", "Lindqvist", "Dervish", "Palmer"]
WORDS = ["Harbor", "Lights", "Winter", "Orchard", "Glass", "River", "Signal", "Lantern", "Quiet", "Northern"]


def invented_review(number: int) -> str:
    """A short review in a common critic's voice, with invented names that vary with `number`."""
    pick = random.Random(number)
    director, actor, other, writer = (f"{pick.choice(FIRST)} {pick.choice(LAST)}" for _ in range(4))
    title = f"{pick.choice(WORDS)} {pick.choice(WORDS)} {number}"
    year = 1990 + number % 30
    return (
        f"{title} ({year})\nhttps://example.org/reviews/{number}\n"
        f'"{title}," a film by {director} with {actor} and {other}, is based on the novel by {writer}. '
        f"{actor.split()[1]} plays Captain Arlo Brisk with a tired charm. It runs {80 + number % 60} minutes.\n"
    )


def write_reviews(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / f"review-{n:03}.txt" for n in range(count)]
    for number, file in enumerate(files):
        file.write_text(invented_review(number), encoding="utf-8")
    return files


def graph_quads(path: Path) -> dict[str, set[str]]:
    """Each named graph of a store, its blank nodes canonically labelled (validation reports have
    them), without the build time (which differs run to run)."""
    store = ox.Store.read_only(str(path))
    graphs: dict[str, list[str]] = {}
    for quad in store:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            continue  # derived from the named graphs: see default_graph_is_the_union
        if not quad.predicate.value.endswith("builtAt"):
            triple = ox.Triple(quad.subject, quad.predicate, quad.object)
            graphs.setdefault(quad.graph_name.value, []).append(f"{triple} .")
    canonical = {}
    for name, lines in graphs.items():
        graph = to_canonical_graph(Graph().parse(data="\n".join(lines), format="nt"))
        canonical[name] = {" ".join(term.n3() for term in triple) for triple in graph}
    return canonical


def store_quads(path: Path) -> dict[str, set[str]]:
    return graph_quads(path)


def default_graph_is_the_union(path: Path) -> bool:
    """The store's default graph holds exactly the set of triples of all its named graphs."""
    store = ox.Store.read_only(str(path))
    default, named = set(), set()
    for quad in store:
        triple = str(ox.Triple(quad.subject, quad.predicate, quad.object))
        (default if isinstance(quad.graph_name, ox.DefaultGraph) else named).add(triple)
    return default == named


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_reviews(folder, 80)
    (folder / "sample.txt").write_bytes(SAMPLE.read_bytes())
    return folder


@pytest.fixture(scope="module")
def clean_build(corpus, tmp_path_factory) -> tuple[Path, float]:
    """A sequential build of the corpus, and how long it took."""
    store = tmp_path_factory.mktemp("clean") / "store"
    started = time.monotonic()
    result = run_kg("build", corpus, "--store", store, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return store, time.monotonic() - started


def test_parallel_build_stores_the_same_graphs_as_a_sequential_one(corpus, clean_build, tmp_path):
    store = tmp_path / "parallel"
    result = run_kg("build", corpus, "--store", store, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "81 stored" in result.stderr.decode()
    assert store_quads(store) == store_quads(clean_build[0])


def test_unchanged_reviews_are_skipped_and_a_changed_one_replaced(corpus, tmp_path):
    folder = tmp_path / "reviews"
    files = write_reviews(folder, 6)
    store = tmp_path / "store"
    assert run_kg("build", folder, "--store", store).returncode == 0
    before = graph_quads(store)

    again = run_kg("build", folder, "--store", store)
    assert "6 skipped" in again.stderr.decode()
    assert graph_quads(store) == before

    files[2].write_text(invented_review(2).replace("tired charm", "weary grace"), encoding="utf-8")
    changed = run_kg("build", folder, "--store", store)
    assert "1 stored, 5 skipped" in changed.stderr.decode(), changed.stderr
    after = graph_quads(store)
    name = graph_name_of(str(files[2]))
    assert after.keys() == before.keys()  # replaced, not added beside the old one
    assert after[name] != before[name]
    assert any("weary grace" in quad for quad in after[name])
    assert not any("tired charm" in quad for quad in after[name])
    assert default_graph_is_the_union(store)
    assert {k: v for k, v in after.items() if not k.startswith(name)} == {
        k: v for k, v in before.items() if not k.startswith(name)
    }


def test_changed_settings_rebuild_what_they_change(tmp_path):
    folder = tmp_path / "reviews"
    write_reviews(folder, 3)
    store = tmp_path / "store"
    assert run_kg("build", folder, "--store", store).returncode == 0
    result = run_kg("build", folder, "--store", store, "--min-confidence", "0.9")
    assert "3 stored" in result.stderr.decode()
    assert "3 stored" in run_kg("build", folder, "--store", store, "--force", "--min-confidence", "0.9").stderr.decode()


def test_remove_deletes_one_review_and_its_report(tmp_path):
    folder = tmp_path / "reviews"
    files = write_reviews(folder, 3)
    store = tmp_path / "store"
    assert run_kg("build", folder, "--store", store).returncode == 0
    result = run_kg("remove", files[1], "--store", store)
    assert result.returncode == 0, result.stderr
    graphs = graph_quads(store)
    name = graph_name_of(str(files[1]))
    assert name not in graphs and f"{name}/report" not in graphs
    assert len(graphs) == 4
    assert default_graph_is_the_union(store)
    missing = run_kg("remove", files[1], "--store", store)
    assert missing.returncode == 2 and "not in the store" in one_line_error(missing)
    # The next build puts it back, and only it.
    assert "1 stored, 2 skipped" in run_kg("build", folder, "--store", store).stderr.decode()


def test_the_api_builds_in_parallel_and_reports_each_review(corpus, clean_build, tmp_path):
    seen = []
    summary = api.build([str(corpus)], store=str(tmp_path / "store"), jobs=2, on_result=seen.append)
    assert summary.count("stored") == 81 and len(seen) == 81
    assert store_quads(tmp_path / "store") == store_quads(clean_build[0])


def test_jobs_must_be_positive(corpus, tmp_path):
    result = run_kg("build", corpus, "--store", tmp_path / "s", "--jobs", "0")
    assert result.returncode == 2 and "--jobs" in one_line_error(result)


@pytest.mark.parametrize("run", range(4))
def test_a_build_killed_at_any_point_leaves_whole_reviews_and_the_next_completes_it(run, corpus, clean_build,
                                                                                   tmp_path):
    store = tmp_path / "store"
    clean = store_quads(clean_build[0])
    command = [sys.executable, "-m", "kg.cli", "build", str(corpus), "--store", str(store), "--jobs", "1"]
    # Kill it at a random point of a build, from start-up to near its end; the machine is shared, so
    # when a build ends first, try again sooner.
    fraction = random.Random(run).uniform(0.1, 0.9)
    for _ in range(4):
        shutil.rmtree(store, ignore_errors=True)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(fraction * clean_build[1])
        process.send_signal(signal.SIGKILL)
        if process.wait() == -signal.SIGKILL:
            break
        fraction /= 2
    else:
        pytest.fail("every build ended before it was killed")
    if (store / "CURRENT").exists():  # killed after the database was created
        partial = store_quads(store)
        # Each review present is present whole: its graph as a clean build has it, and its report.
        for name, quads in partial.items():
            assert quads == clean[name], f"{name} is half-written"
        for name in partial:  # every review's graph has its report (the resolution graph is no review's)
            if not name.endswith(("/report", "graph:resolution")):
                assert f"{name}/report" in partial
        assert default_graph_is_the_union(store)
    resumed = run_kg("build", corpus, "--store", store, "--jobs", "1")
    assert resumed.returncode == 0, resumed.stderr
    assert store_quads(store) == clean
    assert default_graph_is_the_union(store)


def test_two_builds_on_one_store_never_corrupt_it(corpus, clean_build, tmp_path):
    store = tmp_path / "store"
    command = [sys.executable, "-m", "kg.cli", "build", str(corpus), "--store", str(store), "--jobs", "1"]
    first = subprocess.Popen(command, stderr=subprocess.PIPE)
    time.sleep(1.0)
    second = subprocess.run(command, capture_output=True, timeout=120)
    first_err = first.communicate(timeout=120)[1].decode()
    outcomes = sorted([first.returncode, second.returncode])
    if outcomes == [0, 4]:  # one held the lock: the other failed fast, naming it
        loser = second if second.returncode == 4 else first
        message = loser.stderr.decode() if loser is second else first_err
        assert "lock" in message.lower() and len(message.strip().splitlines()) == 1
    else:  # they ran one after the other
        assert outcomes == [0, 0], (first_err, second.stderr)
    resumed = run_kg("build", corpus, "--store", store)
    assert resumed.returncode == 0
    assert store_quads(store) == store_quads(clean_build[0])
    assert default_graph_is_the_union(store)


def test_progress_is_silent_in_a_pipe(corpus, tmp_path):
    result = run_kg("build", corpus, "--store", tmp_path / "s")
    assert result.stdout == b""
    assert len(result.stderr.decode().strip().splitlines()) == 1  # the summary line only
    assert os.path.isdir(tmp_path / "s")
