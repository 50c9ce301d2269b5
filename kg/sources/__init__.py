"""Read a review from a file, a URL or stdin into a Document (first stage of the pipeline)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from urllib.parse import quote

from kg.errors import InputError
from kg.sources.document import Document
from kg.sources.text import decode_text, document_from_string

DEFAULT_MAX_BYTES = int(os.environ.get("KG_MAX_BYTES", 10 * 1024 * 1024))
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def is_url(name: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", name))


def load(source: str, *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
         allow_private: bool = False) -> Document:
    """Read REVIEW (a path, an http(s) URL or '-' for stdin) into a Document."""
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        _check_size(len(data), max_bytes, "stdin")
        return document_from_bytes(data, "-", encoding=encoding, html=_looks_like_html(data))
    if is_url(source):
        from kg.sources.fetch import fetch

        page = fetch(source, max_bytes=max_bytes, allow_private=allow_private)
        return document_from_bytes(
            page.content,
            source,
            encoding=encoding or page.encoding,
            html=page.is_html or _looks_like_html(page.content),
            url=page.url,
        )
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file")
    if path.is_dir():
        raise InputError(f"{source}: is a directory (kg build reads folders)")
    if not path.is_file():  # reading a named pipe or a device would wait, or never end
        raise InputError(f"{source}: not a regular file (a pipe, socket or device); use - to read standard input")
    try:
        _check_size(path.stat().st_size, max_bytes, source)
        with path.open("rb") as stream:  # no more than the limit, even if the file grows meanwhile
            data = stream.read(max_bytes + 1)
        _check_size(len(data), max_bytes, source)
    except OSError as exc:
        raise InputError(f"{source}: cannot read: {exc.strerror or exc}") from None
    html = path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(data)
    return document_from_bytes(data, str(path), encoding=encoding, html=html)


def _check_size(size: int, max_bytes: int, name: str) -> None:
    if size > max_bytes:
        raise InputError(f"{name}: larger than the {max_bytes:,}-byte limit (raise it with --max-bytes)")


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head[:200]


def document_from_bytes(
    data: bytes, source: str, *, encoding: str | None = None, html: bool = False, url: str | None = None
) -> Document:
    if html:
        from kg.sources.html import document_from_html

        return document_from_html(data, source, encoding=encoding, url=url)
    text = decode_text(data, source, encoding)
    return document_from_string(text, source)


def source_name(source: str, root: str | Path | None = None) -> str:
    """The name a review is recorded under, and the key of its IRIs: a URL as given, '-' for stdin,
    and a file's path relative to the build root (the current folder unless told), with '/'
    separators, so that a graph never publishes where a file lay on the machine that built it."""
    if source == "-" or is_url(source):
        return source
    base = Path(root if root is not None else ".")
    # Through symlinks resolved, and as written: the first that lies under the root, so that a
    # symlinked folder (or root) does not spell out where its target lies.
    names = [os.path.relpath(Path(source).resolve(), base.resolve()),
             os.path.relpath(os.path.abspath(source), os.path.abspath(base))]
    inside = [name for name in names if name != ".." and not name.startswith(".." + os.sep)]
    return Path((inside or names)[0]).as_posix()


def check_source_base(source_base: str) -> None:
    if not re.fullmatch(r"https?://[^\s/?#]+(?:/[^\s?#]*)?", source_base):
        raise InputError(f"--source-base {source_base!r}: not an http(s) URL (e.g. https://example.com/reviews/)")


def public_url(name: str, source_base: str) -> str:
    """A file's public URL: the build root's URL (--source-base) joined with its relative path."""
    check_source_base(source_base)
    if name == ".." or name.startswith("../"):
        raise InputError(f"{name}: outside the build root, so --source-base cannot give it a URL; "
                         "build from a folder that holds it, or pass --root")
    return source_base.rstrip("/") + "/" + quote(name, safe="/")
