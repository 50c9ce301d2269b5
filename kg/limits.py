"""A per-document time limit, so that no input can hang a build or a fuzz run."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from kg.errors import InputError

DEFAULT_TIME_LIMIT = float(os.environ.get("KG_TIME_LIMIT", 120))


class TimeLimitExceeded(InputError):
    pass


@contextmanager
def time_limit(seconds: float | None, what: str) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block after `seconds` of wall time (SIGALRM: Unix main thread only;
    elsewhere, and with 0 or None, the block runs unlimited)."""
    in_main_thread = threading.current_thread() is threading.main_thread()
    usable = seconds and seconds > 0 and hasattr(signal, "setitimer") and in_main_thread
    if not usable:
        yield
        return

    def interrupt(signum, frame):
        raise TimeLimitExceeded(f"{what}: gave up after {seconds:g} s (the per-document time limit, --time-limit)")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
