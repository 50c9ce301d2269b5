"""SPARQL results out: a table on a terminal, the W3C results formats (JSON, CSV, TSV, XML) otherwise."""

from __future__ import annotations

import json

import pyoxigraph as ox

from kg.graph.serialize import PREFIXES

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}


def short(term) -> str:
    """A term as a reader wants it in a table: literals bare, IRIs with known prefixes."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return term.value
    return str(term)


def render(results, fmt: str) -> bytes | None:
    """Serialized results, or None when `fmt` is 'table' (the caller prints with rich)."""
    if isinstance(results, ox.QueryBoolean):
        if fmt in {"json", "table"}:
            return (json.dumps({"head": {}, "boolean": bool(results)}) + "\n").encode()
        return (str(bool(results)).lower() + "\n").encode()
    if isinstance(results, (ox.QueryTriples, list)):  # a list: CONSTRUCT from a remote store
        return ox.serialize(results, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
    if fmt == "table":
        return None
    return results.serialize(format=RESULT_FORMATS[fmt])


def print_table(results, console) -> int:
    from rich.table import Table

    variables = [v.value for v in results.variables]
    table = Table(*variables, show_lines=False)
    rows = 0
    for solution in results:
        table.add_row(*(short(solution[v]) for v in variables))
        rows += 1
    console.print(table)
    console.print(f"{rows} row{'s' if rows != 1 else ''}", style="dim")
    return rows
