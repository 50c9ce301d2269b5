"""An on-disk cache of Wikidata API answers, one JSON file per request.

A request is keyed by the SHA-256 of its endpoint and sorted parameters, so a second run (or an
`--offline` one) finds the same answer without the network. Files are written atomically; a file
that cannot be read is a miss. Only successful answers are stored (kg.link.client decides).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg" / "wikidata"


class ResponseCache:
    def __init__(self, directory: str | Path = DEFAULT_CACHE) -> None:
        self.directory = Path(directory)

    @staticmethod
    def key(endpoint: str, params: dict[str, str]) -> str:
        return hashlib.sha256(json.dumps([endpoint, sorted(params.items())]).encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, endpoint: str, params: dict[str, str]) -> dict | None:
        try:
            data = json.loads(self._path(self.key(endpoint, params)).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def put(self, endpoint: str, params: dict[str, str], data: dict) -> None:
        path = self._path(self.key(endpoint, params))
        path.parent.mkdir(parents=True, exist_ok=True)
        # A unique temporary name, so two kg processes sharing the cache never mix their writes.
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".partial")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(data, file)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
