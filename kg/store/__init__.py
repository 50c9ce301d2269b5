"""Stores of review graphs: the embedded Oxigraph store (embedded) and a SPARQL 1.1 server (remote),
which write the same records beside each review (records); building them (build), linking across
reviews (resolve), what they hold (inventory) and serving them (serve)."""

from __future__ import annotations

from pathlib import Path

from kg.settings import DEFAULT_STORE


def is_remote(spec: str | Path) -> bool:
    return str(spec).startswith(("http://", "https://"))


def open_store(spec: str | Path | None = DEFAULT_STORE, *, read_only: bool = False):
    """A store folder (embedded Oxigraph) or a SPARQL 1.1 endpoint URL (kg.store.remote). Each is
    imported when asked for: this package is read at start-up (kg serve's defaults)."""
    if spec is not None and is_remote(spec):
        from kg.store.remote import RemoteStore

        return RemoteStore(str(spec), read_only=read_only)
    from kg.store.embedded import ReviewStore

    return ReviewStore(spec, read_only=read_only)
