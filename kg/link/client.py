"""A small, polite client of the Wikidata (MediaWiki Action) API, with an on-disk cache.

Only `wbsearchentities` (candidates by label) and `wbgetentities` (their claims and labels) are
used. Every response is cached under a hash of its request, so a second run, or an `--offline`
one, asks nothing of the network. It sends a User-Agent naming kg and `maxlag`, and waits as
told on 429 (Retry-After) and on a `maxlag` error.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import requests

from kg.errors import FetchError
from kg.sources import USER_AGENT

WIKIDATA_API = "https://www.wikidata.org/w/api.php"
DEFAULT_CACHE = Path.home() / ".cache" / "kg" / "wikidata"
MAX_WAIT = 30.0  # seconds: a longer Retry-After ends the run instead


class Offline(Exception):
    """A request the cache cannot answer in offline mode."""


class WikidataClient:
    def __init__(self, endpoint: str = WIKIDATA_API, *, cache_dir: Path = DEFAULT_CACHE, offline: bool = False,
                 timeout: float = 20.0, retries: int = 3) -> None:
        self.endpoint, self.cache_dir, self.offline = endpoint, Path(cache_dir), offline
        self.timeout, self.retries = timeout, retries
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.requests_sent = 0

    def search(self, label: str, limit: int = 7) -> list[dict]:
        data = self._get({"action": "wbsearchentities", "search": label, "language": "en", "uselang": "en",
                          "type": "item", "limit": str(limit)})
        return data.get("search", [])

    def entities(self, ids: list[str]) -> dict[str, dict]:
        found: dict[str, dict] = {}
        for first in range(0, len(ids), 50):  # the API's limit per request
            batch = sorted(set(ids[first:first + 50]))
            data = self._get({"action": "wbgetentities", "ids": "|".join(batch), "props": "claims|labels",
                              "languages": "en"})
            found.update(data.get("entities", {}))
        return found

    def _get(self, params: dict[str, str]) -> dict:
        params = {**params, "format": "json", "maxlag": "5"}
        key = hashlib.sha256(json.dumps([self.endpoint, sorted(params.items())]).encode()).hexdigest()
        cached = self.cache_dir / key[:2] / f"{key}.json"
        if cached.exists():
            return json.loads(cached.read_text(encoding="utf-8"))
        if self.offline:
            raise Offline(params.get("search") or params.get("ids"))
        data = self._fetch(params)
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        partial.write_text(json.dumps(data), encoding="utf-8")
        partial.replace(cached)
        return data

    def _fetch(self, params: dict[str, str]) -> dict:
        for attempt in range(self.retries + 1):
            try:
                self.requests_sent += 1
                response = self.session.get(self.endpoint, params=params, timeout=self.timeout)
            except requests.exceptions.Timeout:
                raise FetchError(f"{self.endpoint}: Wikidata gave no answer within {self.timeout:g} s") from None
            except requests.exceptions.RequestException as exc:
                reason = " ".join(str(exc).split())[:120]
                raise FetchError(f"{self.endpoint}: cannot reach Wikidata ({reason})") from None
            wait = _wait_asked(response)
            if wait is not None and attempt < self.retries:
                if wait > MAX_WAIT:
                    break
                time.sleep(wait)
                continue
            if response.status_code >= 400:
                raise FetchError(f"{self.endpoint}: HTTP {response.status_code} from Wikidata")
            try:
                return response.json()
            except ValueError:
                raise FetchError(f"{self.endpoint}: Wikidata's answer is not JSON") from None
        raise FetchError(f"{self.endpoint}: Wikidata is rate limiting this client; try again later")


def _wait_asked(response: requests.Response) -> float | None:
    """Seconds the server asks to wait (429 or a maxlag error), or None."""
    if response.status_code == 429 or response.status_code == 503:
        try:
            return max(0.0, float(response.headers.get("Retry-After", "5")))
        except ValueError:
            return 5.0
    if response.headers.get("Content-Type", "").startswith("application/json"):
        try:
            error = response.json().get("error", {})
        except ValueError:
            return None
        if isinstance(error, dict) and error.get("code") == "maxlag":
            return float(response.headers.get("Retry-After", "5"))
    return None
