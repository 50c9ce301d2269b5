"""Bytes to text, and text to a Document: what a review passes through whether it came from a
file, a page or a URL."""

from __future__ import annotations

from kg.errors import InputError
from kg.sources.document import Document, PageMetadata

# Leading bytes of common binary formats, so that an image or archive is named as such.
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zip archive",
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:8192]:
        return "a binary file"
    return None


def decode_text(data: bytes, name: str, encoding: str | None = None) -> str:
    """Decode strictly: a wrong guess would put mojibake into the graph."""
    kind = _binary_kind(data)
    if kind:
        raise InputError(f"{name}: {kind}, not a review")
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], encoding or "utf-8"
    codec = encoding or "utf-8"
    try:
        return data.decode(codec)
    except LookupError:
        raise InputError(f"{name}: unknown encoding {codec!r}") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid {codec} (byte {exc.start}); pass --encoding, e.g. --encoding cp1252"
        ) from None


def document_from_string(
    text: str, source: str = "-", metadata: PageMetadata | None = None, media_type: str = "text/plain"
) -> Document:
    if not text.strip():
        raise InputError(f"{source}: empty, no review to read")
    if sum(ch.isalpha() for ch in text) < 20:
        raise InputError(f"{source}: no review text found")
    return Document.from_text(text, source, metadata, media_type)
