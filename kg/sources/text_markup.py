"""Inline markup in a review's text: dropped from what the extractors read, with every kept character
still mapped to its place in the original.

Markdown posts saved as text and HTML fragments inside text carry emphasis (`_x_`, `*x*`, `**x**`,
`<i>`, `<em>`, `<cite>`), links (`[text](url)`), images, line breaks (`<br>`), block tags, entities
(`&rsquo;`), headings, block quotes and rules. Each pass below rewrites the text with `Rewriter`,
which keeps for every output character the span of source characters it stands for, so facts found
in the clean text point back at the exact characters of the original file.

No Markdown library is used for this: markdown-it-py and mistune give source positions per line at
best, and this module needs them per character. The passes are deliberately conservative: an
underscore inside a word (`post_title`) or an asterisk in "f***" is not emphasis, a lone `<` is not a
tag, and an unknown entity stays as written.

Emphasized spans (italics, `<cite>`, bold-italic, Markdown `_x_`/`*x*`) are kept as title
candidates; bold spans separately. A span that is a label ("_Director:_") or a parenthesis
("_(Rosa Marr)_") is not a title candidate and is left out.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass, field

from kg.sources.normalize import FOLD

Span = tuple[int, int]


@dataclass
class MappedText:
    """A text and, per character, the [start, end) of the source characters it stands for.
    `starts` has one more entry than the text: the source length, so [a, b) maps to
    [starts[a], ends[b - 1]] for a non-empty span."""

    text: str
    starts: list[int]
    ends: list[int]
    emphasis: list[Span] = field(default_factory=list)
    strong: list[Span] = field(default_factory=list)


class Rewriter:
    """Builds a new text from an old one by copying, dropping and replacing slices, keeping the map."""

    def __init__(self, source: MappedText) -> None:
        self.source = source
        self.pieces: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.length = 0
        self.pos = 0
        # (old position, new position, kept): a piece of the old text and where it went.
        self._segments: list[tuple[int, int, bool]] = []

    def _copy(self, end: int) -> None:
        if end > self.pos:
            self._segments.append((self.pos, self.length, True))
            self.pieces.append(self.source.text[self.pos : end])
            self.starts.extend(self.source.starts[self.pos : end])
            self.ends.extend(self.source.ends[self.pos : end])
            self.length += end - self.pos
            self.pos = end

    def replace(self, start: int, end: int, new: str = "") -> None:
        """Replace old [start, end) by `new`; each new character stands for the whole old slice."""
        if start < self.pos:  # overlaps what is already rewritten: leave it
            return
        self._copy(start)
        self._segments.append((start, self.length, False))
        if new and end > start:
            source_start, source_end = self.source.starts[start], self.source.ends[end - 1]
            self.pieces.append(new)
            self.starts.extend([source_start] * len(new))
            self.ends.extend([source_end] * len(new))
            self.length += len(new)
        self.pos = end

    def position(self) -> int:
        """The length of the new text so far (where the next kept character lands)."""
        return self.length

    def result(self) -> MappedText:
        """The new text; emphasis and bold spans of the old one moved to where they now stand."""
        self._copy(len(self.source.text))
        old_end = len(self.source.text)
        self._segments.append((old_end, self.length, False))
        starts = [*self.starts, self.source.starts[old_end]]
        mapped = MappedText("".join(self.pieces), starts, self.ends)
        keys = [s[0] for s in self._segments]

        def new_position(old: int) -> int:
            index = bisect.bisect_right(keys, old) - 1
            old_start, new_start, kept = self._segments[index]
            return new_start + (old - old_start) if kept else new_start

        mapped.emphasis = _map_spans(self.source.emphasis, new_position)
        mapped.strong = _map_spans(self.source.strong, new_position)
        return mapped


def _map_spans(spans: list[Span], new_position) -> list[Span]:
    out = []
    for start, end in spans:
        a, b = new_position(start), new_position(end)
        if b > a:
            out.append((a, b))
    return out


# --- HTML inside text ------------------------------------------------------------------------------

_BLOCK_TAGS = (
    "p|div|figure|figcaption|table|thead|tbody|tfoot|tr|td|th|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|section|"
    "article|header|footer|aside|nav|colgroup|col|caption|pre|main|details|summary"
)
# Other elements of HTML (a "<word …>" that names none is text, not a tag); custom elements have a hyphen.
_INLINE_TAGS = (
    "a|abbr|address|area|b|base|bdi|bdo|big|body|button|canvas|code|data|datalist|del|dialog|embed|fieldset|font|"
    "form|head|html|input|ins|kbd|label|legend|link|map|mark|meta|meter|optgroup|option|output|param|picture|"
    "progress|q|rp|rt|ruby|s|samp|select|small|source|span|strike|sub|sup|template|textarea|time|title|track|tt|"
    "u|wbr|center|nobr"
)
_HTML = re.compile(
    r"(?P<comment><!--.*?-->)"
    r"|(?P<drop><(?P<dropname>script|style|iframe|noscript|svg|object|video|audio)\b[^>]*>.*?</(?P=dropname)\s*>)"
    r"|(?P<br><br\s*/?>)"
    r"|(?P<hr><hr\b[^>]*>)"
    r"|(?P<img><img\b[^>]*>)"
    rf"|(?P<block></?(?:{_BLOCK_TAGS})\b[^>]*>)"
    r"|(?P<em><(?P<emclose>/?)(?:i|em|cite|var|dfn)\s*(?:\s[^<>]*)?>)"
    r"|(?P<strong><(?P<strongclose>/?)(?:b|strong)\s*(?:\s[^<>]*)?>)"
    rf"|(?P<tag></?(?:{_INLINE_TAGS}|[a-z]+-[a-z-]+)\b(?:\s[^<>]*)?/?>)"
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)",
    re.S | re.I,
)


def _fold(text: str) -> str:
    return "".join(FOLD.get(c, c) for c in unicodedata.normalize("NFC", text))


def _html_pass(source: MappedText) -> MappedText:
    text = source.text
    rewriter = Rewriter(source)
    open_em: list[int] = []
    open_strong: list[int] = []
    emphasis: list[Span] = []
    strong: list[Span] = []
    for match in _HTML.finditer(text):
        kind = match.lastgroup
        start, end = match.span()
        if kind in {"br", "hr"}:
            rewriter.replace(start, end, "\n")
        elif kind == "block":
            # A block tag alone on its line leaves the line empty; between words it breaks the line.
            # Only the neighbouring spaces are read: a page on one line must not be rescanned per tag.
            at_edge = _opens_line(text, start) or _LINE_END_OR_TAG.match(text, end) is not None
            rewriter.replace(start, end, "" if at_edge else "\n")
        elif kind in {"em", "strong"}:
            rewriter.replace(start, end, "")
            stack, found = (open_em, emphasis) if kind == "em" else (open_strong, strong)
            if match.group("emclose" if kind == "em" else "strongclose"):
                if stack:
                    found.append((stack.pop(), rewriter.position()))
            else:
                stack.append(rewriter.position())
        elif kind == "entity":
            value = html.unescape(match.group())
            if value != match.group():
                rewriter.replace(start, end, _fold(value))
        else:
            rewriter.replace(start, end, "")
    result = rewriter.result()
    result.emphasis = sorted(result.emphasis + emphasis)
    result.strong = sorted(result.strong + strong)
    return result


_LINE_END_OR_TAG = re.compile(r"[^\S\n]*(?:\n|<|\Z)")


def _opens_line(text: str, at: int) -> bool:
    """Whether only spaces stand between the line's start and `at`."""
    while at > 0 and text[at - 1] != "\n" and text[at - 1].isspace():
        at -= 1
    return at == 0 or text[at - 1] == "\n"


