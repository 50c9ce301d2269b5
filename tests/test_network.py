"""URL input: only http(s), only public addresses (checked after DNS and at every redirect)."""

from __future__ import annotations

import http.server
import threading

import pytest

from kg.errors import FetchError
from kg.sources import fetch
from tests.conftest import one_line_error, run_kg


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/review.html", "http://localhost:8080/review", "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.7/r", "http://192.168.1.20/r", "http://172.16.5.5/r", "http://[::1]/r", "http://0.0.0.0/r",
    "http://224.0.0.1/r", "http://[fe80::1]/r", "http://[::ffff:127.0.0.1]/r", "http://100.64.0.1/r",
])
def test_private_and_special_addresses_are_refused_before_any_connection(url, monkeypatch):
    def no_connection(*args, **kwargs):
        raise AssertionError("kg tried to connect to a refused address")

    monkeypatch.setattr("requests.Session.get", no_connection)
    with pytest.raises(FetchError, match="refused"):
        fetch.fetch(url, max_bytes=1000)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/review.txt", "gopher://x/1"])
def test_other_schemes_are_refused(url):
    assert "only http and https" in one_line_error(run_kg("extract", url))


def test_the_cli_refuses_loopback_without_allow_private():
    error = one_line_error(run_kg("extract", "http://127.0.0.1:9/review.html"))
    assert "--allow-private" in error


class _Redirect(http.server.BaseHTTPRequestHandler):
    target = "http://169.254.169.254/latest/meta-data/"

    def do_GET(self):
        self.send_response(302)
        self.send_header("Location", self.target)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_redirect_to_a_private_address_is_refused(monkeypatch):
    """The first hop is allowed (the test treats loopback as public); the redirect is not."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    contacted = []
    real_get = fetch.requests.Session.get

    def watching_get(self, url, **kwargs):
        contacted.append(url)
        return real_get(self, url, **kwargs)

    monkeypatch.setattr(fetch, "is_public", lambda address: address == "127.0.0.1")
    monkeypatch.setattr(fetch.requests.Session, "get", watching_get)
    try:
        with pytest.raises(FetchError, match="refused"):
            fetch.fetch(f"http://127.0.0.1:{server.server_address[1]}/review", max_bytes=1000)
    finally:
        server.shutdown()
    assert contacted == [f"http://127.0.0.1:{server.server_address[1]}/review"]


def test_too_many_redirects(monkeypatch):
    _Redirect.target = "/again"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(FetchError, match="redirects"):
            fetch.fetch(f"http://127.0.0.1:{server.server_address[1]}/r", max_bytes=1000, allow_private=True)
    finally:
        server.shutdown()
        _Redirect.target = "http://169.254.169.254/latest/meta-data/"


def test_public_addresses_pass_the_check():
    assert fetch.is_public("93.184.216.34") and fetch.is_public("2606:2800:220:1:248:1893:25c8:1946")
    assert not fetch.is_public("::ffff:10.0.0.1")


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"Served by {self.server.label}; Host {self.headers['Host']}.\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode())
        self.server.hits.append(self.path)

    def log_message(self, *args):
        pass


def _serve(address: str, port: int, label: str) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer((address, port), _Page)
    server.label, server.hits = label, []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_dns_rebinding_cannot_swap_in_a_private_address(monkeypatch):
    """The name resolves to a 'public' address when checked and to a private one afterwards (a
    rebinding attack): kg connects to the address it checked, never resolving the name again."""
    import socket

    decoy = _serve("127.0.0.2", 0, "the checked address")
    port = decoy.server_address[1]
    try:
        private = _serve("127.0.0.1", port, "the private address")
    except OSError:
        decoy.shutdown()
        pytest.skip("the port is taken on 127.0.0.1")
    answers = iter(["127.0.0.2"])
    real_getaddrinfo = socket.getaddrinfo

    def rebinding_getaddrinfo(host, *args, **kwargs):
        if host == "reviews.rebind.test":
            address = next(answers, "127.0.0.1")  # first answer checked, every later one private
            return real_getaddrinfo(address, *args, **kwargs)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)
    monkeypatch.setattr(fetch, "is_public", lambda address: address == "127.0.0.2")
    try:
        page = fetch.fetch(f"http://reviews.rebind.test:{port}/r", max_bytes=10_000)
    finally:
        decoy.shutdown()
        private.shutdown()
    assert b"the checked address" in page.content
    assert f"Host reviews.rebind.test:{port}".encode() in page.content  # the server sees the real host name
    assert private.hits == [] and decoy.hits == ["/r"]
