"""A longer fuzz run of extraction than the test suite's: random and adversarial text and HTML.

    python bench/fuzz.py --cases 3000

Every case must be refused with a KgError or give a graph that conforms to the model shapes;
prints the number of cases tried, refused and extracted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.api import extract_document
from kg.errors import KgError
from kg.graph.validate import validate_graph
from kg.limits import TimeLimitExceeded, time_limit
from kg.sources import document_from_bytes
from tests.test_fuzz import fragments


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds allowed per case")
    args = parser.parse_args()
    counts = {"tried": 0, "refused": 0, "extracted": 0, "timed out": 0}

    @settings(max_examples=args.cases, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.booleans(), st.booleans(), fragments, st.integers(min_value=0, max_value=500))
    def case(titled, html, text, depth):
        counts["tried"] += 1
        if html:
            text = "<html><head><title>Harbor Lights review</title></head><body>" + "<div>" * depth + text
        elif titled:
            text = "Harbor Lights (2019)\nhttps://example.org/r\n" + text
        try:
            with time_limit(args.time_limit, "fuzz case"):
                data = text.encode("utf-8", "surrogatepass")
                review = extract_document(document_from_bytes(data, "fuzz", html=html))
        except TimeLimitExceeded:
            counts["timed out"] += 1
            return
        except KgError:
            counts["refused"] += 1
            return
        report = validate_graph(review.graph)
        assert report.conforms, [i.line() for i in report.violations]
        counts["extracted"] += 1

    case()
    print(f"{counts['tried']} cases: {counts['extracted']} extracted and conforming, {counts['refused']} refused "
          f"with a one-line error, {counts['timed out']} over the {args.time_limit:g} s time limit, 0 failures")
    return 1 if counts["timed out"] else 0


if __name__ == "__main__":
    sys.exit(main())
