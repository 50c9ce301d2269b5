"""Shared test helpers: run the real `kg` command in a subprocess, find ../shared when present."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "data" / "sample-review.txt"


def run_kg(
    *args: str, cwd: Path | None = None, input: bytes | None = None, env: dict | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    # A deprecation warning in the command fails it, as in pytest itself (pyproject.toml).
    env = {**(os.environ if env is None else env), "PYTHONWARNINGS": "error::DeprecationWarning"}
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *map(str, args)],
        capture_output=True,
        cwd=cwd,
        input=input,
        env=env,
        timeout=timeout,
    )


def one_line_error(result: subprocess.CompletedProcess) -> str:
    """The stderr of a failed run: exactly one line, no traceback."""
    err = result.stderr.decode("utf-8", "replace").strip()
    assert result.returncode != 0, "expected a failure"
    assert "Traceback" not in err, err
    assert len(err.splitlines()) == 1, err
    return err


OX_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "nquads": "N_QUADS", "trig": "TRIG", "json-ld": "JSON_LD"}


def refuse_remote(url: str, options: dict | None = None):
    """A pyld document loader that fails on any fetch: what it reads must carry its context inline."""
    raise RuntimeError(f"a remote document was asked for: {url}")


def parsed_graph(data: bytes, fmt: str):
    """RDF text in one of kg's formats as one rdflib graph (every named graph merged), parsed without
    rdflib's deprecated dataset parsers: pyoxigraph reads it (JSON-LD expanded by pyld first, with no
    remote document allowed)."""
    import json

    import pyoxigraph as ox

    if fmt == "json-ld":
        from pyld import jsonld

        data = json.dumps(jsonld.expand(json.loads(data), {"documentLoader": refuse_remote})).encode()
    return rdflib_graph(ox.parse(data, format=getattr(ox.RdfFormat, OX_FORMATS[fmt])))


def rdflib_graph(quads):
    """pyoxigraph quads (of any graphs) as one rdflib graph of their triples, through N-Triples."""
    import pyoxigraph as ox
    from rdflib import Graph

    triples = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    graph = Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", format="nt")
    return graph


NO_NETWORK = """# Installed by tests.conftest.no_network_env: every attempt to reach the network fails.
import socket


def _refuse(*args, **kwargs):
    raise OSError("network access in a no-network test")


socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.getaddrinfo = _refuse
socket.create_connection = _refuse
"""


def no_network_env(folder: Path) -> dict:
    """Environment for a subprocess in which any network access fails (a sitecustomize module)."""
    import os

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(folder), env.get("PYTHONPATH", "")) if p)
    probe = subprocess.run([sys.executable, "-c", "import socket; socket.getaddrinfo('schema.org', 443)"],
                           env=env, capture_output=True, text=True)
    assert "network access in a no-network test" in probe.stderr, probe.stderr  # the guard is in place
    return env


@pytest.fixture
def kg():
    return run_kg


needs_shared = pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="../shared is not present")


# Public example pages that are no film review and whose markup does not say what they review:
# kg refuses them ("not a film review"), as it refuses any text that is not a film review.
NOT_FILM_REVIEWS: dict[str, str] = {
    "eg-0468.jsonld.html": "a phone review whose Review names no reviewed item",
    "misc__null_ld_mock.html": "a placeholder review (lorem ipsum) of nothing named",
}
