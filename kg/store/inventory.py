"""What a store holds: its reviews by name (kg list), and which of them a path, a folder or a glob
names (kg remove), whether or not the files are still on disk.

Both read the build records (`<graph> kgv:contentHash …; kgv:source "name"` in each review's report
graph; the review graph names its source too, on the review node) with one SPARQL query, so they
work alike on the embedded store and on a remote SPARQL server.
"""

from __future__ import annotations

import glob
import re
from pathlib import Path

from kg.sources import is_url, source_name
from kg.store.records import KGV, is_report_of

PREFIXES = f"""PREFIX schema: <http://schema.org/>
PREFIX kgv: <{KGV}>
PREFIX sh: <http://www.w3.org/ns/shacl#>
"""
# One row per review: the name it was built from, the film it reviews, its date, and how many
# results its SHACL report holds (violations, warnings and notes).
LIST_QUERY = PREFIXES + """SELECT ?review (SAMPLE(?title) AS ?film) (SAMPLE(?published) AS ?date)
       (COUNT(DISTINCT ?result) AS ?issues)
WHERE {
  GRAPH ?report { ?graph kgv:contentHash ?built ; kgv:source ?review }
  """ + is_report_of("report", "graph") + """
  OPTIONAL {
    GRAPH ?graph {
      ?node a schema:Review .
      OPTIONAL { ?node schema:itemReviewed/schema:name ?title }
      OPTIONAL { ?node schema:datePublished ?published }
    }
  }
  OPTIONAL { GRAPH ?report { ?validation sh:result ?result } }
}
GROUP BY ?review
ORDER BY ?review
"""
SOURCES_QUERY = PREFIXES + """SELECT ?graph ?review
WHERE {
  GRAPH ?report { ?graph kgv:contentHash ?built ; kgv:source ?review }
  """ + is_report_of("report", "graph") + "\n}"


def stored_sources(store) -> dict[str, str]:
    """name a review was built from -> its graph name."""
    return {row["review"].value: row["graph"].value for row in store.query(SOURCES_QUERY)}


def matching(pattern: str, names: list[str], root: str | Path | None = None) -> list[str]:
    """The stored names a REVIEW argument of kg remove stands for: the file or URL itself, every
    review under a folder, or every review a glob matches (`*` and `?` within a folder, `**` across
    folders), as kg build reads them; relative to the build root, like the names."""
    if is_url(pattern):
        return [pattern] if pattern in names else []
    name = source_name(pattern, root)
    if glob.has_magic(pattern) and not Path(pattern).exists():
        wanted = re.compile(_glob_regex(name))
        return [n for n in names if not is_url(n) and wanted.fullmatch(n)]
    if Path(pattern).is_dir() or pattern.endswith(("/", "\\")):
        if name == ".":  # the build root itself: every file under it
            return [n for n in names if not is_url(n) and not n.startswith("../")]
        return [n for n in names if n.startswith(f"{name}/")]
    return [name] if name in names else []


def _glob_regex(pattern: str) -> str:
    """A regular expression for a glob over '/'-separated names, as glob.glob(recursive=True) reads it."""
    out, at = [], 0
    while at < len(pattern):
        if pattern.startswith("**/", at):
            out.append("(?:.*/)?")
            at += 3
        elif pattern.startswith("**", at):
            out.append(".*")
            at += 2
        elif pattern[at] == "*":
            out.append("[^/]*")
            at += 1
        elif pattern[at] == "?":
            out.append("[^/]")
            at += 1
        elif pattern[at] == "[" and "]" in pattern[at + 2:]:
            close = pattern.index("]", at + 2)
            body = pattern[at + 1:close].replace("\\", "\\\\")
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            at = close + 1
        else:
            out.append(re.escape(pattern[at]))
            at += 1
    return "".join(out)
