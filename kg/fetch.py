"""Fetch a review page over http(s): only public addresses, few redirects, a byte cap and a deadline.

URLs come from users and from pages (redirects), so each hop is checked after DNS resolution:
loopback, private, link-local (cloud metadata at 169.254.169.254), multicast, reserved and
unspecified addresses are refused unless the user allows private ones (`--allow-private`).
Redirects are followed by hand so that every hop is checked before it is contacted.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlparse

import requests

from kg.errors import FetchError
from kg.sources import FETCH_TIMEOUT, USER_AGENT

MAX_REDIRECTS = 5


@dataclass
class Page:
    url: str
    content: bytes
    encoding: str | None
    is_html: bool


def addresses(host: str, port: int) -> list[str]:
    """The IP addresses a host name resolves to (a literal address resolves to itself)."""
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)})
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host} ({exc.args[-1] if exc.args else exc})") from None


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def check_url(url: str, allow_private: bool) -> None:
    """Refuse a URL kg must not contact: another scheme, or a host that is not public."""
    parsed = urlparse(url)
    scheme = parsed.scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchError(f"{url}: only http and https URLs are fetched, not {scheme}:")
    if not parsed.hostname:
        raise FetchError(f"{url}: no host in the URL")
    if allow_private:
        return
    port = parsed.port or (443 if scheme == "https" else 80)
    for address in addresses(parsed.hostname, port):
        if not is_public(address):
            raise FetchError(
                f"{url}: refused, {parsed.hostname} is a private, loopback or link-local address ({address}); "
                "pass --allow-private to fetch it"
            )


def fetch(url: str, *, max_bytes: int, timeout: float = FETCH_TIMEOUT, allow_private: bool = False) -> Page:
    """GET a page within `timeout` seconds in all (connection, redirects and body together)."""
    deadline = time.monotonic() + timeout
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment: the checked host is the one contacted
    current = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            check_url(current, allow_private)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise requests.exceptions.Timeout()
            with session.get(current, stream=True, timeout=remaining, allow_redirects=False,
                             headers={"User-Agent": USER_AGENT}) as response:
                if response.is_redirect:
                    current = urljoin(current, response.headers.get("Location", ""))
                    continue
                if response.status_code >= 400:
                    raise FetchError(f"{url}: HTTP {response.status_code} {response.reason}")
                content = _read_body(response, url, max_bytes, deadline)
                content_type = response.headers.get("Content-Type", "")
                # requests guesses ISO-8859-1 for text/* without a charset; only a declared one counts.
                declared = response.encoding if "charset=" in content_type.lower() else None
                return Page(current, content, declared, "html" in content_type.lower())
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")
    except requests.exceptions.Timeout:
        raise FetchError(f"{url}: no answer within {timeout:g} s") from None
    except requests.exceptions.ConnectionError as exc:
        reason = str(exc.args[0]) if exc.args else "connection failed"
        raise FetchError(f"{url}: cannot connect ({_short(reason)})") from None
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"{url}: {_short(str(exc))}") from None


def _read_body(response: requests.Response, url: str, max_bytes: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    received = 0
    for chunk in response.iter_content(64 * 1024):
        received += len(chunk)
        if received > max_bytes:
            raise FetchError(f"{url}: page larger than the {max_bytes:,}-byte limit")
        if time.monotonic() > deadline:
            raise requests.exceptions.Timeout()
        chunks.append(chunk)
    return b"".join(chunks)


def _short(reason: str) -> str:
    for marker in ("Name or service not known", "Connection refused", "No route to host",
                   "Temporary failure in name resolution", "timed out"):
        if marker in reason:
            return marker
    return reason.splitlines()[0][:120]