# --- Markdown ------------------------------------------------------------------------------------

_MARKDOWN_BLOCKS = re.compile(
    r"(?P<refdef>^[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\S+[^\n]*)"
    r"|(?P<footdef>^[ ]{0,3}\[\^[^\]\n]+\]:[ \t]*)"
    r"|(?P<rule>^[ ]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$)"
    r"|(?P<heading>^[ ]{0,3}#{1,6}[ \t]+)"
    r"|(?P<quote>^[ ]{0,3}(?:>[ \t]?)+)",
    re.M,
)
_MARKDOWN_INLINE = re.compile(
    r"(?P<image>!\[[^\]\n]*\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\))"
    r"|(?P<link>\[(?P<linktext>[^\[\]\n]+)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\))"
    r"|(?P<reflink>\[(?P<reftext>[^\[\]\n]+)\]\[[^\[\]\n]*\])"
    r"|(?P<footref>\[\^[^\]\s]+\])"
    r"|(?P<escape>\\[\\`*_{}\[\]()#+\-.!<>|])"
)
# ***both*** first; **strong** and __strong__; then *emphasis* and _emphasis_. Underscores never work inside a word
# (file_names), asterisks not next to a letter on their outer side ("f***").
_BOTH = re.compile(r"(?<![\w*])\*\*\*(?=[^\s*])(?P<a>[^\n]+?)(?<=[^\s*])\*\*\*(?![\w*])"
                   r"|(?<![\w_])___(?=[^\s_])(?P<b>[^\n]+?)(?<=[^\s_])___(?![\w_])")
