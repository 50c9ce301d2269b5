"""`kg eval`: its arithmetic on a hand-made review and gold file, and its report."""

from __future__ import annotations

import json

import pytest

from tests.conftest import one_line_error, run_kg

REVIEW = """Harbor Lights (2019)
https://example.org/reviews/harbor-lights
"Harbor Lights," a film by Odile Marchetti with Tomas Verlaine, is a patient drama. June (Ines Abara) keeps
the lighthouse. The score by Hana Solberg is spare. It runs 97 minutes.
"""


@pytest.fixture
def case(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "harbor.txt").write_text(REVIEW, encoding="utf-8")
    gold = {
        "document": "reviews/harbor.txt",
        "film": "Harbor Lights",
        "facts": [
            ["itemReviewed", "Harbor Lights"],  # found: tp
            ["director", "Odile Marchetti"],  # found: tp
            ["actor", "Tomas Verlaine"],  # found: tp
            ["actor", "Ines Abara"],  # found: tp
            ["role", "Ines Abara", ["June", "June Brisk"]],  # found: tp (first spelling)
            ["character", "June"],  # found: tp
            ["screenwriter", "Marta Ilves"],  # not in the text: fn
            ["runtime", "95"],  # found 97: fn and fp
        ],
        "optional": [["genre", "drama"]],
    }
    # The review names Hana Solberg as composer but this gold omits her: composer is a core
    # relation, so she counts as wrong (fp).
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path


def test_arithmetic_on_a_hand_made_case(case):
    result = run_kg("eval", case, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["tp"], report["fp"], report["fn"]) == (6, 2, 2)
    assert report["precision"] == 0.75  # 6 / (6 + 2)
    assert report["recall"] == 0.75  # 6 / (6 + 2)
    assert report["f1"] == 0.75
    relations = report["relations"]
    assert relations["runtime"] == {"tp": 0, "fp": 1, "fn": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert relations["composer"]["fp"] == 1 and relations["screenwriter"]["fn"] == 1
    wrong = {w["relation"]: w for w in report["per_document"][0]["wrong"]}
    assert "score by Hana Solberg" in wrong["composer"]["sentence"]


def test_text_report_lists_missed_and_wrong_facts(case):
    text = run_kg("eval", case).stdout.decode()
    assert "missed" in text and "marta ilves" in text
    assert "wrong" in text and "Hana Solberg" in text
    assert text.strip().splitlines()[-1] == "documents=1 precision=0.750 recall=0.750 f1=0.750"


def test_min_confidence_changes_the_figures(case):
    everything = json.loads(run_kg("eval", case, "--json").stdout)
    strict = json.loads(run_kg("eval", case, "--json", "--min-confidence", "0.95").stdout)
    assert strict["tp"] < everything["tp"]


def test_a_gold_file_without_its_document(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"document": "missing.txt", "film": "X", "facts": []}))
    assert "not found" in one_line_error(run_kg("eval", gold))
