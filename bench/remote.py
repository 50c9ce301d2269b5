"""Remote stores beside the embedded one: the same archive built into each, measured in one run.

    python bench/remote.py [--reviews 1000] [--jobs N] [--repeats 21]

Writes an archive of N reviews with bench/scale.py's writer (the sample and the shared reviews,
every name invented), then, for the embedded store and for each server — Oxigraph's (`oxigraph
serve`) and Virtuoso Open Source 7 (`virtuoso-t`, Debian's virtuoso-opensource), each started on
loopback with a new database as the tests start them (tests/sparql_servers.py) — measures:

- `kg build` end to end (extraction on every core, validation, the store's writes, resolution):
  reviews per second;
- the store's writes alone: the same prepared reviews written in kg build's batches
  (`put_reviews`), quads per second (every quad written, the merged graph's too);
- `kg export -f nquads`: quads per second;
- one-entity queries (each query of queries/ with a commented `VALUES` line, given a value from the
  store, as a page about one film or person asks): median and 95th percentile latency, from the
  Python API (`kg.api.query`, over HTTP for a server), the rows read.

Each figure is printed beside the embedded store's as a ratio. The machines are shared: read ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale import query_texts, write_corpus  # noqa: E402
from kg.store import open_store  # noqa: E402
from kg.store.build import WRITE_BATCH, BuildSettings, _prepare_all, review_files, source_hash  # noqa: E402
from tests.sparql_servers import oxigraph_server, virtuoso_server  # noqa: E402

STORES = ("embedded", "oxigraph", "virtuoso")
# Virtuoso's buffer pool: about 800 MB (8 KB pages), as its documentation sizes it for a few GB of RAM.
VIRTUOSO_BUFFERS = 100_000


@contextlib.contextmanager
def store_spec(kind: str, folder: Path):
    """A new, empty store of `kind`: its folder, or the URL of a server that runs until the block ends."""
    folder.mkdir(parents=True)
    if kind == "embedded":
        yield str(folder / "store")
    elif kind == "oxigraph":
        with oxigraph_server(folder / "oxigraph") as url:
            yield url
    else:
        with virtuoso_server(folder / "virtuoso", buffers=VIRTUOSO_BUFFERS) as virtuoso:
            yield virtuoso.url


def kg(*args: str) -> float:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True)
    if result.returncode != 0:
        raise SystemExit(f"kg {' '.join(args[:2])} failed: {result.stderr.decode()[-2000:]}")
    return time.perf_counter() - started


def prepare(folder: Path, jobs: int) -> list:
    """Every review extracted and validated once, as kg build hands them to the store."""
    settings = BuildSettings()
    files = list(review_files([str(folder)]))
    tasks = [(file, settings, source_hash(file, settings.max_bytes)) for file in files]
    return [(p.graph_name, p.graph_nt, p.report_nt, p.meta) for p in _prepare_all(tasks, jobs) if p.graph_name]


def load(store, prepared: list) -> float:
    started = time.perf_counter()
    for first in range(0, len(prepared), WRITE_BATCH):
        store.put_reviews(prepared[first:first + WRITE_BATCH])
    store.flush()
    return time.perf_counter() - started


def written_quads(store) -> int:
    """Every quad the store holds for kg: the named graphs and the merged graph."""
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return len(store) + int(next(iter(rows))["n"].value)


def entity_queries(store) -> list[tuple[str, str]]:
    """The one-entity variants of queries/ (bench/scale.py), with values from this store."""
    return [(name, text) for name, text in query_texts(store) if "(one " in name]


def latencies(store, texts: list[tuple[str, str]], repeats: int) -> dict[str, tuple[float, float, int]]:
    figures = {}
    for name, text in texts:
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            results = store.query(text)
            rows = sum(1 for _ in results)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        figures[name] = (statistics.median(times), times[int(0.95 * (len(times) - 1))], rows)
    return figures


def measure(kind: str, corpus: Path, prepared: list, jobs: int, repeats: int, work: Path,
            texts: list[tuple[str, str]] | None) -> dict:
    """One store's figures; the queries are `texts`, or (None) this store's one-entity queries."""
    figures: dict = {}
    with store_spec(kind, work / f"{kind}-load") as spec:  # the writes alone, into a new store
        store = open_store(spec)
        figures["load_s"] = load(store, prepared)
        figures["quads"] = written_quads(store)
        del store
    with store_spec(kind, work / f"{kind}-build") as spec:  # kg build end to end, then reads
        figures["build_s"] = kg("build", str(corpus), "--store", spec, "--jobs", str(jobs))
        figures["export_s"] = kg("export", "--store", spec, "-f", "nquads", "-o", str(work / f"{kind}.nq"))
        with open(work / f"{kind}.nq", "rb") as exported:
            figures["export_quads"] = sum(1 for line in exported if line.strip())
        store = open_store(spec, read_only=True)
        figures["texts"] = texts or entity_queries(store)
        figures["queries"] = latencies(store, figures["texts"], repeats)
        del store
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=None, help="kg build --jobs (default: every core)")
    parser.add_argument("--repeats", type=int, default=21, help="runs of each query")
    args = parser.parse_args()
    jobs = args.jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="kg-bench-remote-") as folder:
        work = Path(folder)
        corpus = work / "corpus"
        corpus.mkdir()
        write_corpus(corpus, args.reviews)
        prepared = prepare(corpus, jobs)
        results: dict = {}
        for kind in STORES:  # the embedded store first: its values name the entities every store is asked
            texts = results["embedded"]["texts"] if results else None
            results[kind] = measure(kind, corpus, prepared, jobs, args.repeats, work, texts)
    report(results, args.reviews, jobs)
    return 0


def report(results: dict, reviews: int, jobs: int) -> None:
    base = results["embedded"]
    print(f"== {reviews:,} reviews, kg build --jobs {jobs}; in brackets, the figure over the embedded store's: "
          "throughput above 1 is faster, latency above 1 slower ==")
    print(f"{'':28}" + "".join(f"{kind:>22}" for kind in STORES))

    def row(label: str, values: list[str]) -> None:
        print(f"{label:28}" + "".join(f"{value:>22}" for value in values))

    row("kg build reviews/s", [f"{reviews / r['build_s']:.1f} ({base['build_s'] / r['build_s']:.2f}x)"
                               for r in results.values()])
    base_rate = base["quads"] / base["load_s"]
    row("store writes quads/s", [f"{r['quads'] / r['load_s']:,.0f} ({r['quads'] / r['load_s'] / base_rate:.2f}x)"
                                 for r in results.values()])
    row("  quads written", [f"{r['quads']:,}" for r in results.values()])
    row("kg export quads/s", [f"{r['export_quads'] / r['export_s']:,.0f} ({base['export_s'] / r['export_s']:.2f}x)"
                              for r in results.values()])
    for name in base["queries"]:
        medians = [f"{r['queries'][name][0]:.1f} ms ({r['queries'][name][0] / base['queries'][name][0]:.1f}x)"
                   for r in results.values()]
        row(f"{name} median", medians)
        row("  p95, rows", [f"{r['queries'][name][1]:.1f} ms, {r['queries'][name][2]}" for r in results.values()])


if __name__ == "__main__":
    sys.exit(main())
