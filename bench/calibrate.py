"""Measure each rule's precision on the development gold and write it into the rule book.

    python bench/calibrate.py [--shared ../shared] [--curve docs/precision-recall.png] [--dry-run]

For every review with gold facts, the facts of each rule are written on their own into a graph
(beside the reviewed film) and scored against the gold as `kg eval` scores a whole review; a
(rule, relation) pair's precision is its correct facts over all it stated, smoothed toward the
rule book's stated confidence when it stated few (an m-estimate with m = 2). The table goes to
data/rule-confidence.tsv, which kg reads at run time (kg/extract/confidence.py). With --curve,
it then measures precision and recall over confidence thresholds and draws the curve.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.confidence import TABLE, measured  # noqa: E402
from kg.extract.review_facts import _deduplicate, candidate_facts  # noqa: E402
from kg.graph import rdf  # noqa: E402
from kg.graph.evaluate import evaluate, score_graph  # noqa: E402
from kg.sources import load  # noqa: E402

M_ESTIMATE = 2  # pseudo-observations at the stated confidence
THRESHOLDS = [0.0, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]
# The relation kg eval scores each fact under (kg/graph/evaluate.py), by the fact's relation.
SCORED_AS = {
    "actor": ["actor"], "role": ["role"], "character": ["character"], "director": ["director"],
    "director@other": ["otherFilm.director"], "screenwriter": ["screenwriter"], "composer": ["composer"],
    "producer": ["producer"], "crew": ["cinematographer"], "basedOn": ["basedOn.author", "basedOn.name"],
    "premiere": ["premiere"], "release": ["release"], "runEnd": ["runEnd"], "runtime": ["runtime"],
    "contentRating": ["contentRating"], "review.author": ["review.author"], "review.rating": ["review.rating"],
    "review.datePublished": ["review.datePublished"], "itemReviewed": ["itemReviewed"], "film.year": ["film.year"],
    "productionCompany": ["productionCompany"],
}


def gold_files(shared: Path) -> list[Path]:
    return sorted((shared / "gold").glob("*.json")) + sorted((shared / "gold" / "more").glob("*.json"))


def key_of(fact) -> str:
    return fact.relation if fact.film is None else f"{fact.relation}@other"


def rule_counts(shared: Path) -> dict[tuple[str, str], list[int]]:
    """(rule, relation) -> [correct, wrong] over all gold reviews."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for path in gold_files(shared):
        gold = json.loads(path.read_text(encoding="utf-8"))
        document = load(str(shared / gold["document"]))
        document.source = gold["document"]
        facts = candidate_facts(document)
        base = [f for f in facts if f.relation == "itemReviewed"][:1]
        base_counts, _ = score_graph(gold, rdf.to_graph(document, base))
        by_rule = defaultdict(list)
        for fact in facts:
            by_rule[fact.rule].append(fact)
        for rule, own in by_rule.items():
            graph = rdf.to_graph(document, _deduplicate(base + own))
            scored, _ = score_graph(gold, graph)
            for key in {key_of(f) for f in own}:
                for relation in SCORED_AS.get(key, []):
                    tp = scored[relation][0] - (0 if key == "itemReviewed" else base_counts[relation][0])
                    fp = scored[relation][1] - (0 if key == "itemReviewed" else base_counts[relation][1])
                    counts[(rule, key)][0] += max(tp, 0)
                    counts[(rule, key)][1] += max(fp, 0)
    return counts


def stated_confidences(shared: Path) -> dict[tuple[str, str], float]:
    """The confidence each (rule, relation) has without the table: what the rule book states."""
    measured.cache_clear()
    table = ROOT / "data" / TABLE
    saved = table.read_bytes() if table.exists() else None
    table.unlink(missing_ok=True)
    try:
        stated = {}
        for path in gold_files(shared):
            gold = json.loads(path.read_text(encoding="utf-8"))
            for fact in candidate_facts(load(str(shared / gold["document"]))):
                stated.setdefault((fact.rule, key_of(fact)), fact.confidence)
        return stated
    finally:
        if saved is not None:
            table.write_bytes(saved)
        measured.cache_clear()


def write_table(counts, stated, path: Path) -> None:
    lines = [
        "# rule\trelation\tprecision\tcorrect\twrong. Written by bench/calibrate.py from the development gold;",
        f"# precision = (correct + {M_ESTIMATE} x stated confidence) / (correct + wrong + {M_ESTIMATE}).",
    ]
    for (rule, relation), (tp, fp) in sorted(counts.items()):
        if tp + fp == 0:
            continue
        prior = stated.get((rule, relation), 0.5)
        precision = (tp + M_ESTIMATE * prior) / (tp + fp + M_ESTIMATE)
        lines.append(f"{rule}\t{relation}\t{precision:.3f}\t{tp}\t{fp}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def curve(shared: Path, picture: Path | None) -> list[tuple[float, float, float, int]]:
    golds = [str(p) for p in gold_files(shared)]
    points = []
    for threshold in THRESHOLDS:
        result = evaluate(golds, min_confidence=threshold, documents_root=str(shared))
        points.append((threshold, result["precision"], result["recall"], result["tp"]))
        print(f"min-confidence {threshold:4.2f}  precision {result['precision']:.3f}  recall {result['recall']:.3f}"
              f"  f1 {result['f1']:.3f}  facts found {result['tp'] + result['fp']}")
    if picture is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        figure, axes = plt.subplots(figsize=(5.5, 4.2), dpi=110)
        axes.plot([r for _, _, r, _ in points], [p for _, p, _, _ in points], marker="o", color="#1f5f8b")
        for threshold, precision, recall, _ in points:
            axes.annotate(f"{threshold:g}", (recall, precision), textcoords="offset points", xytext=(4, 4), fontsize=7)
        axes.set_xlabel("recall")
        axes.set_ylabel("precision")
        axes.set_title("kg eval on all shared gold, by --min-confidence", fontsize=10)
        axes.grid(alpha=0.3)
        figure.tight_layout()
        figure.savefig(picture)
        print(f"wrote {picture}")
    return points


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--curve", metavar="PNG", help="also draw precision and recall over thresholds")
    parser.add_argument("--dry-run", action="store_true", help="print the table, do not write it")
    args = parser.parse_args()
    shared = Path(args.shared)
    stated = stated_confidences(shared)
    counts = rule_counts(shared)
    target = ROOT / "data" / TABLE
    if args.dry_run:
        target = Path("/dev/stdout")
    write_table(counts, stated, target)
    measured.cache_clear()
    if not args.dry_run:
        print(f"wrote {target.relative_to(ROOT)}: {sum(1 for c in counts.values() if sum(c))} rules measured")
    if args.curve:
        curve(shared, Path(args.curve))
    return 0


if __name__ == "__main__":
    sys.exit(main())
