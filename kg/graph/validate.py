"""SHACL validation of a review's graph against the shapes in shapes/ (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.term import Node

from kg.errors import InputError

SH = Namespace("http://www.w3.org/ns/shacl#")
SCHEMA = Namespace("http://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
PROV = Namespace("http://www.w3.org/ns/prov#")


@dataclass
class ValidationIssue:
    focus: str  # the focus node's label (its name), or its IRI
    focus_node: str
    path: str
    severity: str  # Violation, Warning, Info
    message: str
    value: str | None = None
    sentence: str | None = None  # where the offending statement came from, when known

    def line(self) -> str:
        where = f' (from: "{self.sentence.strip()}")' if self.sentence else ""
        return f"{self.severity}: {self.focus} {self.path}: {self.message}{where}"


@dataclass
class ValidationReport:
    conforms: bool
    issues: list[ValidationIssue] = field(default_factory=list)
    graph: Graph | None = None  # the W3C sh:ValidationReport

    @property
    def violations(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.severity == "Violation"]


def default_shapes_dir() -> Path:
    return Path(str(resources.files("kg.shapes")))


@lru_cache(maxsize=8)
def load_shapes(shapes_dir: str | None = None) -> Graph:
    """All Turtle files of a shapes folder (or one file), parsed once per process."""
    path = Path(shapes_dir) if shapes_dir else default_shapes_dir()
    files = sorted(path.glob("*.ttl")) if path.is_dir() else [path]
    if not files or not all(f.exists() for f in files):
        raise InputError(f"{path}: no SHACL shapes (*.ttl) found")
    shapes = Graph()
    for file in files:
        try:
            shapes.parse(file, format="turtle")
        except Exception as exc:  # rdflib raises several parser exception types
            raise InputError(f"{file}: cannot read the shapes: {_first_line(exc)}") from None
    return shapes


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())[:300]


PROFILES = ("model", "google", "all")


@lru_cache(maxsize=4)
def profile_shapes(profile: str) -> Graph:
    """model: the graph contract (shapes/*.ttl); google: Google's rules (shapes/google/*.ttl); all: both."""
    base = default_shapes_dir()
    folders = {"model": [base], "google": [base / "google"], "all": [base, base / "google"]}[profile]
    shapes = Graph()
    for folder in folders:
        shapes += load_shapes(str(folder))
    return shapes


def validate_graph(graph: Graph, shapes_dir: str | None = None, profile: str = "model") -> ValidationReport:
    """Validate with the shapes of a profile (or of a user's folder, which then wins)."""
    import pyshacl

    if profile not in PROFILES:
        raise InputError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    shapes = load_shapes(str(shapes_dir)) if shapes_dir else profile_shapes(profile)
    try:
        conforms, report_graph, _ = pyshacl.validate(
            graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
        )
    except Exception as exc:  # a broken shape (bad sh:path, bad SPARQL) surfaces here
        raise InputError(f"the shapes cannot be applied: {_first_line(exc)}") from None
    # Only the report's own sh:result values: results nested under sh:detail are pyshacl's internals.
    report_node = next(report_graph.subjects(RDF.type, SH.ValidationReport))
    issues = [_issue(graph, report_graph, result) for result in report_graph.objects(report_node, SH.result)]
    issues.sort(key=lambda i: (i.focus, i.severity, i.path))
    return ValidationReport(bool(conforms), issues, report_graph)


def _issue(data: Graph, report: Graph, result: Node) -> ValidationIssue:
    focus = report.value(result, SH.focusNode)
    path = report.value(result, SH.resultPath)
    severity = report.value(result, SH.resultSeverity)
    message = report.value(result, SH.resultMessage)
    value = report.value(result, SH.value)
    return ValidationIssue(
        focus=label(data, focus),
        focus_node=str(focus),
        path=_path_label(data, report, path) if path is not None else "",
        severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        message=str(message) if message else "does not conform",
        value=str(value) if value is not None else None,
        sentence=_sentence(data, focus, path),
    )


def label(graph: Graph, node: Node | None) -> str:
    """A reader's name for a node: its schema:name, its type and name, never a blank-node id."""
    if node is None:
        return "?"
    name = graph.value(node, SCHEMA.name) or graph.value(node, SCHEMA.characterName) or graph.value(node, RDFS.label)
    kinds = [_short(graph, t) for t in graph.objects(node, RDF.type)]
    kind = kinds[0] if kinds else "node"
    if name:
        return f'{kind} "{name}"'
    return f"{kind} <{node}>" if isinstance(node, URIRef) else f"a {kind}"


def _path_label(data: Graph, report: Graph, path: Node) -> str:
    """A SHACL property path as a reader writes it: schema:a/schema:b, schema:a|schema:b."""
    from rdflib.collection import Collection

    if isinstance(path, URIRef):
        return _short(data, path)
    alternatives = report.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path_label(data, report, p) for p in Collection(report, alternatives))
    if report.value(path, RDF.first) is not None:
        return "/".join(_path_label(data, report, p) for p in Collection(report, path))
    return "(path)"


def _short(graph: Graph, term: Node) -> str:
    """schema:name for an IRI in a known namespace; other terms (sequence paths) as they are."""
    from kg.graph.serialize import PREFIXES

    text = str(term)
    for prefix, namespace in PREFIXES.items():
        if isinstance(term, URIRef) and text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text


def _sentence(graph: Graph, focus: Node | None, path: Node | None) -> str | None:
    """The sentence of the reified statement behind this result: the statement of the failing
    property about the node first, else the statement that introduced the node."""
    if focus is None:
        return None
    candidates = []
    if path is not None:
        candidates += [s for s in graph.subjects(RDF.subject, focus) if graph.value(s, RDF.predicate) == path]
    candidates += list(graph.subjects(RDF.object, focus))
    for statement in candidates:
        source = graph.value(statement, PROV.wasDerivedFrom)
        text = graph.value(source, NIF.anchorOf) if source is not None else None
        if text:
            return str(text)
    return None
