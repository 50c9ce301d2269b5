"""Start-up: `kg --help` and `kg --version` load no heavy library, `kg query` only the store's.
(The times themselves are measured in bench/startup.py; what is imported decides them.)"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLE, run_kg

HEAVY = {"rdflib", "pyoxigraph", "spacy", "pyshacl", "matplotlib", "networkx", "requests", "pyld", "trafilatura",
         "extruct", "rich"}


def heavy_modules_after(code: str) -> set[str]:
    """The heavy libraries a fresh interpreter has imported after running `code`."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return HEAVY & set(json.loads(result.stdout.splitlines()[-1]))


def test_the_command_line_and_its_parser_import_nothing_heavy():
    assert heavy_modules_after("import kg, kg.cli, kg.api\nkg.cli.parser()") == set()


def test_help_lists_every_command_and_version_answers():
    from kg.cli import COMMANDS

    help_text = run_kg("--help").stdout.decode()
    assert all(name in help_text for name in COMMANDS)
    assert run_kg("--version").stdout.decode().strip() == "kg 0.1.0"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("startup") / "kg-store"
    assert run_kg("build", SAMPLE, "--store", path).returncode == 0
    return path


def test_query_loads_the_store_and_nothing_else_heavy(store):
    argv = ["query", str(ROOT / "queries" / "cast.rq"), "--store", str(store), "-f", "csv"]
    assert heavy_modules_after(f"import kg.cli\nkg.cli.main({argv!r})") == {"pyoxigraph"}
