"""Shared test helpers: run the real `kg` command in a subprocess, find ../shared when present."""

from __future__ import annotations

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


def readable(data: bytes, rdflib_format: str) -> str:
    """RDF text rdflib can parse offline: JSON-LD is expanded first with schema.org's shipped context
    (rdflib would fetch https://schema.org/, and the test machines have no network)."""
    if rdflib_format != "json-ld":
        return data.decode("utf-8")
    import json

    from pyld import jsonld

    from kg.serialize import offline_loader

    return json.dumps(jsonld.expand(json.loads(data), {"documentLoader": offline_loader}))


@pytest.fixture
def kg():
    return run_kg


needs_shared = pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="../shared is not present")
