"""A small, polite client of the Wikidata (MediaWiki Action) API.

Only `wbsearchentities` (candidates by label) and `wbgetentities` (their claims and labels) are
used, in the API's default JSON format. Every successful answer is cached on disk (kg.link.cache);
offline, a cache miss raises `Offline` and nothing is sent. Politeness, after Wikimedia's API
etiquette: one request at a time, a User-Agent naming kg and a contact, `maxlag=5`, and waiting
as told by Retry-After on 429/503 and on a `maxlag` error, a bounded number of times.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

import requests

from kg.errors import FetchError
from kg.link.cache import DEFAULT_CACHE, ResponseCache

WIKIDATA_API = "https://www.wikidata.org/w/api.php"
# Wikimedia asks for "<client>/<version> (<contact>) <library>/<version>"; set KG_CONTACT to yours.
CONTACT = os.environ.get("KG_CONTACT", "https://example.org/kg/contact")
USER_AGENT = f"kg/0.1.0 ({CONTACT}) python-requests/{requests.__version__}"
MAX_WAIT = 30.0  # seconds: a longer Retry-After ends the run instead of sleeping
ITEM_ID = re.compile(r"Q[1-9][0-9]{0,11}")


class Offline(Exception):
    """A request the cache cannot answer in offline mode."""


class ApiError(Exception):
    """The API answered with an error object (other than maxlag): this request is skipped."""


class WikidataClient:
    def __init__(self, endpoint: str = WIKIDATA_API, *, cache_dir: str | Path = DEFAULT_CACHE, offline: bool = False,
                 timeout: float = 20.0, retries: int = 3, sleep: Callable[[float], None] = time.sleep) -> None:
        self.endpoint, self.offline, self.timeout, self.retries = endpoint, offline, timeout, retries
        self.cache = ResponseCache(cache_dir)
        self.sleep = sleep
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.requests_sent = 0

    def search(self, text: str, limit: int = 7) -> list[dict]:
        """Items whose label or alias matches `text` (wbsearchentities hits: id, label, match)."""
        data = self.get({"action": "wbsearchentities", "search": text, "language": "en", "uselang": "en",
                         "type": "item", "limit": str(limit)})
        hits = data.get("search", [])
        return [hit for hit in hits if isinstance(hit, dict) and ITEM_ID.fullmatch(str(hit.get("id", "")))]

    def entities(self, ids: list[str], props: str = "claims|labels") -> dict[str, dict]:
        """Items by id (wbgetentities), English and multilingual (`mul`) labels only."""
        wanted = sorted({q for q in ids if ITEM_ID.fullmatch(q)})
        found: dict[str, dict] = {}
        for first in range(0, len(wanted), 50):  # the API's limit per request
            data = self.get({"action": "wbgetentities", "ids": "|".join(wanted[first:first + 50]),
                             "props": props, "languages": "en|mul"})
            found.update({q: item for q, item in data.get("entities", {}).items()
                          if isinstance(item, dict) and "missing" not in item and ITEM_ID.fullmatch(q)})
        return found

    def get(self, params: dict[str, str]) -> dict:
        params = {**params, "format": "json", "maxlag": "5"}
        cached = self.cache.get(self.endpoint, params)
        if cached is not None:
            return cached
        if self.offline:
            raise Offline(params.get("search") or params.get("ids"))
        data = self._fetch(params)
        self.cache.put(self.endpoint, params, data)
        return data

    def _fetch(self, params: dict[str, str]) -> dict:
        for attempt in range(self.retries + 1):
            response = self._send(params)
            wait = _wait_asked(response)
            if wait is None:
                break
            if attempt == self.retries or wait > MAX_WAIT:
                raise FetchError(f"{self.endpoint}: Wikidata asks this client to wait (HTTP {response.status_code}, "
                                 f"Retry-After {wait:g} s, {attempt + 1} attempts); try again later")
            self.sleep(wait)
        if response.status_code >= 400:
            raise FetchError(f"{self.endpoint}: HTTP {response.status_code} from Wikidata")
        data = _json(response)
        if not isinstance(data, dict):
            raise FetchError(f"{self.endpoint}: Wikidata's answer is not a JSON object")
        error = data.get("error")
        if error is not None:  # an API error comes with HTTP 200 and is never cached
            code, info = (error.get("code"), error.get("info")) if isinstance(error, dict) else ("error", error)
            raise ApiError(f"{code}: {' '.join(str(info).split())[:160]}")
        return data

    def _send(self, params: dict[str, str]) -> requests.Response:
        self.requests_sent += 1
        try:
            return self.session.get(self.endpoint, params=params, timeout=self.timeout)
        except requests.exceptions.Timeout:
            raise FetchError(f"{self.endpoint}: Wikidata gave no answer within {self.timeout:g} s") from None
        except requests.exceptions.RequestException as exc:
            reason = " ".join(str(exc).split())[:120]
            raise FetchError(f"{self.endpoint}: cannot reach Wikidata ({reason})") from None


def _json(response: requests.Response):
    try:
        return response.json()
    except ValueError:
        return None


def _wait_asked(response: requests.Response) -> float | None:
    """Seconds the server asks to wait (429, 503 or a maxlag error), or None."""
    if response.status_code in (429, 503) or (response.status_code == 200 and _is_maxlag(response)):
        return retry_after(response.headers.get("Retry-After"))
    return None


def _is_maxlag(response: requests.Response) -> bool:
    if response.headers.get("MediaWiki-API-Error") == "maxlag":
        return True
    data = _json(response) if "json" in response.headers.get("Content-Type", "") else None
    error = data.get("error") if isinstance(data, dict) else None
    return isinstance(error, dict) and error.get("code") == "maxlag"


def retry_after(value: str | None, default: float = 5.0) -> float:
    """Retry-After as seconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
