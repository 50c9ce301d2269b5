"""What a label names: the lexicon of data/credit-labels.tsv (credit blocks, front-matter keys, page
definition lists, meta-tag labels, review footers). A label is looked up whole; several joined by
"," "/" "&" or "and" name each of theirs; a label the lexicon lacks names nothing.
"""

from __future__ import annotations

import re

from kg.lexicon import gazetteers

SKIP = "-"
# "Label: value" on one line: a credit, a byline, a rating.
LABEL_LINE = re.compile(r"^(?P<label>[^:\n]{1,80}?)\s*:\s*(?P<value>.*)$")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")
_LABEL_SPLIT = re.compile(r"\s*(?:,|/|&|\band\b)\s*")


def label_key(label: str) -> str:
    """'_Screenplay by_:' -> 'screenplay'; 'Camera (color, widescreen)' -> 'camera'."""
    key = _PARENTHESIS.sub("", label)
    key = re.sub(r"[-_]", " ", key.lower())
    key = " ".join(key.replace(":", " ").split())
    return re.sub(r"\s+by$", "", key).strip()


def _lookup(key: str) -> tuple[str, float] | None:
    labels = gazetteers.credit_labels()
    if key in labels:
        return labels[key]
    if key.endswith("s") and key[:-1] in labels:
        return labels[key[:-1]]
    return None


def relations(label: str) -> list[tuple[str, float]] | None:
    """What a label names: one (relation, confidence) per label it joins ("Director, writer"), [] for
    a known label that names nothing the graph holds, None for a label not in the lexicon."""
    key = label_key(label)
    if not key:
        return None
    found = _lookup(key)
    if found:
        return [] if found[0] == SKIP else [found]
    parts = [p for p in _LABEL_SPLIT.split(key) if p]
    if len(parts) < 2:
        return None
    found_parts = [_lookup(re.sub(r"\s+by$", "", p)) for p in parts]
    if any(f is None for f in found_parts):
        return None
    return [f for f in found_parts if f[0] != SKIP]




def labelled_value(match: re.Match | None, relation: str) -> tuple[str, int, float] | None:
    """Of a label line matched (groups `label` and `value`) whose label names `relation` first: the
    value stripped, where it starts in the line, and the label's confidence."""
    if not match:
        return None
    found = relations(match["label"])
    if not found or found[0][0] != relation:
        return None
    raw = match["value"]
    return raw.strip(), match.start("value") + len(raw) - len(raw.lstrip()), found[0][1]
