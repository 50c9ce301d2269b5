"""A read-only SPARQL endpoint over the embedded store: Oxigraph's own server (`oxigraph
serve-read-only`, from the `oxigraph` package), which also serves a query page at its root.

kg holds the store's shared lock while the server runs, so that no build writes under it.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from kg.errors import InputError, StoreError
from kg.settings import DEFAULT_STORE

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878


def oxigraph_command() -> str:
    """The `oxigraph` program installed beside this Python (a dependency), or on the PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def server_command(store: str | Path, host: str, port: int, timeout: float | None = None) -> list[str]:
    # The default graph is kg's merged set of the review graphs (see kg.store), not a union option.
    command = [oxigraph_command(), "serve-read-only", "--location", str(store), "--bind", f"{host}:{port}"]
    if timeout:
        command += ["--timeout-s", str(int(timeout))]
    return command


def serve(store: str | Path = DEFAULT_STORE, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          timeout: float | None = 60, announce: Callable[[str], None] | None = None) -> int:
    """Serve the store until the server is stopped: this process becomes the server. SPARQL Update is
    refused (read-only server); queries time out after `timeout` seconds."""
    path = Path(store)
    if str(store).startswith(("http://", "https://")):
        raise InputError(f"{store}: kg serve serves a store folder; that URL is already a SPARQL endpoint")
    if not (path / "CURRENT").exists():
        raise StoreError(f"{path}: no store here (run kg build first)")
    if not 0 < port < 65536:
        raise InputError(f"--port {port}: not a TCP port")
    from kg.store import StoreLock

    lock = StoreLock(path, exclusive=False)
    command = server_command(path, host, port, timeout)
    if announce:
        announce(f"serving {path} read-only at http://{host}:{port}/ (SPARQL endpoint /query); Ctrl-C stops")
    # The server replaces this process, so that signals reach it and nothing is left orphaned; it
    # inherits the lock's open file, and with it the lock, until it exits.
    lock.keep_across_exec()
    os.execv(command[0], command)
    return 0  # not reached
