"""The archive benchmark: a corpus of N reviews built side by side with the floors and the alternatives.

    python bench/scale.py [--sizes 1000 10000] [--jobs N]

For each size it writes N reviews to a temporary folder (variants of the bundled sample and, when
../shared is present, the shared Ebert reviews: every person the extractor finds, the film's title
and the years are replaced, so the archive has N films and many people recurring across them),
then prints, each measured in the same run on the same texts:

- extraction throughput, and its ratio to a tokenizer-only spaCy pass (the floor of any
  spaCy-based extractor);
- validation time per review;
- store load throughput (kg's per-review transactions, with reports), and its ratio to
  pyoxigraph's own bulk load of the same N-Quads;
- the whole build on the disk store against the same pipeline on rdflib's in-memory store (the
  same extraction and validation, then each store's load), and `kg build` end to end on all cores;
- latency (median, 95th percentile) of every query in queries/ on the built store;
- peak memory of `kg build` (a child process) and of rdflib holding the same quads.

The machines are shared: compare ratios, not absolute times.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
from rdflib import Dataset, URIRef  # noqa: E402

from kg.api import extract, extract_document  # noqa: E402
from kg.extract.nlp import pipeline  # noqa: E402
from kg.extract.review_facts import extract_facts  # noqa: E402
from kg.graph.rdf import SCHEMA  # noqa: E402
from kg.graph.sparql import bind_params  # noqa: E402
from kg.graph.validate import validate_graph  # noqa: E402
from kg.sources import load  # noqa: E402
from kg.store.build import WRITE_BATCH  # noqa: E402
from kg.store.embedded import ReviewStore  # noqa: E402

FIRST = ["Ada", "Bruno", "Celia", "Dmitri", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kaia", "Lorenzo",
         "Mira", "Nils", "Oona", "Pavel", "Quinn", "Rosa", "Soren", "Talia", "Umar", "Vera", "Wendell", "Xenia"]
LAST = ["Abernathy", "Brandvold", "Castellano", "Dunmore", "Eskildsen", "Fairweather", "Galloway", "Hollis",
        "Ivanova", "Jablonski", "Kowalczyk", "Lindgren", "Moreau", "Nakashima", "Okonkwo", "Pettersen", "Quiroga",
        "Rasmussen", "Sandoval", "Thorne", "Ulrich", "Valdez", "Whitcombe", "Yamamoto"]
WORDS = ["Harbor", "Winter", "Orchard", "Glass", "River", "Signal", "Lantern", "Quiet", "Northern", "Paper",
         "Salt", "Ember", "Hollow", "Silver", "Distant", "Crimson", "Last", "Iron", "Velvet", "Summer"]
YEAR = re.compile(r"\b(19[2-9]\d|20[0-2]\d)\b")


def templates() -> list[Path]:
    found = [ROOT / "data" / "sample-review.txt"]
    return found + sorted((ROOT.parent / "shared" / "corpus" / "ebert").glob("*.txt"))


def names_in(path: Path) -> tuple[str | None, list[str]]:
    """The reviewed film's title and the people the extractor finds in one template."""
    graph = extract(str(path)).graph
    people = sorted({str(n) for p in graph.subjects(predicate=None, object=SCHEMA.Person)
                     for n in graph.objects(p, SCHEMA.name)}, key=len, reverse=True)
    titles = [str(graph.value(film, SCHEMA.name)) for _, _, film in graph.triples((None, SCHEMA.itemReviewed, None))]
    return (titles[0] if titles else None), people


def write_corpus(folder: Path, size: int, seed: int = 7) -> list[Path]:
    """`size` variants of the templates: new names for people, a new title, shifted years. A pool of
    names smaller than the corpus makes people recur across reviews, as in a real archive."""
    pick = random.Random(seed)
    sources = [(path, path.read_text(encoding="utf-8"), *names_in(path)) for path in templates()]
    pool = [f"{first} {last}" for first in FIRST for last in LAST]
    files = []
    for number in range(size):
        path, text, title, people = sources[number % len(sources)]
        for person in people:
            replacement = pick.choice(pool)
            text = text.replace(person, replacement)
            surname, new_surname = person.split()[-1], replacement.split()[-1]
            if len(surname) > 3:
                text = re.sub(rf"\b{re.escape(surname)}\b", new_surname, text)
        if title:
            text = text.replace(title, f"{pick.choice(WORDS)} {pick.choice(WORDS)} {number}")
        shift = pick.randint(-15, 3)
        text = YEAR.sub(lambda m, shift=shift: str(int(m.group()) + shift), text)
        file = folder / f"review-{number:05}{path.suffix}"
        file.write_text(text, encoding="utf-8")
        files.append(file)
    return files


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def tree_rss_mib(root: int) -> float:
    """Resident memory of a process and its descendants, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0").strip() or 0), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total / 1024


def peak_rss_of(command: list[str]) -> tuple[float, float]:
    """Run a command; its wall time and the peak resident memory of its process tree in MiB (sampled)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mib(process.pid))
        time.sleep(0.2)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {process.returncode}")
    return time.perf_counter() - started, peak


