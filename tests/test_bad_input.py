"""Bad input: one line on stderr, a non-zero status, and nothing already stored lost."""

from __future__ import annotations

import http.server
import json
import os
import socket
import threading

import pytest

from tests.conftest import SAMPLE, one_line_error, run_kg


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "kg-store"
    assert run_kg("build", SAMPLE, "--store", path).returncode == 0
    return path


def triples(store) -> int:
    out = run_kg("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--store", store, "-f", "json")
    return int(json.loads(out.stdout)["results"]["bindings"][0]["n"]["value"])


def bad_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("   \n\t\n")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(
        "Le Salon (1999)\nUn film de Fran\xe7ois, sorti \xe0 Paris; c'est tr\xe8s beau et long.".encode("latin-1")
    )
    return {
        "empty": empty,
        "blank": blank,
        "binary": binary,
        "latin1": latin1,
        "missing": tmp_path / "no-such-review.txt",
    }


@pytest.mark.parametrize("case", ["empty", "blank", "binary", "latin1", "missing"])
def test_bad_review_files(tmp_path, store, case):
    before = triples(store)
    path = bad_files(tmp_path)[case]
    error = one_line_error(run_kg("extract", path))
    assert str(path.name) in error
    built = run_kg("build", path, "--store", store)
    one_line_error(built)
    assert triples(store) == before


def test_latin1_reads_with_an_explicit_encoding(tmp_path):
    path = bad_files(tmp_path)["latin1"]
    assert run_kg("extract", path, "--encoding", "latin-1").returncode == 0


def test_unparsable_sparql_names_line_and_column(store):
    before = triples(store)
    result = run_kg("query", "SELECT ?x WHERE { ?x ?y }", "--store", store)
    assert result.returncode == 3
    error, line, caret = result.stderr.decode().rstrip("\n").split("\n")  # the error, the line, a caret
    assert "Traceback" not in error and "at line 1, column " in error
    assert line == "     1 | SELECT ?x WHERE { ?x ?y }" and caret.endswith("^")
    assert triples(store) == before


def test_unreachable_url():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run_kg("extract", f"http://127.0.0.1:{port}/review.html", "--allow-private")
    assert "cannot connect" in one_line_error(result)
    assert result.returncode == 5


def test_other_url_schemes_are_refused():
    result = run_kg("extract", f"file://{SAMPLE}")
    assert "only http and https" in one_line_error(result)


@pytest.mark.parametrize("arguments, says", [
    ([], "required: COMMAND"),
    (["frob"], "invalid choice: 'frob'"),
    (["query"], "required: query"),
    (["build", "--jobs", "many", "reviews"], "invalid int value: 'many'"),
    (["export", "--format", "rdfxml-ish"], "invalid choice"),
])
def test_a_usage_mistake_is_one_line_naming_the_help(arguments, says):
    result = run_kg(*arguments)
    message = one_line_error(result)
    assert result.returncode == 2 and says in message and "--help" in message


def test_missing_store_for_query(tmp_path):
    result = run_kg("query", "SELECT * WHERE { ?s ?p ?o }", "--store", tmp_path / "nothing")
    assert "no store" in one_line_error(result)


def test_broken_shapes(tmp_path):
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    (shapes / "broken.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<a> sh:path [ .\n")
    result = run_kg("validate", SAMPLE, "--shapes", shapes)
    assert "cannot read the shapes" in one_line_error(result)


class _Page(http.server.BaseHTTPRequestHandler):
    body = (
        "<html><head><meta charset='windows-1252'><title>Harbor Lights review</title></head><body>"
        "<nav>Home | Reviews | About</nav><article><h1>Harbor Lights review</h1>"
        "<p>\u201cHarbor Lights,\u201d a film by Odile Marchetti with Tomas Verlaine and Ines Abara, "
        "is a quiet caf\u00e9 drama that lingers. The score by Hana Solberg is spare and fine.</p>"
        "<p>It runs for 97 minutes and is rated PG-13. Verlaine has never been better on screen, "
        "and the photography of the harbor at dusk is worth the ticket alone.</p></article></body></html>"
    )

    def do_GET(self):
        data = self.body.encode("windows-1252")
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_fetch_a_page_from_a_loopback_server_honouring_its_charset():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/harbor-lights.html"
        result = run_kg("extract", url, "-f", "nt", "--allow-private")
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert ("Odile Marchetti" in out and "caf\\u00E9" in out) or "café" in out


def test_a_file_over_the_limit_is_refused_by_its_size(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as out:  # a sparse 100 MB file: refused from its size, never read
        out.truncate(100 * 1024 * 1024)
    assert "byte limit" in one_line_error(run_kg("extract", huge))


def test_a_zip_archive_is_not_a_review(tmp_path):
    import zipfile

    archive = tmp_path / "review.txt"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("inside.txt", "hello")
    assert "zip archive" in one_line_error(run_kg("extract", archive))


def test_a_symlink_loop_is_not_followed(tmp_path):
    folder = tmp_path / "reviews"
    folder.mkdir()
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "sample.txt").write_bytes(SAMPLE.read_bytes())
    result = run_kg("build", folder, "--store", tmp_path / "store")
    assert result.returncode == 0 and b"1 stored" in result.stderr


