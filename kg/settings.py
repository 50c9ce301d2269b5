"""Names and defaults the command line shares with the stages, in a module that imports nothing
heavy: `kg --help` and `kg --version` load this, not rdflib, pyoxigraph or spaCy."""

from __future__ import annotations

import os

VERSION = "0.1.0"
DEFAULT_STORE = "kg-store"
# How kg names itself to the web servers it asks: pages it fetches, SPARQL servers it stores in.
USER_AGENT = "kg-film-review-graph/0.1 (+https://pypi.org/project/kg)"
# The start of every IRI kg mints (urn:kg:person:…); $KG_BASE_IRI puts them in your own namespace.
DEFAULT_BASE = os.environ.get("KG_BASE_IRI", "urn:kg:")
# RDF formats kg writes (kg.graph.serialize maps them to pyoxigraph's).
RDF_FORMATS = ("turtle", "json-ld", "nt", "nquads", "trig")
