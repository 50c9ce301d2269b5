"""kg list shows what a store holds; kg remove takes the files, folders and globs kg build takes,
whether or not the files are still there."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import pytest

from kg.store.serve import oxigraph_command
from tests.conftest import SAMPLE, one_line_error, run_kg

REVIEW = (
    "{title} ({year})\n"
    '"{title}," a film by Odile Marchetti with Tomas Verlaine and Ines Abara. Verlaine plays Captain '
    "Arlo Brisk. It runs 97 minutes and is rated PG-13.\n"
)


@pytest.fixture
def built(tmp_path):
    """A store of four reviews: the sample, a/one.txt, a/two.txt and b/deep/three.txt (cwd: tmp_path)."""
    for name, title, year in (("a/one.txt", "Harbor Lights", 2019), ("a/two.txt", "Paper Hours", 2016),
                              ("b/deep/three.txt", "Winter Ledger", 2015)):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(REVIEW.format(title=title, year=year), encoding="utf-8")
    (tmp_path / "sample.txt").write_bytes(SAMPLE.read_bytes())
    result = run_kg("build", "a", "b", "sample.txt", "--store", "kg-store", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


def listed(root) -> list[dict[str, str]]:
    result = run_kg("list", "--store", "kg-store", "-f", "csv", cwd=root)
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"))))


def remove(root, *reviews: str):
    return run_kg("remove", *reviews, "--store", "kg-store", cwd=root)


def test_list_shows_review_film_date_and_issues(built):
    rows = listed(built)
    assert [r["review"] for r in rows] == ["a/one.txt", "a/two.txt", "b/deep/three.txt", "sample.txt"]
    assert [r["film"] for r in rows] == ["Harbor Lights", "Paper Hours", "Winter Ledger", "Never Let Me Go"]
    assert rows[3]["date"].startswith("2011-01-22")
    assert rows[0]["date"] == ""  # the invented reviews give none
    issues = json.loads(run_kg("query", "queries/issues.rq", "--store", built / "kg-store", "-f", "json",
                               cwd=SAMPLE.parents[1]).stdout)["results"]["bindings"]
    per_graph = {}
    for issue in issues:
        per_graph[issue["graph"]["value"]] = per_graph.get(issue["graph"]["value"], 0) + 1
    assert sorted(int(r["issues"]) for r in rows) == sorted([*per_graph.values(), *[0] * (4 - len(per_graph))])


def test_list_of_an_empty_or_missing_store(tmp_path):
    result = run_kg("list", "--store", tmp_path / "none")
    assert result.returncode == 4 and "no store here" in one_line_error(result)


def test_remove_a_folder(built):
    result = remove(built, "a")
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode().splitlines() == ["kg: removed a/one.txt", "kg: removed a/two.txt"]
    assert [r["review"] for r in listed(built)] == ["b/deep/three.txt", "sample.txt"]


def test_remove_by_glob_after_the_files_are_gone(built):
    for name in ("a/one.txt", "a/two.txt"):
        (built / name).unlink()
    assert remove(built, "a/*.txt").returncode == 0
    assert remove(built, "**/three.txt").returncode == 0
    assert [r["review"] for r in listed(built)] == ["sample.txt"]


def test_remove_a_file_by_its_absolute_path(built):
    assert remove(built, str(built / "sample.txt")).returncode == 0
    assert "sample.txt" not in [r["review"] for r in listed(built)]


def test_remove_what_is_not_there_is_one_line_per_name(built):
    result = remove(built, "c/*.txt", "a/one.txt")
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == ["kg: c/*.txt: not in the store kg-store", "kg: removed a/one.txt"]
    assert len(listed(built)) == 3


def test_list_and_remove_on_a_remote_store(built, tmp_path):
    """The same over SPARQL 1.1: a real `oxigraph serve` on loopback as the store."""
    from tests.test_serve import free_port, wait_until_listening

    port = free_port()
    server = subprocess.Popen([oxigraph_command(), "serve", "--location", str(tmp_path / "remote"),
                               "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_listening(port, server)
        assert run_kg("build", "a", "b", "--store", url, cwd=built).returncode == 0
        rows = list(csv.DictReader(io.StringIO(run_kg("list", "--store", url, "-f", "csv").stdout.decode())))
        assert [(r["review"], r["film"]) for r in rows] == [
            ("a/one.txt", "Harbor Lights"), ("a/two.txt", "Paper Hours"), ("b/deep/three.txt", "Winter Ledger")]
        assert run_kg("remove", "b/**", "--store", url, cwd=built).returncode == 0
        rows = list(csv.DictReader(io.StringIO(run_kg("list", "--store", url, "-f", "csv").stdout.decode())))
        assert [r["review"] for r in rows] == ["a/one.txt", "a/two.txt"]
    finally:
        server.terminate()
        server.wait(timeout=30)
