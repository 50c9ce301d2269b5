"""Real SPARQL servers on loopback for the remote-store tests and bench/remote.py: Oxigraph's
(`oxigraph serve`, installed with kg) and Virtuoso Open Source 7 (`virtuoso-t`, Debian's
virtuoso-opensource, which .ci/run installs). Each runs on free ports with its database in a folder
of its own, and is stopped (its whole process group) when the block ends."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import requests

from kg.store.serve import oxigraph_command

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")
# CI sets KG_REQUIRE_VIRTUOSO=1 (.ci/run installs it): there a missing server fails the tests.
REQUIRE_VIRTUOSO = bool(os.environ.get("KG_REQUIRE_VIRTUOSO"))
DBA_PASSWORD = "dba"  # a new Virtuoso database's administrator; the servers listen on loopback only


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_answering(url: str, process: subprocess.Popen, name: str, log: Path | None = None,
                          seconds: float = 120, **request) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if requests.request(url=url, timeout=5, **{"method": "GET", **request}).status_code < 500:
                return
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"{name} did not start (status {process.poll()}): {tail}")
        time.sleep(0.1)


def _stop(process: subprocess.Popen) -> None:
    """Stop a server started in a session of its own: its whole process group."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


@contextlib.contextmanager
def oxigraph_server(location: Path, *flags: str) -> Iterator[str]:
    """`oxigraph serve` on a free loopback port, answering, until the block ends; yields its base URL."""
    port = free_port()
    process = subprocess.Popen([oxigraph_command(), "serve", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}", *flags],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_answering(url, process, "oxigraph serve", seconds=30)
        yield url
    finally:
        _stop(process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 8
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {folder}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 8
ServerThreads = 8
MaxKeepAlives = 8
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
{sparql}
"""


class Virtuoso:
    """A running Virtuoso: `url` is its /sparql endpoint (`url + "-auth"`, /sparql-auth, asks for digest)."""

    def __init__(self, folder: Path, http_port: int, isql_port: int) -> None:
        self.folder, self.http_port, self.isql_port = folder, http_port, isql_port
        self.url = f"http://127.0.0.1:{http_port}/sparql"

    def sql(self, statement: str) -> str:
        """Run SQL as the administrator with isql."""
        result = subprocess.run([ISQL, f"127.0.0.1:{self.isql_port}", "dba", DBA_PASSWORD, f"EXEC={statement}"],
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0 or "Error" in result.stdout:
            raise RuntimeError(f"isql {statement!r}: {result.stdout[-500:]} {result.stderr[-500:]}")
        return result.stdout


@contextlib.contextmanager
def virtuoso_server(folder: Path, *, grant_update: bool = True, sparql: dict[str, str] | None = None,
                    buffers: int = 2000) -> Iterator[Virtuoso]:
    """`virtuoso-t` on free loopback ports with a new database in `folder` (a small buffer pool), the
    SPARQL user granted SPARQL_UPDATE unless told; `sparql` sets the ini's [SPARQL] section (by
    default no ResultSetMaxRows, so no answer is cut)."""
    if not VIRTUOSO or not ISQL:
        raise RuntimeError("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    folder.mkdir(parents=True, exist_ok=True)
    http_port, isql_port = free_port(), free_port()
    while isql_port == http_port:
        isql_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(
        folder=folder, http_port=http_port, isql_port=isql_port, buffers=buffers, dirty_buffers=buffers * 3 // 4,
        sparql="\n".join(f"{key} = {value}" for key, value in (sparql or {}).items())), encoding="utf-8")
    log = folder / "virtuoso.log"
    with open(folder / "console.log", "wb") as console:
        process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=folder,
                                   stdout=console, stderr=subprocess.STDOUT, start_new_session=True)
    server = Virtuoso(folder, http_port, isql_port)
    try:
        # The HTTP listener opens while the new database is still being set up: wait for answers.
        _wait_until_answering(server.url, process, "virtuoso-t", log, method="POST",
                              data={"query": "ASK { }"}, headers={"Accept": "application/sparql-results+json"})
        if grant_update:
            server.sql('GRANT SPARQL_UPDATE TO "SPARQL";')
        yield server
    finally:
        _stop(process)