# For a query's `VALUES ?var { UNDEF }` line (a --param): a value of the built store to bind there,
# so that the "one entity" variant (what a page about one film or person asks) is measured too.
ENTITY_VALUES = {
    "title": "SELECT ?v WHERE { ?r <http://schema.org/itemReviewed>/<http://schema.org/name> ?v } LIMIT 1",
    "director": "SELECT ?v WHERE { ?f <http://schema.org/director>/<http://schema.org/name> ?v } LIMIT 1",
    "composer": "SELECT ?v WHERE { ?f <http://schema.org/musicBy>/<http://schema.org/name> ?v } LIMIT 1",
    "country": "SELECT ?v WHERE { ?e <http://schema.org/location>/<http://schema.org/name> ?v } LIMIT 1",
    "screenwriter": "SELECT ?v WHERE { ?f a <http://schema.org/Movie> ; <http://schema.org/author>/"
                    "<http://schema.org/name> ?v } LIMIT 1",
    "p": "SELECT ?v WHERE { BIND (<http://schema.org/author> AS ?v) }",
}


def query_texts(store) -> list[tuple[str, str]]:
    """Every query of queries/, and, for those with a parameter kg query --param binds, that variant
    too with a value from the store: (name, text) pairs."""
    values = {}
    for variable, query in ENTITY_VALUES.items():
        found = next(iter(store.query(query)), None)
        if found is not None:
            term = found["v"]
            values[variable] = f"<{term.value}>" if isinstance(term, ox.NamedNode) else term.value
    texts = []
    for query_file in sorted((ROOT / "queries").glob("*.rq")):
        text = query_file.read_text(encoding="utf-8")
        texts.append((query_file.name, text))
        parameter = re.search(r"VALUES \?(\w+) \{ UNDEF \}", text)
        if parameter and parameter.group(1) in values:
            variable = parameter.group(1)
            texts.append((f"{query_file.stem} (one {variable})", bind_params(text, {variable: values[variable]})))
    return texts


def query_latencies(store_path: Path, repeats: int) -> dict[str, tuple[float, float]]:
    """Median and 95th percentile of every query of query_texts on the built store."""
    store = ReviewStore(store_path, read_only=True)
    latencies = {}
    for name, text in query_texts(store):
        times: list[float] = []
        budget = time.perf_counter() + 30  # archive-wide listings grow with N: at least 3 runs, then 30 s
        while len(times) < repeats and (len(times) < 3 or time.perf_counter() < budget):
            started = time.perf_counter()
            results = store.query(text)
            if not isinstance(results, bool):
                for _row in results:
                    pass
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        latencies[name] = (statistics.median(times), times[int(0.95 * (len(times) - 1))])
    return latencies


def load_kg(prepared: list, path: Path, dump: Path) -> tuple[int, float]:
    """kg's load, as kg build does it: batches of whole reviews (graph, report, build record), one
    transaction each; also dumps the result."""
    disk = ReviewStore(path)
    started = time.perf_counter()
    for first in range(0, len(prepared), WRITE_BATCH):
        disk.put_reviews(prepared[first:first + WRITE_BATCH])
    disk.flush()
    seconds = time.perf_counter() - started
    with open(dump, "wb") as out:
        disk._store.dump(out, ox.RdfFormat.N_QUADS)
    return len(disk._store), seconds  # every quad: the review graphs and the merged default graph


def load_raw(dump: Path, path: Path) -> float:
    """pyoxigraph's own bulk loader on the same quads: the fastest way into this store."""
    raw = ox.Store(str(path))
    started = time.perf_counter()
    raw.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    return time.perf_counter() - started


