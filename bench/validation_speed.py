"""Validation time per review beside extraction time per review, measured side by side.

    python bench/validation_speed.py [--reviews N]

Over the bundled sample and the shared Ebert reviews: for each review, extraction (text to
graph) and then validation of that review's own graph with the model profile, timed in the same
run, so that the ratio holds whatever else the machine is doing. Validation runs on each review's
graph as it is built, so its cost follows the review, never the store.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import kg
from kg.graph.validate import validate_graph

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=89)
    args = parser.parse_args()
    reviews = [ROOT / "data" / "sample-review.txt"]
    reviews += sorted((ROOT.parent / "shared" / "corpus" / "ebert").glob("*.txt"))
    reviews = reviews[: args.reviews]
    kg.extract(str(reviews[0]))  # load the pipeline and shapes once, outside the timings
    validate_graph(kg.extract(str(reviews[0])).graph)
    extraction, validation, triples = [], [], []
    for path in reviews:
        started = time.perf_counter()
        review = kg.extract(str(path))
        extracted = time.perf_counter()
        validate_graph(review.graph)
        validated = time.perf_counter()
        extraction.append(extracted - started)
        validation.append(validated - extracted)
        triples.append(len(review.graph))
    print(f"{len(reviews)} reviews, {statistics.mean(triples):.0f} triples per review on average")
    print(f"extraction per review: median {statistics.median(extraction) * 1000:7.1f} ms")
    print(f"validation per review: median {statistics.median(validation) * 1000:7.1f} ms")
    ratio = sum(validation) / sum(extraction)
    print(f"validation / extraction: {ratio:.2f} (target: at most 1.00)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