_STRONG = re.compile(r"(?<![\w*])\*\*(?=[^\s*])(?P<a>[^\n]+?)(?<=[^\s*])\*\*(?![\w*])"
                     r"|(?<![\w_])__(?=[^\s_])(?P<b>[^\n]+?)(?<=[^\s_])__(?![\w_])")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])(?P<a>[^\n*]+?)(?<=[^\s*])\*(?![\w*])"
                       r"|(?<![\w_])_(?=[^\s_])(?P<b>[^\n_]+?)(?<=[^\s_])_(?![\w_])")


def _markdown_blocks_pass(source: MappedText) -> MappedText:
    rewriter = Rewriter(source)
    for match in _MARKDOWN_BLOCKS.finditer(source.text):
        rewriter.replace(*match.span(), "")
    return rewriter.result()


def _markdown_inline_pass(source: MappedText) -> MappedText:
    rewriter = Rewriter(source)
    for match in _MARKDOWN_INLINE.finditer(source.text):
        kind = match.lastgroup  # the outer group: its inner text group closes first
        start, end = match.span()
        if kind in {"image", "footref"}:
            rewriter.replace(start, end, "")
        elif kind == "escape":
            rewriter.replace(start, start + 1, "")
        else:
            text_group = "linktext" if kind == "link" else "reftext"
            rewriter.replace(start, match.start(text_group), "")
            rewriter.replace(match.end(text_group), end, "")
    return rewriter.result()


def _delimited_pass(source: MappedText, pattern: re.Pattern, width: int, kind: str) -> MappedText:
    rewriter = Rewriter(source)
    found: list[Span] = []
    for match in pattern.finditer(source.text):
        group = "a" if match.group("a") is not None else "b"
        start, end = match.span()
        rewriter.replace(start, start + width, "")
        inner_start = rewriter.position()
        rewriter.replace(match.end(group), end, "")
        found.append((inner_start, inner_start + (match.end(group) - match.start(group))))
    result = rewriter.result()
    if kind in {"emphasis", "both"}:
        result.emphasis = sorted(result.emphasis + found)
    if kind in {"strong", "both"}:
        result.strong = sorted(result.strong + found)
    return result


def _title_candidates(text: str, spans: list[Span]) -> list[Span]:
    """Trim each span, join neighbours split by a space ("_The Salt_ _Road_"), leave out labels
    ("_Director:_", "_Cast:_") and parentheses ("_(Rosa Marr)_")."""
    trimmed = []
    for start, end in sorted(spans):
        while start < end and text[start] in " \t":
            start += 1
        while end > start and text[end - 1] in " \t":
            end -= 1
        if end > start:
            trimmed.append((start, end))
    joined: list[Span] = []
    for start, end in trimmed:
        if joined and start >= joined[-1][1] and not text[joined[-1][1] : start].strip(" "):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    out = []
    for start, end in joined:
        inner = text[start:end]
        label = inner.endswith(":") or text[end : end + 1] == ":" or text[end : end + 2] == " :"
        parenthesis = inner.startswith("(") and inner.endswith(")")
        if not label and not parenthesis and "\n" not in inner:
            out.append((start, end))
    return out


def clean_markup(text: str, starts: list[int], ends: list[int], protect: Span | None = None) -> MappedText:
    """Drop inline markup from `text` (whose characters map to source spans by `starts`/`ends`).
    Characters in `protect` (the front matter) are kept as written."""
    mapped = MappedText(text, starts, ends)
    if protect and protect[1] > protect[0]:
        head = _slice(mapped, 0, protect[1])
        tail = _clean(_slice(mapped, protect[1], len(text)))
        return _join(head, tail)
    return _clean(mapped)


def _clean(mapped: MappedText) -> MappedText:
    mapped = _html_pass(mapped)
    mapped = _markdown_blocks_pass(mapped)
    mapped = _markdown_inline_pass(mapped)
    mapped = _delimited_pass(mapped, _BOTH, 3, "both")
    mapped = _delimited_pass(mapped, _STRONG, 2, "strong")
    mapped = _delimited_pass(mapped, _EMPHASIS, 1, "emphasis")
    mapped.emphasis = _title_candidates(mapped.text, mapped.emphasis)
    mapped.strong = sorted(mapped.strong)
    return mapped


def _slice(mapped: MappedText, start: int, end: int) -> MappedText:
    return MappedText(mapped.text[start:end], mapped.starts[start : end + 1], mapped.ends[start:end])


def _join(head: MappedText, tail: MappedText) -> MappedText:
    shift = len(head.text)
    return MappedText(
        head.text + tail.text,
        head.starts[:-1] + tail.starts,
        head.ends + tail.ends,
        [(a + shift, b + shift) for a, b in tail.emphasis],
        [(a + shift, b + shift) for a, b in tail.strong],
    )
