"""`kg export` in every format beside Turtle, on the same store, measured side by side.

    python bench/export_formats.py [--reviews 20] [--runs N]

Builds a store of the bundled sample and the first shared Ebert reviews (or, without ../shared,
the sample alone), then times `kg export -f FORMAT` end to end (median of N runs, each a fresh
process) and prints each format's ratio to Turtle's. Target: JSON-LD at most twice Turtle's time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-m", "kg.cli"]
FORMATS = ["turtle", "nt", "nquads", "trig", "json-ld"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    reviews = [ROOT / "data" / "sample-review.txt"]
    reviews += sorted((ROOT.parent / "shared" / "corpus" / "ebert").glob("*.txt"))[: args.reviews - 1]
    with tempfile.TemporaryDirectory() as folder:
        store = str(Path(folder) / "kg-store")
        subprocess.run([*KG, "build", *map(str, reviews), "--store", store], check=True, stderr=subprocess.DEVNULL)
        times: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
        sizes = {}
        for _ in range(args.runs):  # formats interleaved, so that a busy moment hits them all alike
            for fmt in FORMATS:
                started = time.perf_counter()
                out = subprocess.run([*KG, "export", "--store", store, "-f", fmt], check=True, capture_output=True)
                times[fmt].append(time.perf_counter() - started)
                sizes[fmt] = len(out.stdout)
    turtle = statistics.median(times["turtle"])
    print(f"{len(reviews)} reviews")
    print(f"{'format':8} {'median':>8} {'size':>10} {'/ turtle':>9}")
    for fmt in FORMATS:
        seconds = statistics.median(times[fmt])
        print(f"{fmt:8} {seconds:7.3f}s {sizes[fmt]:>10,} {seconds / turtle:8.2f}x")
    ratio = statistics.median(times["json-ld"]) / turtle
    print(f"json-ld / turtle: {ratio:.2f} (target: at most 2.00) {'met' if ratio <= 2 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