def run_size(size: int, jobs: int, work: Path) -> dict[str, float]:
    folder = work / f"corpus-{size}"
    folder.mkdir()
    files = write_corpus(folder, size)
    documents = [load(str(f)) for f in files]
    nlp = pipeline()
    extract_document(documents[0])  # load the rules and shapes outside the timings
    validate_graph(extract_document(documents[0]).graph)

    _, tokenize_seconds = timed(lambda: [nlp.make_doc(d.text) for d in documents])
    _, facts_seconds = timed(lambda: [extract_facts(d) for d in documents])
    reviews, extract_seconds = timed(lambda: [extract_document(d) for d in documents])
    reports, validate_seconds = timed(lambda: [validate_graph(r.graph) for r in reviews])

    prepared = [(r.graph_name, r.graph.serialize(format="nt"), rep.graph.serialize(format="nt"),
                 {"source": r.document.source, "contentHash": r.document.content_hash, "conforms": rep.conforms})
                for r, rep in zip(reviews, reports, strict=True)]
    dump = work / f"dump-{size}.nq"
    quad_count, kg_load_seconds = load_kg(prepared, work / f"load-{size}", dump)
    raw_load_seconds = load_raw(dump, work / f"raw-{size}")

    def load_rdflib():
        dataset = Dataset()
        for review, report in zip(reviews, reports, strict=True):  # the same replace-per-review semantics
            graph = dataset.graph(URIRef(review.graph_name))
            dataset.remove_graph(graph)
            graph = dataset.graph(URIRef(review.graph_name))
            for triple in review.graph:
                graph.add(triple)
            report_graph = dataset.graph(URIRef(f"{review.graph_name}/report"))
            for triple in report.graph:
                report_graph.add(triple)
        return dataset

    rss_before = tree_rss_mib(os.getpid())
    dataset, rdflib_load_seconds = timed(load_rdflib)
    rdflib_memory = tree_rss_mib(os.getpid()) - rss_before  # what holding the quads costs rdflib
    named_quads = sum(len(review.graph) + len(report.graph) for review, report in zip(reviews, reports, strict=True))
    del dataset

    build_store = work / f"build-{size}"
    build_seconds, build_peak = peak_rss_of([sys.executable, "-m", "kg.cli", "build", str(folder), "--store",
                                             str(build_store), "--jobs", str(jobs)])
    latencies = query_latencies(build_store, repeats=21)
    pipeline_seconds = extract_seconds + validate_seconds
    figures = {
        "reviews": size,
        "quads": quad_count,
        "tokenize_per_s": size / tokenize_seconds,
        "facts_per_s": size / facts_seconds,
        "extract_per_s": size / extract_seconds,
        "validate_ms": validate_seconds / size * 1000,
        "extract_ms": extract_seconds / size * 1000,
        "kg_load_quads_per_s": quad_count / kg_load_seconds,
        "raw_load_quads_per_s": quad_count / raw_load_seconds,
        "rdflib_load_quads_per_s": named_quads / rdflib_load_seconds,
        "kg_vs_rdflib_load": rdflib_load_seconds / kg_load_seconds,
        "pipeline_disk_s": pipeline_seconds + kg_load_seconds,
        "pipeline_rdflib_s": pipeline_seconds + rdflib_load_seconds,
        "kg_build_s": build_seconds,
        "kg_build_peak_mib": build_peak,
        "rdflib_peak_mib": rdflib_memory,
    }
    print_size(figures, latencies, jobs)
    shutil.rmtree(folder)
    return figures


def print_size(f: dict[str, float], latencies: dict[str, tuple[float, float]], jobs: int) -> None:
    print(f"\n== {f['reviews']:,} reviews, {f['quads']:,} quads written (graphs, reports, merged default graph) ==")
    print(f"extraction        {f['facts_per_s']:8.1f} reviews/s   tokenizer only {f['tokenize_per_s']:8.1f}/s   "
          f"ratio {f['facts_per_s'] / f['tokenize_per_s']:.2f} (target >= 0.35)")
    print(f"  + RDF graph     {f['extract_per_s']:8.1f} reviews/s   "
          f"ratio {f['extract_per_s'] / f['tokenize_per_s']:.2f} (facts to the rdflib graph with provenance)")
    print(f"validation        {f['validate_ms']:8.1f} ms/review   extraction {f['extract_ms']:.1f} ms/review   "
          f"ratio {f['validate_ms'] / f['extract_ms']:.2f} (target <= 1)")
    print(f"store load        {f['kg_load_quads_per_s']:8.0f} quads/s     pyoxigraph bulk load "
          f"{f['raw_load_quads_per_s']:8.0f}/s   ratio {f['kg_load_quads_per_s'] / f['raw_load_quads_per_s']:.2f} "
          "(target >= 0.7)")
    print(f"                  rdflib memory store {f['rdflib_load_quads_per_s']:8.0f} quads/s (graphs and reports "
          f"only)   kg is {f['kg_vs_rdflib_load']:.2f}x as fast")
    print(f"whole pipeline    disk store {f['pipeline_disk_s']:.1f} s   rdflib memory store "
          f"{f['pipeline_rdflib_s']:.1f} s   speed-up {f['pipeline_rdflib_s'] / f['pipeline_disk_s']:.2f}x "
          "(target >= 10; one process each)")
    print(f"kg build          {f['kg_build_s']:.1f} s with --jobs {jobs} "
          f"({f['reviews'] / f['kg_build_s']:.1f} reviews/s end to end)")
    print(f"memory            kg build peak {f['kg_build_peak_mib']:.0f} MiB (all processes)   rdflib holding "
          f"the same graphs {f['rdflib_peak_mib']:.0f} MiB")
    for name, (median, p95) in latencies.items():
        print(f"query {name:26} median {median:7.1f} ms   p95 {p95:7.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=None, help="kg build --jobs (default: every core)")
    args = parser.parse_args()
    jobs = args.jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as work:
        results = [run_size(size, jobs, Path(work)) for size in args.sizes]
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = last["reviews"] / first["reviews"]
        print(f"\n== from {first['reviews']:,} to {last['reviews']:,} reviews ({growth:g}x) ==")
        for key, label in [("extract_per_s", "extraction reviews/s"), ("validate_ms", "validation ms/review"),
                           ("kg_load_quads_per_s", "store load quads/s"), ("kg_build_s", "kg build seconds"),
                           ("kg_build_peak_mib", "kg build peak MiB"), ("rdflib_peak_mib", "rdflib peak MiB")]:
            print(f"{label:24} {first[key]:10.1f} -> {last[key]:10.1f}  ({last[key] / first[key]:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
