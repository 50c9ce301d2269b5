"""Formats that travel: Turtle that diffs (grouped, prefixed, byte-identical run after run) and JSON-LD
that any reader turns back into the same graph on a machine without a network."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter

import pyoxigraph as ox
import pytest

from tests.conftest import SAMPLE, SHARED, needs_shared, no_network_env, one_line_error, run_kg

EXAMPLES = SHARED / "conformance" / "schemaorg_examples" / "split"

# Reads a JSON-LD file with rdflib and with pyld, neither allowed to fetch anything (the subprocess
# has no network either), and prints both readings as N-Quads; rdflib also reads kg's N-Quads of the
# same graph, since it writes some literals in its own canonical form ("Z" as "+00:00").
READ_BACK = r"""
import json, sys
from pyld import jsonld
from rdflib import Dataset

def refuse(url, options=None):
    raise RuntimeError("a remote document was asked for: " + url)

def rdflib_reading(path, rdf_format):
    dataset = Dataset()
    dataset.parse(path, format=rdf_format)
    return dataset.serialize(format="nquads")

document = json.load(open(sys.argv[1], encoding="utf-8"))
print(json.dumps({
    "pyld": jsonld.to_rdf(document, {"documentLoader": refuse, "format": "application/n-quads"}),
    "rdflib": rdflib_reading(sys.argv[1], "json-ld"),
    "rdflib of the N-Quads": rdflib_reading(sys.argv[2], "nquads"),
}))
"""


def canonical(nquads: str | bytes) -> set[str]:
    """The quads with blank nodes relabelled canonically (RDFC-1.0): equal sets mean equal datasets."""
    dataset = ox.Dataset(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}


def read_back(jsonld_file, nquads_file, tmp_path) -> dict[str, set[str]]:
    result = subprocess.run([sys.executable, "-c", READ_BACK, str(jsonld_file), str(nquads_file)],
                            capture_output=True, text=True, env=no_network_env(tmp_path / "offline"), timeout=300)
    assert result.returncode == 0, result.stderr
    readings = json.loads(result.stdout)
    return {reader: canonical(text) for reader, text in readings.items()}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("formats")
    (folder / "invented.txt").write_text(
        "Harbor Lights (2019)\nhttps://example.org/reviews/harbor-lights\n"
        '"Harbor Lights," a film by Odile Marchetti with Tomas Verlaine and Ines Abara, is based on the novel '
        "by Rufus Kettering. Verlaine plays Captain Arlo Brisk. It runs 97 minutes and is rated PG-13.\n",
        encoding="utf-8",
    )
    path = folder / "kg-store"
    result = run_kg("build", SAMPLE, folder / "invented.txt", "--store", path)
    assert result.returncode == 0, result.stderr
    return path


# --- Turtle ---------------------------------------------------------------------------------------


def test_turtle_is_the_same_bytes_whatever_the_hash_seed():
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = run_kg("extract", SAMPLE, "-f", "turtle", env=env)
        assert result.returncode == 0, result.stderr
        runs.append(result.stdout)
    assert runs[0] == runs[1]


def test_turtle_is_grouped_by_subject_with_prefixes():
    turtle = run_kg("extract", SAMPLE, "-f", "turtle").stdout.decode("utf-8")
    assert "@prefix schema: <http://schema.org/> ." in turtle
    assert "<http://schema.org/" not in turtle.split("\n", 6)[-1]  # the body uses the prefix
    subjects = [line.split(" ", 1)[0] for line in turtle.splitlines() if line and not line[0].isspace()
                and not line.startswith("@prefix")]
    assert len(subjects) > 20
    assert len(subjects) == len(set(subjects)), "a subject's statements are written together, once"
    # A subject's statements continue with ';' on indented lines.
    assert re.search(r"^<urn:kg:movie:never-let-me-go> a schema:Movie ;\n\t", turtle, flags=re.M)


def test_blank_nodes_get_the_same_labels_every_time():
    from rdflib import BNode, Graph, Literal, URIRef

    from kg.graph.serialize import canonical_order, serialize, to_oxigraph_quads

    def graph() -> Graph:
        g = Graph()
        rating = BNode()  # a fresh random label each time
        g.add((URIRef("urn:x:review"), URIRef("http://schema.org/reviewRating"), rating))
        g.add((rating, URIRef("http://schema.org/ratingValue"), Literal(4)))
        return g

    first, second = (serialize(canonical_order(to_oxigraph_quads(graph())), "turtle") for _ in range(2))
    assert first == second


# --- JSON-LD --------------------------------------------------------------------------------------


def test_extracted_jsonld_reads_back_offline_as_the_same_graph(tmp_path):
    jsonld_file, nquads_file = tmp_path / "sample.jsonld", tmp_path / "sample.nq"
    jsonld_file.write_bytes(run_kg("extract", SAMPLE, "-f", "json-ld").stdout)
    nquads_file.write_bytes(run_kg("extract", SAMPLE, "-f", "nquads").stdout)
    expected = canonical(nquads_file.read_bytes())
    assert len(expected) > 100
    readings = read_back(jsonld_file, nquads_file, tmp_path)
    assert readings["pyld"] == expected
    assert readings["rdflib"] == readings["rdflib of the N-Quads"]
    assert len(readings["rdflib"]) == len(expected)


def test_exported_jsonld_reads_back_offline_as_the_same_dataset(store, tmp_path):
    jsonld_file, nquads_file = tmp_path / "store.jsonld", tmp_path / "store.nq"
    assert run_kg("export", "--store", store, "-f", "json-ld", "-o", jsonld_file).returncode == 0
    assert run_kg("export", "--store", store, "-f", "nquads", "-o", nquads_file).returncode == 0
    expected = canonical(nquads_file.read_bytes())
    assert len({quad.rsplit(" ", 2)[-2] for quad in expected}) >= 4  # reviews and their reports, named
    readings = read_back(jsonld_file, nquads_file, tmp_path)
    assert readings["pyld"] == expected
    assert readings["rdflib"] == readings["rdflib of the N-Quads"]
    assert len(readings["rdflib"]) == len(expected)


def test_jsonld_is_what_pyld_compaction_writes(store):
    """kg writes compacted JSON-LD without pyld's general algorithms (for speed); the result is the
    same as pyld's fromRdf followed by compaction with the same context."""
    from pyld import jsonld

    from kg.graph.jsonld import DATA_CONTEXT, offline_loader, to_jsonld
    from kg.store.embedded import ReviewStore

    quads = list(ReviewStore(store, read_only=True).quads())
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    expanded = jsonld.from_rdf(nquads.replace("\u2028", "\\u2028"), {"format": "application/n-quads"})
    theirs = jsonld.compact(expanded, DATA_CONTEXT, {"documentLoader": offline_loader})

    def unordered(node):
        if isinstance(node, list):
            return sorted((unordered(n) for n in node), key=lambda n: json.dumps(n, sort_keys=True))
        if isinstance(node, dict):
            return {key: unordered(value) for key, value in node.items()}
        return node

    assert unordered(to_jsonld(quads)) == unordered(theirs)


