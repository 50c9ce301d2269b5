"""Run pyshacl (the engine kg validates with) over the W3C SHACL test suite.

    python bench/shacl_w3c.py [--suite ../shared/conformance/shacl_w3c/data-shapes-test-suite/tests]

A test passes when pyshacl's conformance and its set of results (focus node, path, severity,
constraint component, value; blank nodes compared as blanks) equal the expected report. Prints the
pass count per folder, each failure, and marks the failures that concern a constraint component
the project's own shapes use.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pyshacl
from rdflib import RDF, BNode, Graph, Namespace

SH = Namespace("http://www.w3.org/ns/shacl#")
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
ROOT = Path(__file__).resolve().parents[1]


def _term(term) -> str:
    return "_" if isinstance(term, BNode) or term is None else str(term)


def results(report: Graph, node) -> Counter:
    found = Counter()
    for result in report.objects(node, SH.result):
        found[tuple(_term(report.value(result, p)) for p in
                    (SH.focusNode, SH.resultPath, SH.resultSeverity, SH.sourceConstraintComponent, SH.value))] += 1
    return found


def components_used_by_project() -> set[str]:
    shapes = Graph()
    for file in (ROOT / "shapes").rglob("*.ttl"):
        shapes.parse(file)
    return {str(p).rsplit("#", 1)[-1] for p in shapes.predicates() if str(p).startswith(str(SH))}


def run(suite: Path) -> int:
    used = components_used_by_project()
    passed, failed = Counter(), []
    for file in sorted(suite.rglob("*.ttl")):
        if file.name == "manifest.ttl":
            continue
        graph = Graph().parse(file, format="turtle", publicID=file.as_uri())
        for test in graph.subjects(RDF.type, SHT.Validate):
            action = graph.value(test, MF.action)
            expected = graph.value(test, MF.result)
            data_ref, shapes_ref = graph.value(action, SHT.dataGraph), graph.value(action, SHT.shapesGraph)
            data = graph if str(data_ref) == file.as_uri() else Graph().parse(str(data_ref))
            shapes = graph if str(shapes_ref) == file.as_uri() else Graph().parse(str(shapes_ref))
            folder = file.parent.relative_to(suite).as_posix()
            try:
                conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, inference="none")
                report_node = next(report.subjects(RDF.type, SH.ValidationReport))
                ok = (bool(conforms) == bool(graph.value(expected, SH.conforms).toPython())
                      and results(report, report_node) == results(graph, expected))
            except Exception as exc:  # an engine error is a failed test, reported below
                ok, conforms = False, f"error: {type(exc).__name__}"
            if ok:
                passed[folder] += 1
            else:
                component = "sparql" if folder.startswith("sparql") else file.stem.rsplit("-", 1)[0]
                failed.append((folder, file.name, component, component in used))
    total = sum(passed.values()) + len(failed)
    for folder in sorted(set(passed) | {f[0] for f in failed}):
        fails = sum(f[0] == folder for f in failed)
        print(f"{folder:24} {passed[folder]:3} / {passed[folder] + fails}")
    for folder, name, _component, relevant in failed:
        print(f"  FAIL {folder}/{name}" + ("   <- a constraint kg's shapes use" if relevant else ""))
    print(f"passed {sum(passed.values())} of {total} W3C SHACL tests with pyshacl {pyshacl.__version__}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT.parent / "shared" / "conformance" / "shacl_w3c" / "data-shapes-test-suite" / "tests"
    parser.add_argument("--suite", type=Path, default=default)
    args = parser.parse_args()
    if not args.suite.is_dir():
        print(f"no test suite at {args.suite}", file=sys.stderr)
        return 2
    return run(args.suite)


if __name__ == "__main__":
    sys.exit(main())
