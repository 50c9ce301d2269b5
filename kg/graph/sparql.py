"""The user's SPARQL: read from a .rq file or the command line, its variables bound with --param, and
a syntax error pointed at (the line, and a caret under the column).

Parameters bind by SPARQL's own means, in the query text, so that the embedded store and any remote
SPARQL server read them alike. Each `VALUES ?name { … }` block of the query (queries/*.rq carry
`VALUES ?name { UNDEF }`, which binds nothing) gets the values given; a variable without one is
bound by a VALUES clause after the query. Values are parsed and written back by pyoxigraph, never
pasted: a value cannot change the query around it.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from kg.errors import InputError

_VARIABLE = re.compile(r"[?$]?([A-Za-z_\u00c0-\uffff][\w\u00b7\u0300-\u036f\u203f-\u2040]*)")
# What may hide a "VALUES" or a "?name" that is not one: comments, strings and IRIs.
_OPAQUE = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>'
)
_TURTLE_PREFIXES = (
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix schema: <http://schema.org/> .\n"
    "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
)


def read_query(query: str) -> str:
    """QUERY is a path to a .rq file or the SPARQL text itself."""
    if query.endswith((".rq", ".sparql")) or (len(query) < 300 and "\n" not in query and Path(query).is_file()):
        path = Path(query)
        if not path.is_file():
            raise InputError(f"{query}: no such query file")
        return path.read_text(encoding="utf-8")
    return query


def split_param(text: str) -> tuple[str, str]:
    """`NAME=VALUE` (--param) as (name, value); a leading ? or $ on the name is allowed."""
    name, equals, value = text.partition("=")
    variable = _VARIABLE.fullmatch(name.strip())
    if not equals or not variable:
        raise InputError(f"--param {text!r}: write it as NAME=VALUE, e.g. --param director=\"Ada Moreau\"")
    return variable.group(1), value


def sparql_term(name: str, value: str) -> str:
    """A parameter's value as a SPARQL term. The value is an IRI in <…>, a literal as SPARQL writes it
    ("…", "…"@en, "…"^^xsd:integer, "…"^^<datatype>), or else plain text, which is a string literal."""
    import pyoxigraph as ox

    if not value.startswith(("<", '"', "'")):
        return str(ox.Literal(value))
    try:
        triples = list(ox.parse(f"{_TURTLE_PREFIXES}<urn:x> <urn:x> {value} .", format=ox.RdfFormat.TURTLE))
    except SyntaxError:
        triples = []
    if len(triples) != 1 or isinstance(triples[0].object, ox.BlankNode):
        raise InputError(f"--param {name}={value}: the value is not an IRI in <…> or a literal such as \"…\", "
                         "\"…\"@en or \"…\"^^xsd:integer")
    return str(triples[0].object)


def bind_params(sparql: str, params) -> str:
    """The query with `params` bound: a mapping of name to a value or a list of values, or (name,
    value) pairs; values as `sparql_term` reads them."""
    pairs = params.items() if hasattr(params, "items") else params or []
    terms = []
    for name, given in pairs:
        variable = _VARIABLE.fullmatch(str(name))
        if not variable:
            raise InputError(f"--param {name!r}: not a SPARQL variable name")
        for value in [given] if isinstance(given, str) else given:
            terms.append((variable.group(1), sparql_term(variable.group(1), value)))
    return bind(sparql, terms)


def bind(sparql: str, params: list[tuple[str, str]]) -> str:
    """The query with its variables bound to the values given (several values of one name: any of
    them). Refuses a name the query does not use."""
    values: dict[str, list[str]] = {}
    for name, value in params:
        values.setdefault(name, []).append(value)
    masked = _masked(sparql)
    unbound = []
    for name, terms in values.items():
        if not re.search(rf"[?$]{re.escape(name)}(?![\w\u00b7\u0300-\u036f\u203f-\u2040])", masked):
            used = sorted(set(re.findall(r"[?$]([A-Za-z_]\w*)", masked)))
            raise InputError(f"--param {name}: the query has no variable ?{name} "
                             f"(its variables: {', '.join('?' + v for v in used) or 'none'})")
        sparql, masked, found = _fill_values_blocks(sparql, masked, name, terms)
        if not found:
            unbound.append(name)
    for block in re.finditer(r"\b(?i:VALUES)\s+[?$](\w+)\s*\{([^{}]*)\}", masked):
        if not re.sub(r"#[^\n]*", "", sparql[block.start(2):block.end(2)]).strip():
            # an empty VALUES block is a parameter the query cannot do without
            raise InputError(f"the query needs --param {block.group(1)}=VALUE (its VALUES ?{block.group(1)} "
                             "block is empty)")
    if unbound:  # one VALUES clause after the query binds every other variable
        rows = itertools.product(*(values[name] for name in unbound))
        data = " ".join(f"({' '.join(row)})" for row in rows)
        sparql = f"{sparql.rstrip()}\nVALUES ({' '.join('?' + n for n in unbound)}) {{ {data} }}\n"
    return sparql


def _masked(sparql: str) -> str:
    """The query with comments, strings and IRIs blanked out (same length, newlines kept)."""
    return _OPAQUE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), sparql)


def _fill_values_blocks(sparql: str, masked: str, name: str, terms: list[str]) -> tuple[str, str, bool]:
    """Every `VALUES ?name { … }` block gets the terms; the block keeps its number of lines, so that
    the lines of a syntax error are the lines of the query as written."""
    block = re.compile(rf"\b(?i:VALUES)\s+[?$]{re.escape(name)}(?!\w)\s*\{{([^{{}}]*)\}}")
    found = False
    for match in reversed(list(block.finditer(masked))):
        found = True
        start, end = match.span(1)
        filling = f" {' '.join(terms)} " + "\n" * sparql.count("\n", start, end)
        sparql = sparql[:start] + filling + sparql[end:]
        masked = masked[:start] + " " * len(filling) + masked[end:]
    return sparql, masked, found


def parse_error(sparql: str) -> str | None:
    """What Oxigraph's parser says is wrong with a query, or None when it parses."""
    import pyoxigraph

    try:
        pyoxigraph.Store().query(sparql)  # an empty store, its answer never read: only the parse runs
    except SyntaxError as exc:
        return str(exc)
    except Exception:  # anything else (a SERVICE it cannot reach, say) is not a syntax error
        return None
    return None


_POSITION = (
    re.compile(r"\bat (\d+):(\d+)"),  # Oxigraph: "error at 3:2: expected OPTIONAL"
    re.compile(r"\bline (\d+), column (\d+)", re.I),  # Jena, RDF4J and GraphDB
    re.compile(r"\bline (\d+)()", re.I),  # Virtuoso names the line only
)


def point_at(sparql: str, message: str) -> str:
    """A syntax error's message, then the query line it names and a caret under its column (when
    the message gives a position that lies in the query)."""
    message = " ".join(message.split())
    if len(message) > 200:  # Oxigraph may list every character class it would have taken
        message = message[:200].rstrip() + " …"
    for pattern in _POSITION:
        match = pattern.search(message)
        if match:
            break
    else:
        return message
    lines = sparql.split("\n")
    line, column = int(match.group(1)), int(match.group(2) or 0)
    if not 1 <= line <= len(lines):
        return message
    text = lines[line - 1].replace("\t", " ")
    where = f"at line {line}, column {column}" if column else f"at line {line}"
    first = message.replace(match.group(0), where, 1) if pattern is _POSITION[0] else message
    shown = [first, f"  {line:>4} | {text}"]
    if column:
        shown.append(f"       | {' ' * (min(column, len(text) + 1) - 1)}^")
    return "\n".join(shown)
