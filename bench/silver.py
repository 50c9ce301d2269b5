"""Check extraction on the Ebert reviews that have no gold file, against IMDb/TMDb credits.

    python bench/silver.py [--shared ../shared] [-v]

The tables list the directors, writers and the top-billed cast of each film, so a director or
screenwriter the tables lack is very likely wrong, while an actor they lack may be a supporting
player: the actor figure is a lower bound on precision. Reviews with gold files are left out.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import kg
from kg.graph.evaluate import found_facts

RELATIONS = {"director": ("directors",), "screenwriter": ("writers",), "actor": ("cast",)}


def norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().replace(".", " ").split())


def credits(shared: Path) -> dict[str, dict[str, set[str]]]:
    table: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for name in ("cs839_imdb_movies_ebert_subset.tsv", "cs839_tmdb_movies_ebert_subset.tsv"):
        with open(shared / "corpus" / "metadata" / name, encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                file = Path(row["review_file"]).name
                for column in ("directors", "writers", "cast"):
                    table[file][column] |= {norm(n) for n in (row[column] or "").split(";") if n.strip()}
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    shared = Path(args.shared)
    gold_documents = {Path(json.loads(p.read_text())["document"]).name for p in (shared / "gold").glob("*.json")}
    table = credits(shared)
    counts = defaultdict(lambda: [0, 0])  # confirmed, unconfirmed
    for review in sorted((shared / "corpus" / "ebert").glob("*.txt")):
        if review.name in gold_documents or review.name not in table:
            continue
        graph = kg.extract(str(review)).graph
        known = table[review.name]
        for relation, columns in RELATIONS.items():
            expected = set().union(*(known[c] for c in columns))
            if not expected:
                continue
            for values in found_facts(graph, relation).values():
                ok = norm(values[0]) in expected
                counts[relation][0 if ok else 1] += 1
                if not ok and args.verbose:
                    print(f"  unconfirmed {relation}: {values[0]}  ({review.name})")
    for relation, (ok, other) in counts.items():
        total = ok + other
        print(f"{relation:14} {ok:4} confirmed / {total:4} found  precision >= {ok / total if total else 1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
