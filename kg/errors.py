"""Errors a user can act on: each carries a one-line message and an exit status."""

from __future__ import annotations

# Exit statuses, documented in the README.
EXIT_OK = 0
EXIT_INVALID = 1  # the graph does not conform to the shapes
EXIT_INPUT = 2  # the input could not be read or holds no review
EXIT_QUERY = 3  # the SPARQL query or the shapes could not be parsed
EXIT_STORE = 4  # the store could not be opened or written
EXIT_NETWORK = 5  # a URL could not be fetched


class KgError(Exception):
    """An error reported to the user as one line on stderr, never as a traceback."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class InputError(KgError):
    exit_code = EXIT_INPUT


class QuerySyntaxError(KgError):
    exit_code = EXIT_QUERY


class StoreError(KgError):
    exit_code = EXIT_STORE


class FetchError(KgError):
    exit_code = EXIT_NETWORK