def test_jsonld_with_an_unknown_remote_context_is_one_line(tmp_path):
    document = tmp_path / "other.jsonld"
    document.write_text(json.dumps({"@context": "https://example.org/context.jsonld", "@id": "urn:x", "name": "x"}))
    result = run_kg("validate", document, env=no_network_env(tmp_path / "offline"))
    assert result.returncode == 2
    assert "https://example.org/context.jsonld" in one_line_error(result)


@needs_shared
def test_schemaorg_examples_validate_offline_with_the_shipped_context(tmp_path):
    """Every JSON-LD example of schema.org (remote context https://schema.org) is read, and the film
    and review examples get the findings tests/test_shapes.py expects of them."""
    from tests.test_shapes import EXPECTED_EXAMPLES

    env = no_network_env(tmp_path / "offline")
    examples = sorted(EXAMPLES.glob("*.jsonld"))
    assert len(examples) >= 40
    for example in examples:
        result = run_kg("validate", example, "-f", "json", env=env)
        assert result.returncode in (0, 1), (example.name, result.stderr)
        if example.name in EXPECTED_EXAMPLES:
            found = Counter((r["severity"], _local_path(r["path"])) for r in json.loads(result.stdout)["results"])
            assert dict(found) == EXPECTED_EXAMPLES[example.name], example.name


def _local_path(label: str) -> str | None:
    """schema:director -> director; a path that is not one schema.org property -> None."""
    return label.removeprefix("schema:") if re.fullmatch(r"schema:\w+", label) else None
