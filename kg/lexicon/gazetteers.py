"""Closed-class word lists shipped in data/: countries, festivals, content ratings, credit labels."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


def _rows(name: str) -> list[list[str]]:
    text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """Every spelling of a country (as written) -> its canonical name."""
    spellings: dict[str, str] = {}
    for row in _rows("countries.tsv"):
        name = row[1]
        for spelling in [name, *(row[2].split("|") if len(row) > 2 and row[2] else [])]:
            spellings[spelling.removeprefix("the ")] = name
    return spellings


@lru_cache(maxsize=1)
def festivals() -> dict[str, str]:
    spellings: dict[str, str] = {}
    for row in _rows("festivals.tsv"):
        for spelling in [row[0], *(row[1].split("|") if len(row) > 1 and row[1] else [])]:
            spellings[spelling] = row[0]
    return spellings


@lru_cache(maxsize=1)
def content_ratings() -> dict[str, tuple[str, str]]:
    """Rating code -> (rating system, country code)."""
    return {row[0]: (row[1], row[2]) for row in _rows("content-ratings.tsv")}


@lru_cache(maxsize=1)
def review_domains() -> dict[str, tuple[str, frozenset[str]]]:
    """Domain -> (what a text of it is called, its words): film and the kinds of text kg refuses."""
    return {row[0]: (row[1], frozenset(row[2].split())) for row in _rows("review-domains.tsv")}


@lru_cache(maxsize=1)
def credit_labels() -> dict[str, tuple[str, float]]:
    """Label of a credit block, front-matter key or footer (lower case) -> (relation, confidence)."""
    return {row[0]: (row[1], float(row[2]) if len(row) > 2 and row[2] else 0.9) for row in _rows("credit-labels.tsv")}
