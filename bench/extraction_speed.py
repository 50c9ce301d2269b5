"""Extraction speed beside a tokenizer-only pass over the same texts, measured side by side.

    python bench/extraction_speed.py [--shared ../shared] [--rounds 5]

Reads every review of the shared corpus (and the bundled sample) once, then alternates rounds
of (a) spaCy's blank English tokenizer alone and (b) kg's whole extraction of a Document (facts
with provenance and the rdflib graph), on the same texts in the same process. The machines are
shared and noisy, so what counts is the ratio within each round; the median round is reported.
Target: extraction at least 0.35 as fast as the tokenizer-only pass.
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
    ratios, tokenize_times, extract_times = [], [], []
    for _ in range(args.rounds):
        tokenize = timed(lambda: [nlp.make_doc(d.text) for d in docs])
        extract = timed(lambda: [extract_document(d) for d in docs])
        tokenize_times.append(tokenize)
        extract_times.append(extract)
        ratios.append(tokenize / extract)
    tokenize, extract = statistics.median(tokenize_times), statistics.median(extract_times)
    print(f"{len(docs)} reviews, {characters:,} characters, {args.rounds} rounds")
    print(f"tokenizer only   {len(docs) / tokenize:8.1f} reviews/s  ({tokenize * 1000 / len(docs):.1f} ms/review)")
    print(f"kg extraction    {len(docs) / extract:8.1f} reviews/s  ({extract * 1000 / len(docs):.1f} ms/review)")
    ratio = statistics.median(ratios)
    print(f"ratio            {ratio:8.2f}   (rounds: {', '.join(f'{r:.2f}' for r in ratios)}; target >= {TARGET})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
