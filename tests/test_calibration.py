"""Confidence means precision: each rule's confidence is what bench/calibrate.py measured on the
development gold, written into data/rule-confidence.tsv, and that table is current."""

from __future__ import annotations

import subprocess
import sys

from kg.extract.confidence import measured
from kg.extract.review_facts import extract_facts
from kg.sources.document import Document
from tests.conftest import ROOT, needs_shared

HEADER = "The Salt Road (2004)\nhttps://example.org/reviews/the-salt-road\n"


def confidence_of(body: str, relation: str, rule: str) -> float:
    facts = extract_facts(Document.from_text(HEADER + body, "test"))
    (fact,) = [f for f in facts if f.relation == relation and f.rule == rule]
    return fact.confidence


def test_a_facts_confidence_is_its_rules_measured_precision():
    table = measured()
    assert ("role.paren", "role") in table
    assert confidence_of("Rosa Marr (Ilse Brandt) runs the ferry.", "role", "role.paren") == table[
        ("role.paren", "role")]


def test_a_rule_the_gold_never_exercised_keeps_the_rule_books_confidence():
    from kg.extract.rulebook import CONFIDENCE

    assert ("cast.cue", "actor") not in measured()
    assert confidence_of("It introduces the actor Mia Sol, a find.", "actor", "cast.cue") == CONFIDENCE["cast.cue"]


def test_the_table_holds_one_precision_per_rule_and_relation():
    lines = [line.split("\t") for line in (ROOT / "data" / "rule-confidence.tsv").read_text().splitlines()
             if line and not line.startswith("#")]
    assert len({(rule, relation) for rule, relation, *_ in lines}) == len(lines) > 40
    assert all(0.0 < float(precision) <= 1.0 and int(correct) + int(wrong) > 0
               for _, _, precision, correct, wrong in lines)


@needs_shared
def test_the_shipped_table_is_what_the_gold_measures_now():
    """Rules changed without re-running bench/calibrate.py would carry stale confidences."""
    ran = subprocess.run([sys.executable, ROOT / "bench" / "calibrate.py", "--dry-run"], capture_output=True,
                         text=True, timeout=900, cwd=ROOT)
    assert ran.returncode == 0, ran.stderr
    shipped = (ROOT / "data" / "rule-confidence.tsv").read_text(encoding="utf-8")
    assert ran.stdout == shipped, "data/rule-confidence.tsv is stale: run python bench/calibrate.py"
