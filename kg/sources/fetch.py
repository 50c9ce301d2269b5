"""Fetch a review page over http(s): only public addresses, few redirects, a byte cap and a deadline.

URLs come from users and from pages (redirects), so each hop is checked after DNS resolution:
loopback, private, link-local (cloud metadata at 169.254.169.254), multicast, reserved and
unspecified addresses are refused unless the user allows private ones (`--allow-private`).
Redirects are followed by hand so that every hop is checked before it is contacted, and each
connection goes to the very address that was checked (the host name is not resolved a second time,
so DNS rebinding cannot swap in a private address between the check and the request).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlparse, urlunparse

import requests
from requests.adapters import HTTPAdapter

from kg.errors import FetchError
from kg.settings import USER_AGENT

MAX_REDIRECTS = 5
FETCH_TIMEOUT = 20.0


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


def check_url(url: str, allow_private: bool) -> str | None:
    """Refuse a URL kg must not contact: another scheme, or a host that is not public. Returns the
    checked address to connect to (None when private addresses are allowed: no check, no pin)."""
    parsed = urlparse(url)
    scheme = parsed.scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchError(f"{url}: only http and https URLs are fetched, not {scheme}:")
    if not parsed.hostname:
        raise FetchError(f"{url}: no host in the URL")
    if allow_private:
        return None
    port = parsed.port or (443 if scheme == "https" else 80)
    found = addresses(parsed.hostname, port)
    for address in found:
        if not is_public(address):
            raise FetchError(
                f"{url}: refused, {parsed.hostname} is a private, loopback or link-local address ({address}); "
                "pass --allow-private to fetch it"
            )
    return found[0]


class PinnedAdapter(HTTPAdapter):
    """Connects to a checked IP address while TLS still verifies the certificate for the host name."""

    def __init__(self, hostname: str) -> None:
        self._hostname = hostname
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs) -> None:
        # SSL-only keywords: urllib3 drops them for plain-http pools.
        kwargs["server_hostname"] = self._hostname
        kwargs["assert_hostname"] = self._hostname
        super().init_poolmanager(*args, **kwargs)


def pinned_request(url: str, address: str | None) -> tuple[str, dict[str, str], requests.Session]:
    """The URL to request, its headers and a session: to the checked address when there is one."""
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment: the checked host is the one contacted
    headers = {"User-Agent": USER_AGENT}
    if address is None:
        return url, headers, session
    parsed = urlparse(url)
    host = f"[{address}]" if ":" in address else address
    netloc = f"{host}:{parsed.port}" if parsed.port else host
    headers["Host"] = parsed.netloc.rsplit("@", 1)[-1]
    session.mount(f"{parsed.scheme}://", PinnedAdapter(parsed.hostname or ""))
    return urlunparse(parsed._replace(netloc=netloc)), headers, session


def fetch(url: str, *, max_bytes: int, timeout: float = FETCH_TIMEOUT, allow_private: bool = False) -> Page:
    """GET a page within `timeout` seconds in all (connection, redirects and body together)."""
    deadline = time.monotonic() + timeout
    current = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            address = check_url(current, allow_private)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise requests.exceptions.Timeout()
            target, headers, session = pinned_request(current, address)
            with session, session.get(target, stream=True, timeout=remaining, allow_redirects=False,
                                      headers=headers) as response:
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
