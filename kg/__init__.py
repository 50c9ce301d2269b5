"""kg: film reviews in, a validated schema.org knowledge graph with provenance out.

The API (kg.extract, kg.build, …) is imported on first use, so that importing a submodule (the
command line does) does not load rdflib, pyoxigraph and spaCy.
"""

from __future__ import annotations

import importlib
import sys
import types

from kg.errors import KgError
from kg.settings import VERSION

__all__ = ["KgError", "Review", "build", "export", "extract", "extract_document", "list_reviews", "markup", "query",
           "remove", "validate"]
__version__ = VERSION
_API = {"Review", "build", "export", "extract", "extract_document", "list_reviews", "markup", "query", "remove",
        "validate"}


def __getattr__(name: str):
    if name in _API:
        value = getattr(importlib.import_module("kg.api"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


class _Package(types.ModuleType):
    """kg.extract and kg.markup name both API functions and subpackages. Importing a subpackage sets
    the package's attribute of that name; here it leaves the function in place (the subpackage is
    still importable: `from kg.markup.review import review_markup`)."""

    def __setattr__(self, name: str, value) -> None:
        if name in _API and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