def test_a_damaged_store_is_one_line(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    (store / "CURRENT").write_text("garbage\n")
    result = run_kg("query", "SELECT * WHERE { ?s ?p ?o }", "--store", store)
    assert "damaged" in one_line_error(result) and result.returncode == 4


def test_a_store_held_by_another_process(store):
    import subprocess
    import sys
    import time

    holder = subprocess.Popen([sys.executable, "-c", f"import pyoxigraph, time; s = pyoxigraph.Store({str(store)!r}); "
                               "print('ready', flush=True); time.sleep(30)"], stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == b"ready"
        before = time.monotonic()
        result = run_kg("build", SAMPLE, "--store", store, "--force")
        assert "in use by another kg process" in one_line_error(result) and result.returncode == 4
        assert time.monotonic() - before < 30  # fails fast, does not wait for the lock
    finally:
        holder.kill()
        holder.wait()
    assert triples(store) > 0


def test_a_review_over_the_time_limit_is_one_line():
    result = run_kg("extract", SAMPLE, "--time-limit", "0.001")
    assert result.returncode == 2 and "time limit" in one_line_error(result)


def test_a_page_whose_meta_charset_disagrees_with_its_bytes(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(
        "<html><head><meta charset='windows-1252'><title>Harbor Lights review</title></head><body><article>"
        "<p>\u201cHarbor Lights,\u201d a film by Odile Marchetti with Tomas Verlaine, is a quiet caf\u00e9 drama "
        "that lingers long after it ends, and the harbor at dusk is worth the ticket.</p></article></body></html>"
        .encode("utf-8"))  # UTF-8 bytes under a windows-1252 declaration
    result = run_kg("extract", page, "-f", "nt")
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert "Odile Marchetti" in out and "\\u00C3" not in out and "Ã" not in out  # no mojibake


def test_a_page_declaring_a_charset_python_does_not_know(tmp_path):
    page = tmp_path / "review.html"
    page.write_bytes(b'<html><head><meta charset="x-invented"><title>Glass River (1998)</title></head><body>'
                     b'<article><h1>Glass River (1998)</h1><p>"Glass River," a film by Odile Marchetti with Tomas '
                     b"Verlaine, is patient and kind, caf\xe9 and all, and trusts its audience to find its quiet "
                     b"pleasures without being told where to look.</p></article></body></html>")
    result = run_kg("extract", page, "-f", "nt")
    assert result.returncode == 0, result.stderr
    assert b"odile-marchetti" in result.stdout
    assert "unknown encoding 'x-nope'" in one_line_error(run_kg("extract", page, "--encoding", "x-nope"))


@pytest.mark.parametrize("markup", [
    "<html><body>" + "<div><span>" * 4000 + "\u201cHarbor Lights\u201d (2019) by Odile Marchetti",
    "<html><head><title>Harbor Lights (2019)</head><body><p>A film by <b>Odile <i>Marchetti</b></i><p><table><tr>"
    "<td>with Tomas Verlaine</div></span></html></html><script>alert(1)",
    "<<<>>><html <body =x>\x00\x01 \u201cHarbor Lights\u201d</",
])
def test_malformed_and_deeply_nested_html(tmp_path, markup):
    page = tmp_path / "page.html"
    page.write_text(markup, encoding="utf-8")
    result = run_kg("extract", page, "-f", "nt")
    if result.returncode != 0:
        assert result.returncode == 2 and one_line_error(result)
    else:
        assert b"schema.org/Review" in result.stdout


def test_a_review_in_another_language(tmp_path):
    review = tmp_path / "kritik.txt"
    review.write_text("Das stille Haus (2019)\nhttps://example.org/kritik\nEin ruhiger Film von Odile Marchetti, "
                      "mit Tomas Verlaine in der Hauptrolle. Die Musik ist sparsam, die Bilder sind kalt und klar. "
                      "Der Film dauert 97 Minuten.\n", encoding="utf-8")
    result = run_kg("extract", review, "-f", "nt")
    assert result.returncode == 0, result.stderr
    validated = run_kg("validate", review)
    assert validated.returncode == 0, validated.stdout  # what it states conforms; no English rule misfires


def test_a_folder_of_thousands_of_files_some_unreadable(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "good.txt").write_bytes(SAMPLE.read_bytes())
    for number in range(1500):
        (folder / f"empty-{number:04}.txt").write_bytes(b"")
    for number in range(5):
        (folder / f"dangling-{number}.txt").symlink_to(tmp_path / "nowhere" / f"{number}.txt")
    (folder / "folder.txt").mkdir()  # a folder named like a review
    os.mkfifo(folder / "pipe.txt")  # reading a named pipe waits for a writer: never opened
    store = tmp_path / "store"
    result = run_kg("build", folder, "--store", store, timeout=600)
    lines = result.stderr.decode().strip().splitlines()
    assert result.returncode == 2 and "Traceback" not in result.stderr.decode()
    assert sum("dangling" in line for line in lines) == 5
    assert any("pipe.txt: not a regular file" in line for line in lines)
    assert lines[-1].startswith("kg: 1507 review(s): 1 stored, 1506 failed")
    assert triples(store) > 0
    alone = run_kg("extract", folder / "pipe.txt", timeout=60)
    assert alone.returncode == 2 and "not a regular file" in one_line_error(alone)
