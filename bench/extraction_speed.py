"""Extraction speed beside a tokenizer-only pass over the same texts, measured side by side.

    python bench/extraction_speed.py [--shared ../shared] [--rounds 5]

Reads every review of the shared corpus (and the bundled sample) once, then alternates rounds of
(a) spaCy's blank English tokenizer alone, (b) extraction (the extract stage: a Document to its
facts, each with its span, rule and confidence; tokenizing included) and (c) extraction with the
RDF mapping after it (kg.api.extract_document: the rdflib graph with every statement's
provenance), on the same texts in the same process, each warm. The machines are shared and noisy,
so what counts is the ratio within a round; the median round is reported. Target: extraction at
least 0.35 as fast as the tokenizer-only pass.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.api import extract_document  # noqa: E402
from kg.errors import KgError  # noqa: E402
from kg.extract.nlp import pipeline  # noqa: E402
from kg.extract.review_facts import extract_facts  # noqa: E402
from kg.sources import load  # noqa: E402

TARGET = 0.35


def documents(shared: Path) -> list:
    paths = [ROOT / "data" / "sample-review.txt"]
    if shared.is_dir():
        paths += sorted((shared / "corpus" / "ebert").glob("*.txt"))
        paths += sorted((shared / "corpus" / "more").glob("*/*.txt"))
    found = []
    for path in paths:
        try:
            document = load(str(path))
            extract_document(document)
        except KgError:
            continue
        found.append(document)
    return found


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    docs = documents(Path(args.shared))
    nlp = pipeline()
    characters = sum(len(d.text) for d in docs)
    times: dict[str, list[float]] = {"tokenize": [], "extract": [], "graph": []}
    for _ in range(args.rounds):
        times["tokenize"].append(timed(lambda: [nlp.make_doc(d.text) for d in docs]))
        times["extract"].append(timed(lambda: [extract_facts(d) for d in docs]))
        times["graph"].append(timed(lambda: [extract_document(d) for d in docs]))
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"{len(docs)} reviews, {characters:,} characters, {args.rounds} rounds")
    lines = [("tokenizer only", "tokenize"), ("extraction (facts)", "extract"),
             ("extraction + RDF graph", "graph")]
    for label, name in lines:
        per_review = median[name] * 1000 / len(docs)
        print(f"{label:24} {len(docs) / median[name]:7.1f} reviews/s  ({per_review:5.1f} ms/review)")
    for label, name in lines[1:]:
        ratios = [tokenize / other for tokenize, other in zip(times["tokenize"], times[name], strict=True)]
        rounds = ", ".join(f"{r:.2f}" for r in ratios)
        target = f"   target >= {TARGET}" if name == "extract" else ""
        print(f"ratio, {label:24} {statistics.median(ratios):5.2f}   (rounds: {rounds}){target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
