"""Fetch a review page over http(s) with a timeout, a size cap and the declared charset."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

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


def fetch(url: str, *, max_bytes: int, timeout: float = FETCH_TIMEOUT) -> Page:
    scheme = urlparse(url).scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchError(f"{url}: only http and https URLs are fetched, not {scheme}:")
    session = requests.Session()
    session.max_redirects = MAX_REDIRECTS
    try:
        with session.get(url, stream=True, timeout=timeout, headers={"User-Agent": USER_AGENT}) as response:
            if response.status_code >= 400:
                raise FetchError(f"{url}: HTTP {response.status_code} {response.reason}")
            chunks: list[bytes] = []
            received = 0
            for chunk in response.iter_content(64 * 1024):
                received += len(chunk)
                if received > max_bytes:
                    raise FetchError(f"{url}: page larger than the {max_bytes:,}-byte limit")
                chunks.append(chunk)
            content_type = response.headers.get("Content-Type", "")
            # requests guesses ISO-8859-1 for text/* without a charset; only a declared one counts.
            declared = response.encoding if "charset=" in content_type.lower() else None
            return Page(response.url, b"".join(chunks), declared, "html" in content_type.lower())
    except requests.exceptions.TooManyRedirects:
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects") from None
    except requests.exceptions.Timeout:
        raise FetchError(f"{url}: no answer within {timeout:g} s") from None
    except requests.exceptions.ConnectionError as exc:
        reason = str(exc.args[0]) if exc.args else "connection failed"
        raise FetchError(f"{url}: cannot connect ({_short(reason)})") from None
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"{url}: {_short(str(exc))}") from None


def _short(reason: str) -> str:
    for marker in (
        "Name or service not known",
        "Connection refused",
        "No route to host",
        "Temporary failure in name resolution",
        "timed out",
    ):
        if marker in reason:
            return marker
    return reason.splitlines()[0][:120]
