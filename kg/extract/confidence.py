"""Rule confidence: each rule's measured precision on the development gold.

`bench/calibrate.py` extracts every review that has gold facts, scores the facts of each rule on
their own against the gold, and writes each (rule, relation) pair's precision into
`data/rule-confidence.tsv`. A fact's confidence is that precision; a rule the gold never
exercised keeps the confidence its author gave it in the rule book.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

TABLE = "rule-confidence.tsv"


@lru_cache(maxsize=1)
def measured() -> dict[tuple[str, str], float]:
    """(rule, relation) -> measured precision, from the shipped table (empty when absent)."""
    try:
        text = resources.files("kg.data").joinpath(TABLE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    table = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            rule, relation, precision, *_ = line.split("\t")
            table[(rule, relation)] = float(precision)
    return table


def calibrated(rule: str, relation: str, stated: float) -> float:
    """The confidence of a fact of `relation` made by `rule`: its measured precision if the
    development gold measured it, else the confidence the rule book states."""
    return measured().get((rule, relation), stated)
