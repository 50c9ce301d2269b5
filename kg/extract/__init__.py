"""Extraction: one Document in, the facts it states out (kg.extract.review_facts.extract_facts).

kg.extract.facts defines a Fact and the value each relation carries; the other modules are the
readers (header, credits, rating, details) and the relation rules (rulebook, patterns, rules and
their handlers). This file imports nothing, so that reading kg.extract.facts does not load spaCy.
"""
