"""A read-only SPARQL endpoint over the embedded store: Oxigraph's own server (`oxigraph
serve-read-only`, from the `oxigraph` package), which also serves a query page at its root.

kg runs the server as a child process and holds the store's shared lock while it runs, so that no
build writes under it. The address is checked first (a port in use, a host that does not resolve),
and whatever else stops the server is reported as one line from its error, never as Rust's
backtrace. The child is stopped with kg (Ctrl-C, SIGTERM, or kg's death on Linux).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path

from kg.errors import EXIT_OK, InputError, StoreError
from kg.settings import DEFAULT_STORE
from kg.store import is_remote

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878


def oxigraph_command() -> str:
    """The `oxigraph` program installed beside this Python (a dependency), or on the PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def server_command(store: str | Path, host: str, port: int, timeout: float | None = None) -> list[str]:
    # The default graph is kg's merged set of the review graphs (see kg.store.embedded), not a union option.
    command = [oxigraph_command(), "serve-read-only", "--location", str(store), "--bind", bind_address(host, port)]
    if timeout:
        command += ["--timeout-s", str(int(timeout))]
    return command


def check_address(host: str, port: int) -> None:
    """Fail with one line when the server could not listen there: the host does not resolve, or
    the port is taken (bound here and released at once, as the server binds it)."""
    if not 0 < port < 65536:
        raise InputError(f"--port {port}: not a TCP port")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"--host {host}: not an address of this machine ({exc.args[-1]})") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
                raise StoreError(f"{bind_address(host, port)} is in use (another server?); pick another --port") \
                    from None
            raise StoreError(f"cannot listen at {bind_address(host, port)}: {exc.strerror or exc}") from None


def serve(store: str | Path = DEFAULT_STORE, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          timeout: float | None = 60, announce: Callable[[str], None] | None = None) -> int:
    """Serve the store until the server is stopped (Ctrl-C or SIGTERM: exit 0). SPARQL Update is
    refused (read-only server); queries time out after `timeout` seconds."""
    path = Path(store)
    if is_remote(store):
        raise InputError(f"{store}: kg serve serves a store folder; that URL is already a SPARQL endpoint")
    if not (path / "CURRENT").exists():
        raise StoreError(f"{path}: no store here (run kg build first)")
    check_address(host, port)
    from kg.store.embedded import StoreLock

    lock = StoreLock(path, exclusive=False)  # held by this process while the server runs
    # No Rust backtrace, whatever the user's environment says: kg reports the error line itself.
    env = {**os.environ, "RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0"}
    server = subprocess.Popen(server_command(path, host, port, timeout), stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                              preexec_fn=_stop_with_parent if sys.platform == "linux" else None)
    errors: deque[str] = deque(maxlen=50)
    listening = threading.Event()
    reader = threading.Thread(target=_keep_lines, args=(server.stderr, errors, listening), daemon=True)
    reader.start()
    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True
        server.terminate()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        while not listening.wait(0.05) and server.poll() is None:
            pass  # announced once it listens: a server that fails to start says one line, its error
        if server.poll() is None and announce:
            announce(f"serving {path} read-only at http://{bind_address(host, port)}/ (SPARQL endpoint /query); "
                     "Ctrl-C stops")
        status = server.wait()
    except KeyboardInterrupt:  # Ctrl-C reaches the server too (same process group)
        stopping = True
        server.terminate()
        status = server.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        reader.join(timeout=5)
        del lock
    if stopping or status in (0, -signal.SIGINT, -signal.SIGTERM):
        return EXIT_OK
    raise StoreError(f"the Oxigraph server stopped: {_error_line(errors, status)}")


def _keep_lines(stream, lines: deque[str], listening: threading.Event) -> None:
    for raw in stream:
        line = raw.decode("utf-8", "replace").rstrip()
        if line.startswith("Listening for requests"):
            listening.set()
        else:
            lines.append(line)


def _error_line(lines, status: int) -> str:
    """The server's own error in one line: its "Error: …" line (anyhow), or its panic message."""
    for line in lines:
        if line.startswith("Error: "):
            return line.removeprefix("Error: ")[:300]
        if "panicked at" in line:
            return line[:300]
    shown = next((line for line in reversed(lines) if line.strip()), "")
    return (shown[:300] or "no message") + f" (exit status {status})"


def _stop_with_parent() -> None:
    """In the server, before exec: have Linux send it SIGTERM when kg dies, so it is never orphaned."""
    import ctypes

    pr_set_pdeathsig = 1  # prctl(2)
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
