"""kg: film reviews in, a validated schema.org knowledge graph with provenance out."""

from kg.api import Review, build, export, extract, extract_document, markup, query, validate
from kg.errors import KgError

__all__ = ["KgError", "Review", "build", "export", "extract", "extract_document", "markup", "query", "validate"]
__version__ = "0.1.0"
