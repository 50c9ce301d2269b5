"""YAML front matter: the `---` … `---` block at the top of a Markdown post (Jekyll, Hugo, Hexo).

The block may follow a "Title (Year)" line and a URL line. It is parsed with PyYAML's composer,
which keeps where each value stands in the text, so a fact read from `director: …` points at those
characters. The block is metadata, not prose: `Document.prose_start` lies after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

# The opening fence may follow at most this many short lines (a title line, a URL line, "-").
MAX_LINES_BEFORE = 3
MAX_BLOCK = 64 * 1024
_OPEN = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
_NULL = "tag:yaml.org,2002:null"


@dataclass
class FrontMatter:
    """The block's span in the text (fences included) and its keys, each with its values and their
    spans. Keys are lower case with "-" and "_" read as spaces ("written-by" → "written by")."""

    span: tuple[int, int]
    entries: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)


def normalize_key(key: str) -> str:
    return " ".join(re.sub(r"[-_]", " ", key).lower().split())


def find(text: str) -> FrontMatter | None:
    """The front matter at the top of `text`, or None when there is none (or it is not YAML)."""
    offset = 0
    for _ in range(MAX_LINES_BEFORE + 1):
        end = text.find("\n", offset)
        if end < 0:
            return None
        line = text[offset:end]
        if _OPEN.match(line):
            return _parse(text, offset, end + 1)
        if len(line) > 200:
            return None
        offset = end + 1
    return None


def _parse(text: str, fence_start: int, content_start: int) -> FrontMatter | None:
    close = _CLOSE.search(text, content_start, content_start + MAX_BLOCK)
    if not close:
        return None
    content = text[content_start : close.start()]
    try:
        root = yaml.compose(content, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):  # not YAML, or nested past any post's front matter
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    block_end = close.end() + (1 if text[close.end() : close.end() + 1] == "\n" else 0)
    matter = FrontMatter((fence_start, block_end))
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        values = [_value(content, content_start, item) for item in items if isinstance(item, yaml.ScalarNode)]
        values = [v for v in values if v]
        if values:
            matter.entries.setdefault(normalize_key(str(key_node.value)), []).extend(values)
    return matter


def _value(content: str, base: int, node: yaml.ScalarNode) -> tuple[str, int, int] | None:
    value = str(node.value).strip()
    if not value or node.tag == _NULL:
        return None
    start, end = node.start_mark.index, node.end_mark.index
    raw = content[start:end]
    if node.style in {"'", '"'}:
        start, end = start + 1, end - 1
    elif node.style in {"|", ">"}:
        first = value.split("\n")[0].strip()
        found = raw.find(first)
        if found >= 0:
            start, end = start + found, start + found + len(first)
    while end > start and content[end - 1].isspace():
        end -= 1
    while start < end and content[start].isspace():
        start += 1
    return value, base + start, base + end


# ISO dates as posts write them: "2018-12-22", "2010-06-21 10:21:45", "2013-01-07T15:52:24-05:00",
# and "2020-09-04-02-13-42" (a date glued to a time by dashes: the date is kept).
_DATE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?P<zone>Z|[+-]\d{2}:?\d{2})?)?"
)


def iso_date(value: str) -> str | None:
    """An ISO 8601 date or date-time from a front-matter date, or None."""
    match = _DATE.match(value.strip())
    if not match:
        return None
    if not match["time"]:
        return match["date"]
    time = match["time"] if match["time"].count(":") == 2 else match["time"] + ":00"
    return f"{match['date']}T{time}{match['zone'] or ''}"
